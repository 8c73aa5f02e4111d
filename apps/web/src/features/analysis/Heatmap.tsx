import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { rectOrFallback } from '../../ui/virtual.js';
import type { AccessMatrix } from './api.js';
import { cellVerbs, popcount, rowOf, type MatrixView } from './matrixModel.js';

const ROW = 28;
const COL = 34;
const ROW_HEADER = 230;
const COL_HEADER = 130;
const observeRect = rectOrFallback({ width: 1200, height: 600 });

/** Darker = more verbs allowed. */
function shade(count: number, total: number): string {
  if (count === 0) return 'bg-slate-50 dark:bg-slate-900';
  const level = Math.ceil((count / total) * 4);
  return (
    [
      '',
      'bg-indigo-200 dark:bg-indigo-900',
      'bg-indigo-300 dark:bg-indigo-800',
      'bg-indigo-500 dark:bg-indigo-600',
      'bg-indigo-700 dark:bg-indigo-400',
    ][level] ?? ''
  );
}

export interface SelectedCell {
  scope: string;
  column: number;
}

/**
 * Namespaces × resource types, drawn only where the viewport is (both axes virtualized), so ten
 * thousand namespaces and hundreds of types scroll like a small table.
 */
export function Heatmap({
  matrix,
  view,
  onSelect,
}: {
  matrix: AccessMatrix;
  view: MatrixView;
  onSelect: (cell: SelectedCell) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Cells are a fixed size; one virtualizer per axis over the same scroller, each starting after
  // the sticky header of its axis.
  // eslint-disable-next-line react-hooks/incompatible-library -- the app is not built with React Compiler; nothing memoizes the virtualizer's functions
  const rowAxis = useVirtualizer({
    count: view.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    paddingStart: COL_HEADER,
    overscan: 8,
    observeElementRect: observeRect,
  });
  const colAxis = useVirtualizer({
    horizontal: true,
    count: view.columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => COL,
    paddingStart: ROW_HEADER,
    overscan: 6,
    observeElementRect: observeRect,
  });
  const rows = rowAxis.getVirtualItems();
  const cols = colAxis.getVirtualItems();
  const total = popcount(view.verbMask);
  const width = colAxis.getTotalSize();
  const height = rowAxis.getTotalSize();
  return (
    <div
      ref={scrollRef}
      className="relative h-[65vh] overflow-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950"
      role="grid"
      aria-label="Access matrix"
      aria-rowcount={view.rows.length + 1}
      aria-colcount={view.columns.length + 1}
    >
      <div style={{ width, height }} className="relative">
        <div
          role="row"
          aria-rowindex={1}
          className="sticky top-0 z-20 bg-white dark:bg-slate-950"
          style={{ height: COL_HEADER, width }}
        >
          <div
            role="columnheader"
            className="sticky left-0 z-30 flex h-full items-end bg-white p-2 text-xs font-semibold text-slate-500 dark:bg-slate-950"
            style={{ width: ROW_HEADER }}
          >
            Namespace \ resource
          </div>
          {cols.map((c) => {
            const t = matrix.resources[view.columns[c.index] ?? -1];
            return (
              <div
                key={c.index}
                role="columnheader"
                aria-colindex={c.index + 2}
                title={t ? `${t.resource}${t.apiGroup ? `.${t.apiGroup}` : ''}` : ''}
                className="absolute bottom-0 flex justify-center text-xs text-slate-700 dark:text-slate-300"
                style={{ left: c.start, width: c.size, height: COL_HEADER }}
              >
                <span className="truncate py-1 [writing-mode:vertical-rl] rotate-180">
                  {t?.resource}
                  {t?.apiGroup ? <span className="text-slate-400">.{t.apiGroup}</span> : null}
                </span>
              </div>
            );
          })}
        </div>
        {rows.map((r) => {
          const row = view.rows[r.index];
          if (!row) return null;
          const masks = rowOf(matrix, row.scope);
          return (
            <div
              key={r.index}
              role="row"
              aria-rowindex={r.index + 2}
              className="absolute left-0"
              style={{ top: r.start, height: r.size, width }}
            >
              <div
                role="rowheader"
                className={`sticky left-0 z-10 flex h-full items-center gap-1 truncate border-b border-slate-100 bg-white px-2 text-xs dark:border-slate-800 dark:bg-slate-950 ${row.scope === '' ? 'font-semibold' : ''}`}
                style={{ width: ROW_HEADER }}
              >
                <span className="truncate font-mono">{row.label}</span>
                {row.ownGrants && (
                  <span className="rounded bg-indigo-50 px-1 text-[10px] text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
                    RoleBindings
                  </span>
                )}
              </div>
              {cols.map((c) => {
                const column = view.columns[c.index] ?? -1;
                const t = matrix.resources[column];
                const applies = row.scope === '' || t?.namespaced === true;
                const count = applies ? popcount((masks[column] ?? 0) & view.verbMask) : 0;
                const verbs = applies ? (cellVerbs(matrix, row.scope, column) ?? []) : [];
                const label = `${row.scope || 'cluster scope'}, ${t?.resource ?? ''}${t?.apiGroup ? `.${t.apiGroup}` : ''}: ${applies ? (verbs.length ? verbs.join(', ') : 'no access') : 'not namespaced'}`;
                return (
                  <button
                    key={c.index}
                    type="button"
                    role="gridcell"
                    aria-colindex={c.index + 2}
                    aria-label={label}
                    title={label}
                    onClick={() => onSelect({ scope: row.scope, column })}
                    className={`absolute top-0 border-r border-b border-white dark:border-slate-950 ${applies ? shade(count, total) : 'bg-[repeating-linear-gradient(45deg,transparent,transparent_3px,rgba(148,163,184,0.25)_3px,rgba(148,163,184,0.25)_5px)]'}`}
                    style={{ left: c.start, width: c.size, height: r.size }}
                  />
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
