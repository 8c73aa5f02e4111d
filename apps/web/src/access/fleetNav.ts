import type { ResourceRequest } from '@gatehouse/policy';
import type { Capabilities } from '../api/session.js';
import { decide, decideAnywhere, type Capability } from './capabilities.js';
import type { VisibleNavEntry } from './nav.js';

/**
 * A page under /fleet, drawn by the sidebar's NavItem like any other entry: `to` is its absolute
 * path (fleet pages live outside /c/:cluster), `cluster` is where an access review settles an
 * `unknown` capability.
 */
export interface FleetNavEntry extends VisibleNavEntry {
  to: string;
  cluster: string;
}

interface FleetCluster {
  id: string;
  capabilities: Capabilities;
}

type Needs = Omit<ResourceRequest, 'namespace'>;

/** AccessPolicies live in the home cluster; the page lists them there, as the signed-in user. */
export const listsPolicies: Needs = {
  verb: 'list',
  apiGroup: 'gatehouse.dev',
  resource: 'accesspolicies',
};

/** As the cluster Projects page: a collaborator of any project may read its namespaces. */
const readsANamespace: Needs = { verb: 'get', apiGroup: '', resource: 'namespaces' };

/** Fleet analysis asks every cluster as the user; each cluster where they may not analyse says so. */
const listsRoleBindings: Needs = {
  verb: 'list',
  apiGroup: 'rbac.authorization.k8s.io',
  resource: 'rolebindings',
};

interface FleetPage {
  id: string;
  label: string;
  segment: string;
  needs: Needs;
  /** `home`: decided on the home cluster; `somewhere`: allowed in any namespace of any cluster. */
  where: 'home' | 'somewhere';
}

export const fleetPages: FleetPage[] = [
  {
    id: 'fleet-policies',
    label: 'Policies',
    segment: 'policies',
    needs: listsPolicies,
    where: 'home',
  },
  {
    id: 'fleet-projects',
    label: 'Projects',
    segment: 'projects',
    needs: readsANamespace,
    where: 'somewhere',
  },
  {
    id: 'fleet-access',
    label: 'Access',
    segment: 'access',
    needs: listsRoleBindings,
    where: 'somewhere',
  },
];

const rank: Record<Capability, number> = { allowed: 2, unknown: 1, denied: 0 };

/** The best decision over the clusters, with the cluster that gave it. */
function somewhere(clusters: readonly FleetCluster[], needs: Needs) {
  let best: { capability: Capability; cluster: string } = { capability: 'denied', cluster: '' };
  for (const c of clusters) {
    const capability = decideAnywhere(c.capabilities, needs);
    if (rank[capability] > rank[best.capability]) best = { capability, cluster: c.id };
    if (best.capability === 'allowed') break;
  }
  return best;
}

/**
 * The sidebar's Fleet group: nothing with one cluster (its own pages say it all); otherwise each
 * page the person may use — Policies by their rules on the home cluster, Projects and Access where
 * some cluster allows them.
 */
export function fleetNav(
  clusters: readonly FleetCluster[],
  home: string | undefined,
): FleetNavEntry[] {
  if (clusters.length < 2) return [];
  const homeCluster = clusters.find((c) => c.id === home) ?? clusters[0];
  const out: FleetNavEntry[] = [];
  for (const page of fleetPages) {
    const decided =
      page.where === 'home'
        ? homeCluster && home !== undefined
          ? { capability: decide(homeCluster.capabilities, page.needs), cluster: homeCluster.id }
          : { capability: 'denied' as const, cluster: '' }
        : somewhere(clusters, page.needs);
    if (decided.capability === 'denied') continue;
    out.push({
      id: page.id,
      label: page.label,
      section: 'Fleet',
      segment: page.segment,
      scope: 'cluster',
      needs: page.needs,
      to: `/fleet/${page.segment}`,
      cluster: decided.cluster,
      capability: decided.capability,
    });
  }
  return out;
}
