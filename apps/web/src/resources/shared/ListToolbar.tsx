import type { ReactNode } from 'react';

const input =
  'w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm placeholder:text-slate-400 dark:border-slate-600 dark:bg-slate-900';

export function ListToolbar({
  search,
  onSearch,
  labels,
  onLabels,
  shown,
  total,
  noun,
  extra,
}: {
  search: string;
  onSearch: (v: string) => void;
  labels: string;
  onLabels: (v: string) => void;
  shown: number;
  total: number;
  noun: string;
  extra?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
      <label className="w-64 text-xs font-medium text-slate-600 dark:text-slate-400">
        Search by name
        <input
          type="search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          placeholder="Filter by name…"
          className={`mt-1 ${input}`}
        />
      </label>
      <label className="w-72 text-xs font-medium text-slate-600 dark:text-slate-400">
        Label filter
        <input
          type="search"
          value={labels}
          onChange={(e) => onLabels(e.target.value)}
          placeholder="e.g. app=payments, !kubernetes.io/bootstrapping"
          className={`mt-1 font-mono ${input}`}
        />
      </label>
      {extra}
      <p className="ml-auto pb-1.5 text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
        {shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`}
      </p>
    </div>
  );
}
