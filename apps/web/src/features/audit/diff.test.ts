import { describe, expect, it } from 'vitest';
import { snapshotDiff } from './diff.js';

describe('snapshotDiff', () => {
  const role = (verbs: string[]) => ({
    kind: 'Role',
    name: 'r',
    namespace: 'payments',
    resourceVersion: String(verbs.length),
    rules: [{ apiGroups: [''], resources: ['pods'], verbs }],
  });

  it('marks only the lines that changed, ignoring the resourceVersion', () => {
    const d = snapshotDiff(role(['get']), role(['get', 'list']));
    expect(d.filter((l) => l.kind === 'added').map((l) => l.text.trim())).toEqual(['- list']);
    expect(d.filter((l) => l.kind === 'removed')).toEqual([]);
    expect(d.some((l) => l.text.includes('resourceVersion'))).toBe(false);
  });

  it('shows a create as all added and a delete as all removed', () => {
    expect(snapshotDiff(null, role(['get'])).every((l) => l.kind === 'added')).toBe(true);
    expect(snapshotDiff(role(['get']), null).every((l) => l.kind === 'removed')).toBe(true);
  });
});
