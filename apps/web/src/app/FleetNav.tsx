import { useQuery } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import { selfSubjectAccessReview } from '../api/accessReview.js';
import { k8sKeys } from '../api/rbacKeys.js';
import { useClusters } from '../api/session.js';
import { requestKey } from '../access/capabilities.js';
import { resolveAccess } from '../access/useAccess.js';
import { fleetPolicyNav, type FleetNavEntry } from '../features/fleet-policies/nav.js';
import { useCluster } from './cluster.js';

function FleetLink({
  entry,
  linkClass,
  onNavigate,
}: {
  entry: FleetNavEntry;
  linkClass: (s: { isActive: boolean }) => string;
  onNavigate: () => void;
}) {
  // An incomplete rules review on the entry's cluster is settled by an access review there.
  const review = useQuery({
    queryKey: k8sKeys.accessReview(entry.cluster, requestKey(entry.request)),
    queryFn: ({ signal }) => selfSubjectAccessReview(entry.cluster, entry.request, signal),
    enabled: entry.capability === 'unknown',
    staleTime: 60_000,
  });
  const state = resolveAccess(entry.capability, review);
  if (state === 'denied') return null;
  return (
    <li>
      <NavLink to={entry.to} className={linkClass} onClick={onNavigate}>
        <span>{entry.label}</span>
        {state !== 'allowed' && (
          <span className="text-xs text-slate-400" title="Access is being checked.">
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

/** The sidebar's Fleet group: pages across every cluster, when there is more than one. */
export function FleetNav({
  linkClass,
  onNavigate,
}: {
  linkClass: (s: { isActive: boolean }) => string;
  onNavigate: () => void;
}) {
  const { session } = useCluster();
  const clusters = useClusters(session.clusters.length > 1);
  const home = clusters.data?.find((c) => c.home)?.id;
  const entries = fleetPolicyNav(session, home);
  if (entries.length === 0) return null;
  return (
    <div className="mt-5 [&:not(:has(li))]:hidden">
      <h2 className="px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
        Fleet
      </h2>
      <ul className="space-y-0.5">
        {entries.map((e) => (
          <FleetLink key={e.id} entry={e} linkClass={linkClass} onNavigate={onNavigate} />
        ))}
      </ul>
    </div>
  );
}
