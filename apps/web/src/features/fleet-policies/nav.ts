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
  /** The cluster whose evaluated rules decide whether the entry shows. */
  cluster: string;
  request: ResourceRequest;
  capability: Exclude<Capability, 'denied'>;
}

/**
 * The fleet pages this person may use: only with more than one cluster (with one, the cluster's own
 * pages say it all), and Policies when they may list AccessPolicies on the home cluster.
 */
export function fleetPolicyNav(session: Session, home: string | undefined): FleetNavEntry[] {
  if (session.clusters.length < 2 || home === undefined) return [];
  const cluster = session.clusters.find((c) => c.id === home);
  if (!cluster) return [];
  const capability = decide(cluster.capabilities, listsPolicies);
  if (capability === 'denied') return [];
  return [
    {
      id: 'fleet-policies',
      label: 'Policies',
      to: '/fleet/policies',
      cluster: home,
      request: listsPolicies,
      capability,
    },
  ];
}
