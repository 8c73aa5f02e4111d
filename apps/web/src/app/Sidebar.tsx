import { NavLink } from 'react-router';
import { useCluster, paths } from './cluster.js';
import type { ReactNode } from 'react';
import { visibleNav } from '../access/nav.js';
import type { AccessRequest, Capability } from '../access/capabilities.js';
import { useSettledAccess } from '../access/useAccess.js';
import { useClusters } from '../api/session.js';
import { visibleProjectNav } from '../features/projects/nav.js';
import { fleetNav } from '../features/fleet-policies/nav.js';

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `flex items-center justify-between rounded-md px-3 py-1.5 text-sm ${
    isActive
      ? 'bg-brand-50 font-medium text-brand-700 dark:bg-indigo-950 dark:text-indigo-200'
      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
  }`;

/** One page link, drawn once its access is settled (on `cluster`, else the current one). */
function NavItem({
  label,
  to,
  capability,
  request,
  cluster,
  onNavigate,
}: {
  label: string;
  to: string;
  capability: Capability;
  request: AccessRequest;
  cluster?: string;
  onNavigate: () => void;
}) {
  const state = useSettledAccess(capability, request, cluster);
  if (state === 'denied') return null;
  return (
    <li>
      <NavLink to={to} className={linkClass} onClick={onNavigate}>
        <span>{label}</span>
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

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    // A section whose every entry an access review denied is left without items: hide its heading too.
    <div className="mt-5 [&:not(:has(li))]:hidden">
      <h2 className="px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
        {title}
      </h2>
      <ul className="space-y-0.5">{children}</ul>
    </div>
  );
}

export function Sidebar({ open, onNavigate }: { open: boolean; onNavigate: () => void }) {
  const { session, cluster, namespace } = useCluster();
  const clusters = useClusters(session.clusters.length > 1);
  const fleet = fleetNav(session, clusters.data?.find((c) => c.home)?.id);
  const entries = [
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
      {fleet.length > 0 && (
        <Section title="Fleet">
          {fleet.map((e) => (
            <NavItem key={e.id} {...e} onNavigate={onNavigate} />
          ))}
        </Section>
      )}
      {sections.map((section) => (
        <Section key={section} title={section}>
          {entries
            .filter((e) => e.section === section)
            .map((e) => (
              <NavItem
                key={e.id}
                label={e.label}
                to={
                  e.scope === 'cluster'
                    ? paths.clusterPage(cluster.id, e.segment)
                    : paths.namespacePage(cluster.id, namespace, e.segment)
                }
                capability={e.capability}
                request={{ ...e.needs, namespace: e.scope === 'namespace' ? namespace : undefined }}
                onNavigate={onNavigate}
              />
            ))}
        </Section>
      ))}
      {entries.length === 0 && (
        <p className="mt-5 px-3 text-xs text-slate-500 dark:text-slate-400">
          You have no access-control pages or projects in this cluster.
        </p>
      )}
    </nav>
  );
}
