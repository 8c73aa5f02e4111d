import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelFilter } from './labelFilter.js';

describe('label filter', () => {
  const labels = { 'kubernetes.io/bootstrapping': 'rbac-defaults', team: 'payments' };
  it('supports =, ==, !=, exists and !exists', () => {
    expect(matchesLabels(labels, parseLabelFilter('team=payments'))).toBe(true);
    expect(matchesLabels(labels, parseLabelFilter('team==payments'))).toBe(true);
    expect(matchesLabels(labels, parseLabelFilter('team!=payments'))).toBe(false);
    expect(matchesLabels(labels, parseLabelFilter('kubernetes.io/bootstrapping'))).toBe(true);
    expect(matchesLabels(labels, parseLabelFilter('!kubernetes.io/bootstrapping'))).toBe(false);
    expect(matchesLabels(undefined, parseLabelFilter('!team, other!=x'))).toBe(true);
  });
  it('requires every term', () => {
    expect(matchesLabels(labels, parseLabelFilter('team=payments, env=prod'))).toBe(false);
  });
});
