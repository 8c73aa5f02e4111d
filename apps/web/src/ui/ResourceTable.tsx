import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { rectOrFallback } from './virtual.js';

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Present when the column sorts; the value compared. */
  sortValue?: (row: T) => string | number;
  className?: string;
}

const ROW_HEIGHT = 41;
// One collator for every comparison: String#localeCompare builds its ICU collator per call, which
// dominates sorting thousands of rows.
const collator = new Intl.Collator();
const OVERSCAN = 15;
const observeRect = rectOrFallback({ width: 1200, height: 800 });

/**
 * A table that renders only the rows in view, so ten thousand objects scroll smoothly.
 * It stays a real <table> (spacer rows above and below) so screen readers read it as one.
 */
export function ResourceTable<T>({
  rows,
  columns,
  rowKey,
  label,
  empty,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  label: string;
  empty: ReactNode;
}) {
  const [sort, setSort] = useState<{ id: string; desc: boolean } | null>({
    id: columns[0]?.id ?? '',
    desc: false,
  });
  const sorted = useMemo(() => {
    const col = columns.find((c) => c.id === sort?.id);
    if (!col?.sortValue || !sort) return rows;
    const value = col.sortValue;
    const dir = sort.desc ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      return (
        (typeof x === 'number' && typeof y === 'number'
          ? x - y
          : collator.compare(String(x), String(y))) * dir
      );
    });
  }, [rows, columns, sort]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // Rows are a fixed height, so the virtualizer needs no measuring.
  // eslint-disable-next-line react-hooks/incompatible-library -- the app is not built with React Compiler; nothing memoizes the virtualizer's functions
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    observeElementRect: observeRect,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  return (
    <div ref={scrollRef} className="max-h-[calc(100vh-15rem)] overflow-auto">
      <table
        className="w-full table-fixed border-collapse text-sm"
        aria-label={label}
        aria-rowcount={sorted.length + 1}
      >
        <thead className="sticky top-0 z-10 bg-slate-50 dark:bg-slate-800/95">
          <tr>
            {columns.map((c) => {
              const active = sort?.id === c.id;
              return (
                <th
                  key={c.id}
                  scope="col"
                  aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : undefined}
                  className={`border-b border-slate-200 px-4 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:border-slate-700 dark:text-slate-300 ${c.className ?? ''}`}
                >
                  {c.sortValue ? (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-white"
                      onClick={() => setSort({ id: c.id, desc: active ? !sort.desc : false })}
                    >
                      {c.header}
                      <span aria-hidden="true" className="text-slate-400">
                        {active ? (sort.desc ? '▼' : '▲') : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
          {items.map((item) => {
            const row = sorted[item.index] as T;
            return (
              <tr
                key={rowKey(row)}
                aria-rowindex={item.index + 2}
                style={{ height: ROW_HEIGHT }}
                className="border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/60"
              >
                {columns.map((c) => (
                  <td key={c.id} className={`truncate px-4 py-2 ${c.className ?? ''}`}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
          {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
        </tbody>
      </table>
      {sorted.length === 0 && empty}
    </div>
  );
}
