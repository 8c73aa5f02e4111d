import type { ResourceRequest } from '@gatehouse/policy';
import type { Capabilities } from '../api/session.js';
import { decide, decideAnywhere, type Capability } from './capabilities.js';

/** Where a page lives: cluster-wide, or inside the namespace scope chosen in the top bar. */
export type NavScope = 'cluster' | 'namespace';

export interface NavEntry {
  id: string;
  label: string;
  section: string;
  /** Path segment under /c/:cluster (cluster scope) or /c/:cluster/ns/:namespace. */
  segment: string;
  scope: NavScope;
  /** The request the page's main query makes; no namespace here, the scope supplies it. */
  needs: Omit<ResourceRequest, 'namespace'>;
  /** A cluster page shown when `needs` is allowed in any namespace (it filters what it shows). */
  anywhere?: boolean;
}

const rbac = 'rbac.authorization.k8s.io';

export const navEntries: NavEntry[] = [
  {
    id: 'clusterroles',
    label: 'ClusterRoles',
    section: 'Cluster access',
    segment: 'clusterroles',
    scope: 'cluster',
    needs: { verb: 'list', apiGroup: rbac, resource: 'clusterroles' },
  },
  {
    id: 'clusterrolebindings',
    label: 'ClusterRoleBindings',
    section: 'Cluster access',
    segment: 'clusterrolebindings',
    scope: 'cluster',
    needs: { verb: 'list', apiGroup: rbac, resource: 'clusterrolebindings' },
  },
  {
    id: 'roles',
    label: 'Roles',
    section: 'Namespace access',
    segment: 'roles',
    scope: 'namespace',
    needs: { verb: 'list', apiGroup: rbac, resource: 'roles' },
  },
  {
    id: 'rolebindings',
    label: 'RoleBindings',
    section: 'Namespace access',
    segment: 'rolebindings',
    scope: 'namespace',
    needs: { verb: 'list', apiGroup: rbac, resource: 'rolebindings' },
  },
  // Access analysis is computed from the bindings the user may read (partial for a namespace admin),
  // so its pages are offered to whoever may list RoleBindings anywhere.
  {
    id: 'access-check',
    label: 'Check access',
    section: 'Access analysis',
    segment: 'access/check',
    scope: 'cluster',
    needs: { verb: 'list', apiGroup: rbac, resource: 'rolebindings' },
    anywhere: true,
  },
  {
    id: 'access-who-can',
    label: 'Who can',
    section: 'Access analysis',
    segment: 'access/who-can',
    scope: 'cluster',
    needs: { verb: 'list', apiGroup: rbac, resource: 'rolebindings' },
    anywhere: true,
  },
  {
    id: 'access-matrix',
    label: 'Access matrix',
    section: 'Access analysis',
    segment: 'access/matrix',
    scope: 'cluster',
    needs: { verb: 'list', apiGroup: rbac, resource: 'rolebindings' },
    anywhere: true,
  },
  {
    id: 'access-subject',
    label: 'Subject access',
    section: 'Access analysis',
    segment: 'access/subject',
    scope: 'cluster',
    needs: { verb: 'list', apiGroup: rbac, resource: 'rolebindings' },
    anywhere: true,
  },
  {
    id: 'access-risks',
    label: 'Risks',
    section: 'Access analysis',
    segment: 'access/risks',
    scope: 'cluster',
    needs: { verb: 'list', apiGroup: rbac, resource: 'rolebindings' },
    anywhere: true,
  },
  // The subject directory shows only subjects of bindings the user may list (the BFF asks as them),
  // so it is offered to whoever may list RoleBindings anywhere, as the audit log is.
  {
    id: 'access-subjects',
    label: 'Subjects',
    section: 'Access analysis',
    segment: 'access/subjects',
    scope: 'cluster',
    needs: { verb: 'list', apiGroup: rbac, resource: 'rolebindings' },
    anywhere: true,
  },
  // The audit log shows each record to those who may list its resource there: namespace admins see
  // their namespaces' changes, so the page is offered to whoever may list RoleBindings anywhere.
  {
    id: 'audit',
    label: 'Audit log',
    section: 'Console',
    segment: 'audit',
    scope: 'cluster',
    needs: { verb: 'list', apiGroup: rbac, resource: 'rolebindings' },
    anywhere: true,
  },
];

/**
 * Whether a nav entry shows for this user. `namespace` is the chosen scope; without one a
 * namespaced page shows when the user may use it in at least one of their namespaces.
 */
export function navCapability(caps: Capabilities, entry: NavEntry, namespace?: string): Capability {
  if (entry.scope === 'cluster')
    return entry.anywhere ? decideAnywhere(caps, entry.needs) : decide(caps, entry.needs);
  if (namespace) return decide(caps, { ...entry.needs, namespace });
  return decideAnywhere(caps, entry.needs);
}

export interface VisibleNavEntry extends NavEntry {
  capability: Exclude<Capability, 'denied'>;
}

/** Entries to draw; `unknown` ones are drawn with their state so an access review can settle them. */
export function visibleNav(caps: Capabilities, namespace?: string): VisibleNavEntry[] {
  const out: VisibleNavEntry[] = [];
  for (const entry of navEntries) {
    const capability = navCapability(caps, entry, namespace);
    if (capability !== 'denied') out.push({ ...entry, capability });
  }
  return out;
}

export function navEntryById(id: string): NavEntry {
  const entry = navEntries.find((e) => e.id === id);
  if (!entry) throw new Error(`No navigation entry ${id}`);
  return entry;
}

/** A page under /fleet: shown when more than one cluster is configured and `needs` is allowed somewhere on one of them. */
export interface FleetNavEntry {
  id: string;
  label: string;
  /** The page's absolute path (fleet pages live outside /c/:cluster). */
  path: string;
  needs: Omit<ResourceRequest, 'namespace'>;
}

export const fleetNavEntries: FleetNavEntry[] = [
  // Fleet analysis asks every cluster as the user; each cluster where they may not analyse says so.
  {
    id: 'fleet-access',
    label: 'Access',
    path: '/fleet/access',
    needs: { verb: 'list', apiGroup: rbac, resource: 'rolebindings' },
  },
];

/** The Fleet group's entries: none with one cluster; each entry where some cluster allows it. */
export function visibleFleetNav(
  clusters: ReadonlyArray<{ capabilities: Capabilities }>,
): FleetNavEntry[] {
  if (clusters.length < 2) return [];
  return fleetNavEntries.filter((e) =>
    clusters.some((c) => decideAnywhere(c.capabilities, e.needs) !== 'denied'),
  );
}
