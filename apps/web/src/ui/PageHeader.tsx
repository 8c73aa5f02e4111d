import type { ReactNode } from 'react';
import { Link } from 'react-router';

export interface Crumb {
  label: string;
  to?: string;
}

export function PageHeader({
  title,
  crumbs = [],
  badges,
  actions,
  description,
}: {
  title: string;
  crumbs?: Crumb[];
  badges?: ReactNode;
  actions?: ReactNode;
  description?: ReactNode;
}) {
  return (
    <header className="border-b border-slate-200 bg-white px-6 pt-4 pb-4 dark:border-slate-800 dark:bg-slate-900">
      {crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="mb-1 text-xs text-slate-500 dark:text-slate-400">
          <ol className="flex flex-wrap items-center gap-1">
            {crumbs.map((c, i) => (
              <li key={`${c.label}-${i}`} className="flex items-center gap-1">
                {i > 0 && <span aria-hidden="true">/</span>}
                {c.to ? (
                  <Link className="hover:text-brand-600 hover:underline" to={c.to}>
                    {c.label}
                  </Link>
                ) : (
                  <span>{c.label}</span>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <h1 className="truncate text-xl font-semibold tracking-tight">{title}</h1>
          {badges}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      {description && (
        <div className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</div>
      )}
    </header>
  );
}
