import type { ResourceRequest } from '@gatehouse/policy';
import { decide, type Capability } from '../../access/capabilities.js';
import type { Session } from '../../api/session.js';

/** AccessPolicies live in the home cluster; the page lists them there, as the signed-in user. */
export const listsPolicies: ResourceRequest = {
  verb: 'list',
  apiGroup: 'gatehouse.dev',
  resource: 'accesspolicies',
};

export interface FleetNavEntry {
  id: string;
  label: string;
  /** An absolute path under /fleet. */
  to: string;
  /** The cluster whose access decides whether the entry shows (an access review settles `unknown`). */
  cluster: string;
  request: ResourceRequest;
  capability: Capability;
}

/**
 * The sidebar's Fleet group: only with more than one cluster (with one, the cluster's own pages say
 * it all); Policies when the person may list AccessPolicies on the home cluster.
 */
export function fleetNav(session: Session, home: string | undefined): FleetNavEntry[] {
  const cluster = session.clusters.find((c) => c.id === home);
  if (session.clusters.length < 2 || !cluster) return [];
  const capability = decide(cluster.capabilities, listsPolicies);
  if (capability === 'denied') return [];
  return [
    {
      id: 'fleet-policies',
      label: 'Policies',
      to: '/fleet/policies',
      cluster: cluster.id,
      request: listsPolicies,
      capability,
    },
  ];
}
