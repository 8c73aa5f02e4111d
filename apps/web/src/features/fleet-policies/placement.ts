import type { Placement, PlacementTarget, PolicySpec, Statement } from './api.js';
import { formatSelector, selectorMatches } from './selector.js';

export interface FleetCluster {
  id: string;
  labels: Record<string, string>;
}

const list = (names: readonly string[]) => names.join(', ');

/** Which clusters a placement's cluster target reaches, in words: “every cluster”, “staging”, … */
export function clustersSummary(t: PlacementTarget): string {
  if (t.selector) {
    const s = formatSelector(t.selector);
    return s ? `clusters with ${s}` : 'every cluster (empty selector)';
  }
  const names = t.names ?? [];
  if (names.includes('*')) return 'every cluster';
  return `${names.length === 1 ? 'cluster' : 'clusters'} ${list(names)}`;
}

/** Where on a cluster: “cluster-wide”, “namespace kube-system”, “namespaces with team=payments”. */
export function namespacesSummary(t: PlacementTarget): string {
  if (t.selector) {
    const s = formatSelector(t.selector);
    return s ? `namespaces with ${s}` : 'every namespace (empty selector)';
  }
  const names = t.names ?? [];
  if (names.includes('*')) return 'cluster-wide';
  return `${names.length === 1 ? 'namespace' : 'namespaces'} ${list(names)}`;
}

/** “namespace kube-system on every cluster”, “cluster-wide on clusters with env=prod”. */
export function placementSummary(p: Placement): string {
  return `${namespacesSummary(p.namespaces)} on ${clustersSummary(p.clusters)}`;
}

/** What a statement grants: the ClusterRole it binds, or its inline rules. */
export function grantSummary(s: Statement): string {
  if (s.clusterRole !== undefined) return `ClusterRole ${s.clusterRole}`;
  const n = s.rules?.length ?? 0;
  return `${n} inline ${n === 1 ? 'rule' : 'rules'}`;
}

/** A statement in one line: “ClusterRole view: namespace kube-system on every cluster”. */
export function statementSummary(s: Statement): string {
  return `${grantSummary(s)}: ${s.placements.map(placementSummary).join('; ')}`;
}

/** Whether a cluster target selects this cluster (by name, by "*", or by its labels). */
export function targetsCluster(t: PlacementTarget, cluster: FleetCluster): boolean {
  if (t.selector) return selectorMatches(t.selector, cluster.labels);
  const names = t.names ?? [];
  return names.includes('*') || names.includes(cluster.id);
}

export interface CoverageLine {
  statement: number;
  grant: string;
  namespaces: string;
}

/** Per configured cluster, what the policy puts there: for the form's “where it applies” preview. */
export function coverage(
  spec: Pick<PolicySpec, 'statements'>,
  clusters: readonly FleetCluster[],
): { cluster: string; lines: CoverageLine[] }[] {
  return clusters.map((c) => ({
    cluster: c.id,
    lines: spec.statements.flatMap((s, i) =>
      s.placements
        .filter((p) => targetsCluster(p.clusters, c))
        .map((p) => ({
          statement: i,
          grant: grantSummary(s),
          namespaces: namespacesSummary(p.namespaces),
        })),
    ),
  }));
}

/** Named clusters a policy names that Gatehouse does not know: most likely a typo. */
export function unknownClusters(
  spec: Pick<PolicySpec, 'statements'>,
  clusters: readonly FleetCluster[],
): string[] {
  const known = new Set(clusters.map((c) => c.id));
  const out = new Set<string>();
  for (const s of spec.statements)
    for (const p of s.placements)
      for (const n of p.clusters.names ?? []) if (n !== '*' && !known.has(n)) out.add(n);
  return [...out];
}

/** “dev (env=dev), staging (env=staging)”: the clusters a placement may name or select. */
export function clusterList(clusters: readonly FleetCluster[]): string {
  return clusters
    .map((c) => {
      const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`);
      return labels.length ? `${c.id} (${labels.join(', ')})` : c.id;
    })
    .join(', ');
}
