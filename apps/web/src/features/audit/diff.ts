import { diffLines } from 'diff';
import { stringify } from 'yaml';
import type { ObjectSnapshot } from './api.js';

export interface DiffLine {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

/** What a snapshot reads as in YAML, without the bookkeeping a reader does not compare. */
function yamlOf(s: ObjectSnapshot | null | undefined): string {
  if (!s) return '';
  const { resourceVersion: _rv, ...rest } = s;
  return stringify(rest, { lineWidth: 0 });
}

/** A line diff of the object before and after, in YAML (jsdiff's Myers diff on lines). */
export function snapshotDiff(
  before: ObjectSnapshot | null | undefined,
  after: ObjectSnapshot | null | undefined,
): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(yamlOf(before), yamlOf(after))) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    for (const text of part.value.replace(/\n$/, '').split('\n')) out.push({ kind, text });
  }
  return out;
}
