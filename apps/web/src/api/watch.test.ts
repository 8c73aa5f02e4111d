import { describe, expect, it } from 'vitest';
import { applyWatchEvent, parseWatchLine } from './watch.js';

const line = (type: string, name: string, rv: string) =>
  JSON.stringify({
    type,
    object: { kind: 'ClusterRole', metadata: { name, resourceVersion: rv }, rules: [] },
  });

describe('watch events', () => {
  it('adds, replaces and removes objects in a cached list, keeping the list resourceVersion', () => {
    let list = { items: [], resourceVersion: '10' } as Parameters<typeof applyWatchEvent>[0];
    for (const l of [
      line('ADDED', 'a', '11'),
      line('ADDED', 'b', '12'),
      line('MODIFIED', 'a', '13'),
      line('DELETED', 'b', '14'),
    ]) {
      const event = parseWatchLine(l, false);
      if (event) list = applyWatchEvent(list, event);
    }
    expect(list.items.map((i) => `${i.metadata.name}@${i.metadata.resourceVersion}`)).toEqual([
      'a@13',
    ]);
    expect(list.resourceVersion).toBe('10');
  });

  it('ignores garbage and reports ERROR events', () => {
    expect(parseWatchLine('not json', false)).toBeNull();
    expect(
      parseWatchLine(
        JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410 } }),
        false,
      ),
    ).toEqual({ type: 'ERROR' });
  });
});
