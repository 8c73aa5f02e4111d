// Reading a session's capabilities as the web app does: entries for the namespaces with rules of the
// person's own, the cluster-wide rules everywhere else, and the other namespaces found by search.
import type { ClusterCapabilities, NamespaceSearchResponse, RuleSet } from '../../src/contract.js';
import type { Browser } from './browser.js';

/** The namespaces with rules of the person's own (the session's entries), sorted by name. */
export function ownNamespaces(caps: ClusterCapabilities): string[] {
  return caps.namespaces.map((n) => n.name).sort();
}

/** The rules that hold in `namespace` (its own review, else the cluster-wide rules). */
export function rulesIn(caps: ClusterCapabilities, namespace: string): RuleSet {
  return caps.namespaces.find((n) => n.name === namespace)?.rules ?? caps.cluster;
}

/** GET /api/clusters/:cluster/namespaces as `b`. */
export async function searchNamespaces(
  b: Browser,
  cluster: string,
  q = '',
  limit = 200,
): Promise<NamespaceSearchResponse> {
  const r = await b.get(
    `/api/clusters/${encodeURIComponent(cluster)}/namespaces?${new URLSearchParams({ q, limit: String(limit) })}`,
  );
  if (r.status !== 200) throw new Error(`namespace search: HTTP ${r.status} ${r.text}`);
  return r.json<NamespaceSearchResponse>();
}

/** Every namespace `b` may see on `cluster`, sorted by name (a test cluster has fewer than 200). */
export async function visibleNamespaces(b: Browser, cluster: string): Promise<string[]> {
  const found = await searchNamespaces(b, cluster);
  if (found.total > found.namespaces.length)
    throw new Error(`more than ${found.namespaces.length} namespaces: ${found.total}`);
  return found.namespaces.map((n) => n.name).sort();
}
