// One line diff for every before/after view (the audit log's RBAC changes, the import dry run):
// jsdiff's Myers diff on lines of two texts, and the lines drawn with +/− marks and colours.
import { diffLines } from 'diff';

export interface DiffLine {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

/** The lines of `before` and `after` as same / removed / added, in order. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    for (const text of part.value.replace(/\n$/, '').split('\n')) out.push({ kind, text });
  }
  return out;
}

/** The diff's lines, for inside a <pre>; `data-diff` names each line's kind for tests and styles. */
export function DiffLines({ lines }: { lines: readonly DiffLine[] }) {
  return lines.map((l, i) => (
    <div
      key={i}
      data-diff={l.kind}
      className={
        l.kind === 'added'
          ? 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300'
          : l.kind === 'removed'
            ? 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300'
            : ''
      }
    >
      {l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '− ' : '  '}
      {l.text}
    </div>
  ));
}
