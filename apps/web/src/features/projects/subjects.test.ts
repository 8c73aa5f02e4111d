import { describe, expect, it } from 'vitest';
import { expiryFromInput, parseSubjects } from './subjects.js';

describe('invite form parsing', () => {
  it('reads users and groups separated by commas or lines, once each', () => {
    expect(parseSubjects('joe, carol@example.com\n joe ,', 'sre\n\nqa')).toEqual([
      { kind: 'User', name: 'joe' },
      { kind: 'User', name: 'carol@example.com' },
      { kind: 'Group', name: 'sre' },
      { kind: 'Group', name: 'qa' },
    ]);
    expect(parseSubjects(' , ', '')).toEqual([]);
  });

  it('turns a local expiry into an instant and ignores an empty one', () => {
    expect(expiryFromInput('')).toBeUndefined();
    expect(expiryFromInput('2030-01-02T03:04')).toBe(new Date('2030-01-02T03:04').toISOString());
    expect(expiryFromInput('not a date')).toBeUndefined();
  });
});
