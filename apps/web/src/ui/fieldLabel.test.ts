import { describe, expect, it } from 'vitest';
import { fieldLabel } from './fieldLabel.js';

describe('fieldLabel', () => {
  it('names fields as the forms do', () => {
    expect(fieldLabel('rules[0].verbs')).toBe('Rule 1 › Verbs');
    expect(fieldLabel('rules[2].nonResourceURLs[1]')).toBe('Rule 3 › Non-resource URLs 2');
    expect(fieldLabel('metadata.name')).toBe('Name');
    expect(fieldLabel('subjects[1].namespace')).toBe('Subject 2 › Namespace');
    expect(fieldLabel('roleRef.name')).toBe('Role › Name');
    expect(fieldLabel('aggregationRule.clusterRoleSelectors[0].matchExpressions[1].key')).toBe(
      'Aggregation › Selector 1 › Match expression 2 › Key',
    );
  });

  it('keeps names it does not know', () => {
    expect(fieldLabel('spec.somethingNew')).toBe('spec › somethingNew');
    expect(fieldLabel('')).toBe('');
  });
});
