import type { Session } from '../../api/session.js';
import { decideAnywhere } from '../../access/capabilities.js';

// As the cluster Projects page: a collaborator of any project may read its namespaces.
const readsANamespace = { verb: 'get', apiGroup: '', resource: 'namespaces' } as const;

export interface FleetNavEntry {
  id: string;
  label: string;
  to: string;
}

/**
 * The Fleet group's project entry: shown when more than one cluster is configured and the person
 * may use the page on at least one cluster (or their rules review cannot say).
 */
export function visibleFleetProjectNav(session: Pick<Session, 'clusters'>): FleetNavEntry[] {
  if (session.clusters.length < 2) return [];
  const somewhere = session.clusters.some(
    (c) => decideAnywhere(c.capabilities, readsANamespace) !== 'denied',
  );
  return somewhere ? [{ id: 'fleet-projects', label: 'Projects', to: '/fleet/projects' }] : [];
}
