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

function groupsFor(discovery: DiscoveredGroup[], apiGroups: readonly string[]): DiscoveredGroup[] {
  return apiGroups.includes('*') ? discovery : discovery.filter((g) => apiGroups.includes(g.group));
}

/** Resources (with subresources) offered for the chosen API groups; `*` stands for all groups. */
export function resourceSuggestions(
  discovery: DiscoveredGroup[],
  apiGroups: readonly string[],
  namespacedOnly: boolean,
): string[] {
  const names = new Set<string>();
  for (const g of groupsFor(discovery, apiGroups))
    for (const r of g.resources) if (!namespacedOnly || r.namespaced) names.add(r.name);
  return [...names].sort();
}

/**
 * Verbs offered for the chosen resources. When every resource is one discovery serves, these are
 * the verbs discovery lists for them (pods/log: get); with `*`, a wildcard subresource such as
 * `*`/scale, or a resource
 * discovery does not know, the standard verbs too. Verbs Kubernetes checks explicitly (bind and
 * escalate on roles, impersonate on users …) are always added, as discovery never lists them.
 */
export function verbSuggestions(
  discovery: DiscoveredGroup[],
  apiGroups: readonly string[],
  resources: readonly string[],
): string[] {
  const found = new Set<string>();
  const discovered = new Set<string>();
  for (const g of groupsFor(discovery, apiGroups)) {
    for (const r of g.resources) {
      if (resources.includes('*') || resources.includes(r.name)) {
        found.add(r.name);
        r.verbs.forEach((v) => discovered.add(v));
      }
    }
  }
  const allKnown =
    resources.length > 0 &&
    resources.every((r) => r !== '*' && !r.startsWith('*/') && found.has(r));
  const verbs = new Set<string>(allKnown ? discovered : [...STANDARD_VERBS, ...discovered]);
  for (const r of resources) (SPECIAL_VERBS[r] ?? []).forEach((v) => verbs.add(v));
  // The standard verbs in their usual order, then the rest as they came.
  return [
    ...STANDARD_VERBS.filter((v) => verbs.has(v)),
    ...[...verbs].filter((v) => !STANDARD_VERBS.includes(v)),
  ];
}

export function groupLabel(group: string): string {
  return group === '' ? 'core ("")' : group;
}

/** Levenshtein distance (insertions, deletions, substitutions), two rows at a time. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The served names closest to a typed one: names it is a prefix of (`dep` → deployments), then
 * names within a few edits (`deploymnets` → deployments), nearest first; at most `limit`.
 */
export function closestNames(typed: string, candidates: Iterable<string>, limit = 3): string[] {
  const t = typed.toLowerCase();
  if (!t) return [];
  const scored: Array<{ name: string; rank: number }> = [];
  // Short text is mostly a prefix: allow one edit there, more as the text grows.
  const budget = t.length < 4 ? 1 : Math.max(2, Math.floor(t.length / 3));
  for (const name of new Set(candidates)) {
    if (name === typed || name === '') continue;
    const n = name.toLowerCase();
    if (n.startsWith(t)) {
      scored.push({ name, rank: n.length - t.length - 1000 });
      continue;
    }
    // Compare against the leading segment too, so `rbac.authorization` finds the full group.
    const d = Math.min(editDistance(t, n), editDistance(t, n.slice(0, t.length)) + 1);
    if (d <= budget) scored.push({ name, rank: d });
  }
  return scored
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((s) => s.name);
}

export interface NameWarning {
  field: 'apiGroups' | 'resources';
  value: string;
  message: string;
  /** Served names to offer instead, closest first. */
  suggestions: string[];
}

/**
 * API groups and resources in a rule that discovery does not serve: likely typos, though RBAC may
 * name things not served yet, so these are warnings. `*`, and a wildcard subresource (`*`/scale)
 * that some served resource has, are
 * fine. Nothing is flagged while discovery is unknown (empty).
 */
export function ruleNameWarnings(
  discovery: DiscoveredGroup[],
  apiGroups: readonly string[],
  resources: readonly string[],
): NameWarning[] {
  if (discovery.length === 0) return [];
  const out: NameWarning[] = [];
  const served = new Set(discovery.map((g) => g.group));
  for (const g of apiGroups) {
    if (g === '*' || served.has(g)) continue;
    out.push({
      field: 'apiGroups',
      value: g,
      message: `API group ${g} is not served by this cluster.`,
      suggestions: closestNames(g, served),
    });
  }
  const chosen = groupsFor(discovery, apiGroups);
  // With no served group chosen, the group warning says it all.
  if (chosen.length === 0) return out;
  const names = new Set(chosen.flatMap((g) => g.resources.map((r) => r.name)));
  const subs = new Set([...names].filter((n) => n.includes('/')).map((n) => n.split('/')[1]));
  const where = apiGroups.includes('*')
    ? 'any API group'
    : chosen.map((g) => groupLabel(g.group)).join(', ');
  for (const r of resources) {
    if (r === '*' || names.has(r)) continue;
    if (r.startsWith('*/') && subs.has(r.slice(2))) continue;
    const elsewhere = discovery
      .filter((g) => g.resources.some((x) => x.name === r))
      .map((g) => groupLabel(g.group));
    out.push({
      field: 'resources',
      value: r,
      message:
        elsewhere.length > 0
          ? `${r} is not served by ${where}; it is in ${elsewhere.join(', ')}.`
          : `${r} is not served by ${where}.`,
      suggestions: closestNames(r, names),
    });
  }
  return out;
}
