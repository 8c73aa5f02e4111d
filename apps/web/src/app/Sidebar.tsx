import { NavLink } from 'react-router';
import { useCluster, paths } from './cluster.js';
import { visibleNav, type VisibleNavEntry } from '../access/nav.js';
import { useSettledAccess } from '../access/useAccess.js';
import { visibleProjectNav } from '../features/projects/nav.js';
import { fleetNav, type FleetNavEntry } from '../access/fleetNav.js';
import { useFleet } from './fleet.js';

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `flex items-center justify-between rounded-md px-3 py-1.5 text-sm ${
    isActive
      ? 'bg-brand-50 font-medium text-brand-700 dark:bg-indigo-950 dark:text-indigo-200'
      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
  }`;

function NavItem({
  entry,
  onNavigate,
}: {
  entry: VisibleNavEntry | FleetNavEntry;
  onNavigate: () => void;
}) {
  const { cluster, namespace } = useCluster();
  const fleet = 'to' in entry ? entry : undefined;
  const state = useSettledAccess(
    entry.capability,
    { ...entry.needs, namespace: entry.scope === 'namespace' ? namespace : undefined },
    fleet?.cluster,
  );
  if (state === 'denied') return null;
  const to = fleet
    ? fleet.to
    : entry.scope === 'cluster'
      ? paths.clusterPage(cluster.id, entry.segment)
      : paths.namespacePage(cluster.id, namespace, entry.segment);
  return (
    <li>
      <NavLink to={to} className={linkClass} onClick={onNavigate}>
        <span>{entry.label}</span>
        {state !== 'allowed' && (
          <span
            className="text-xs text-slate-400"
            title="Your rules review was incomplete; access is being checked with the API server."
          >
            {state === 'checking' ? '…' : '?'}
            <span className="sr-only">
              {state === 'checking' ? ' checking access' : ' access unknown'}
            </span>
          </span>
        )}
      </NavLink>
    </li>
  );
}

const sectionId = (section: string) => `nav-${section.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export function Sidebar({ open, onNavigate }: { open: boolean; onNavigate: () => void }) {
  const { session, cluster, namespace } = useCluster();
  const entries = [
    ...fleetNav(session.clusters, useFleet().home),
    ...visibleNav(cluster.capabilities, namespace),
    ...visibleProjectNav(cluster.capabilities),
  ];
  const sections = [...new Set(entries.map((e) => e.section))];
  return (
    <nav
      id="primary-nav"
      aria-label="Primary"
      className={`${open ? 'block' : 'hidden'} absolute top-14 bottom-0 left-0 z-30 w-60 shrink-0 overflow-y-auto border-r border-slate-200 bg-white p-3 shadow-lg md:static md:block md:shadow-none dark:border-slate-800 dark:bg-slate-900`}
    >
      <ul className="space-y-0.5">
        <li>
          <NavLink
            end
            to={namespace ? paths.namespaceHome(cluster.id, namespace) : paths.cluster(cluster.id)}
            className={linkClass}
            onClick={onNavigate}
          >
            Overview
          </NavLink>
        </li>
      </ul>
      {sections.map((section) => (
        // A section whose every entry an access review denied is left without items: hide its heading too.
        <div key={section} className="mt-5 [&:not(:has(li))]:hidden">
          <h2
            id={sectionId(section)}
            className="px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400"
          >
            {section}
          </h2>
          {/* Named by its heading, so the Fleet group (and each other) is a list of its own name. */}
          <ul aria-labelledby={sectionId(section)} className="space-y-0.5">
            {entries
              .filter((e) => e.section === section)
              .map((e) => (
                <NavItem key={e.id} entry={e} onNavigate={onNavigate} />
              ))}
          </ul>
        </div>
      ))}
      {entries.length === 0 && (
        <p className="mt-5 px-3 text-xs text-slate-500 dark:text-slate-400">
          You have no access-control pages or projects in this cluster.
        </p>
      )}
    </nav>
  );
}
