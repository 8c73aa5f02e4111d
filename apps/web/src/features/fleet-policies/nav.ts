import type { VisibleNavEntry } from '../../access/nav.js';
import { decide } from '../../access/capabilities.js';
import type { Session } from '../../api/session.js';

/** A page under /fleet: shown on the evaluated rules of one cluster (an access review settles `unknown`). */
export interface FleetNavEntry extends VisibleNavEntry {
  to: string;
  cluster: string;
}

/** AccessPolicies live in the home cluster; the page lists them there, as the signed-in user. */
export const listsPolicies = {
  verb: 'list',
  apiGroup: 'gatehouse.dev',
  resource: 'accesspolicies',
};

/**
 * The sidebar's Fleet group: only with more than one cluster (with one, the cluster's own pages say
 * it all); Policies when the person may list AccessPolicies on the home cluster.
 */
export function fleetNav(session: Session, home: string | undefined): FleetNavEntry[] {
  const cluster = session.clusters.find((c) => c.id === home);
  if (session.clusters.length < 2 || !cluster) return [];
  const capability = decide(cluster.capabilities, listsPolicies);
  return capability === 'denied'
    ? []
    : [
        {
          id: 'fleet-policies',
          label: 'Policies',
          section: 'Fleet',
          segment: 'policies',
          scope: 'cluster',
          needs: listsPolicies,
          to: '/fleet/policies',
          cluster: cluster.id,
          capability,
        },
      ];
}
