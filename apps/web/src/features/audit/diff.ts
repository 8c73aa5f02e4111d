import { stringify } from 'yaml';
import type { ObjectSnapshot } from './api.js';

import { lineDiff, type DiffLine } from '../../ui/LineDiff.js';

export type { DiffLine };

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
  return lineDiff(yamlOf(before), yamlOf(after));
}
