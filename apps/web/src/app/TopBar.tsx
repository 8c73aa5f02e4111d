import { Suspense } from 'react';
import { useLocation, useNavigate, Link } from 'react-router';
import { useCluster, paths } from './cluster.js';
import { scopeTarget } from './scope.js';
import { lazyNamed } from './lazyPage.js';
import { UserMenu } from './UserMenu.js';
import { ThemeToggle } from './ThemeToggle.js';
import { clusterState, useClusters } from '../api/session.js';

// The namespace search loads right after the shell: the first load stays within its budget.
const NamespacePicker = lazyNamed(() => import('./NamespacePicker.js'), 'NamespacePicker');

const selectClass =
  'max-w-[7.5rem] min-w-0 truncate sm:max-w-none rounded-md border border-slate-600 bg-slate-800 py-1 pr-7 pl-2 text-sm text-slate-100 hover:border-slate-500 focus-visible:outline-2 focus-visible:outline-indigo-400';

export function TopBar({ onToggleNav, navOpen }: { onToggleNav: () => void; navOpen: boolean }) {
  const { session, cluster, namespace } = useCluster();
  const navigate = useNavigate();
  const location = useLocation();
  const health = useClusters(true).data;
  // Fleet pages span every cluster: the switcher says so, and no namespace applies to them.
  const fleet = location.pathname === '/fleet' || location.pathname.startsWith('/fleet/');
  const current = fleet ? undefined : health?.find((c) => c.id === cluster.id);
  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-800 bg-slate-900 px-3 text-slate-100 dark:bg-slate-950">
      <button
        type="button"
        className="rounded p-1.5 hover:bg-slate-800 md:hidden"
        onClick={onToggleNav}
        aria-expanded={navOpen}
        aria-controls="primary-nav"
        aria-label="Toggle navigation"
      >
        <span aria-hidden="true">☰</span>
      </button>
      <Link
        to={paths.cluster(cluster.id)}
        className="flex items-center gap-2 rounded px-1 font-semibold tracking-tight"
        aria-label="Gatehouse overview"
      >
        <img src="/favicon.svg" alt="" className="size-6" />
        <span className="hidden sm:inline">Gatehouse</span>
      </Link>
      <span className="hidden h-6 w-px bg-slate-700 sm:block" aria-hidden="true" />
      <div className="flex min-w-0 flex-1 items-center gap-3">
        <label className="flex min-w-0 items-center gap-2 text-xs text-slate-400">
          <span className="hidden lg:inline">Cluster</span>
          <select
            aria-label="Cluster"
            className={selectClass}
            value={fleet ? '' : cluster.id}
            onChange={(e) => navigate(paths.cluster(e.target.value))}
          >
            {fleet && (
              <option value="" disabled>
                Every cluster
              </option>
            )}
            {session.clusters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {current && (
          <span
            title={current.error ?? `Kubernetes ${current.version ?? ''}`}
            className="hidden items-center gap-1 text-xs text-slate-400 sm:flex"
          >
            <span
              className={`size-2 rounded-full ${current.healthy ? 'bg-emerald-400' : 'bg-red-500'}`}
              aria-hidden="true"
            />
            {clusterState(current)}
          </span>
        )}
        {!fleet && (
          <div className="flex min-w-0 items-center gap-2 text-xs text-slate-400">
            <span className="hidden lg:inline" aria-hidden="true">
              Namespace
            </span>
            <Suspense
              fallback={
                <span className="w-[7.5rem] truncate rounded-md border border-slate-600 bg-slate-800 py-1 pr-6 pl-2 text-sm text-slate-100 sm:w-48">
                  {namespace ?? 'All namespaces'}
                </span>
              }
            >
              <NamespacePicker
                cluster={cluster}
                namespace={namespace}
                onChoose={(ns) => navigate(scopeTarget(location.pathname, cluster.id, ns))}
              />
            </Suspense>
          </div>
        )}
      </div>
      <div className="flex shrink-0 items-center gap-1">
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
