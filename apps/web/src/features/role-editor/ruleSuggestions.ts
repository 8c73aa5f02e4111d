import type { DiscoveredGroup } from '../../api/discovery.js';

export const STANDARD_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];
/** Verbs Kubernetes checks explicitly, beyond what discovery lists for a resource. */
export const SPECIAL_VERBS: Record<string, string[]> = {
  roles: ['bind', 'escalate'],
  clusterroles: ['bind', 'escalate'],
  users: ['impersonate'],
  groups: ['impersonate'],
  serviceaccounts: ['impersonate'],
  uids: ['impersonate'],
  podsecuritypolicies: ['use'],
  certificatesigningrequests: ['approve', 'sign'],
  signers: ['approve', 'sign', 'attest'],
};

/** Resources (with subresources) offered for the chosen API groups; `*` stands for all groups. */
export function resourceSuggestions(
  discovery: DiscoveredGroup[],
  apiGroups: readonly string[],
  namespacedOnly: boolean,
): string[] {
  const groups = apiGroups.includes('*')
    ? discovery
    : discovery.filter((g) => apiGroups.includes(g.group));
  const names = new Set<string>();
  for (const g of groups)
    for (const r of g.resources) if (!namespacedOnly || r.namespaced) names.add(r.name);
  return [...names].sort();
}

/** Verbs that mean something for the chosen resources: what discovery lists plus the explicit RBAC verbs. */
export function verbSuggestions(
  discovery: DiscoveredGroup[],
  apiGroups: readonly string[],
  resources: readonly string[],
): string[] {
  const verbs = new Set(STANDARD_VERBS);
  const groups = apiGroups.includes('*')
    ? discovery
    : discovery.filter((g) => apiGroups.includes(g.group));
  for (const g of groups) {
    for (const r of g.resources) {
      if (resources.includes('*') || resources.includes(r.name))
        r.verbs.forEach((v) => verbs.add(v));
    }
  }
  for (const r of resources) (SPECIAL_VERBS[r] ?? []).forEach((v) => verbs.add(v));
  return [...verbs];
}

export function groupLabel(group: string): string {
  return group === '' ? 'core ("")' : group;
}
