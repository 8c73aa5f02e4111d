// What one cluster holds for a policy, read as the signed-in user: its namespaces (with labels) and
// the objects labelled with the policy. Narrower rights than listing cluster-wide fall back to reads
// per namespace and per object; a refusal there is `no-access` with the API server's words.
import type { Cluster } from '../../clusters.js';
import { UpstreamError, type Actor } from '../../kube-client.js';
import { withRetry } from '../../projects/retry.js';
import type { ObjectKind, PolicySpec } from './contract.js';
import { policyLabel } from './contract.js';
import type { NamespaceInput } from './compile.js';
import { RBAC_VERSION } from './compile.js';
import type { ActualObject } from './diff.js';

const RBAC = `/apis/${RBAC_VERSION}`;

/** The cluster refused the user (403/401) or could not be reached; `reason` in its own words. */
export class ClusterAccessError extends Error {
  constructor(
    readonly state: 'no-access' | 'unreachable',
    message: string,
  ) {
    super(message);
  }
}

interface Answer<T> {
  status: number;
  body: T & { message?: string };
}

async function get<T>(cluster: Cluster, actor: Actor, path: string): Promise<Answer<T>> {
  try {
    return await withRetry(() => cluster.client.json<T & { message?: string }>('GET', path, actor));
  } catch (err) {
    if (err instanceof UpstreamError) throw new ClusterAccessError('unreachable', err.message);
    throw err;
  }
}

function refusal(cluster: Cluster, a: Answer<unknown>): ClusterAccessError {
  if (a.status === 401 || a.status === 403)
    return new ClusterAccessError('no-access', a.body.message ?? `HTTP ${a.status}`);
  return new ClusterAccessError(
    'unreachable',
    `cluster "${cluster.name}" answered ${a.status}: ${a.body.message ?? ''}`.trim(),
  );
}

interface Listed<T> {
  items?: T[];
}

interface NamespaceJson {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
  };
}

/** What a placement needs to know of namespaces on a cluster it selects. */
export interface NamespaceNeeds {
  /** A namespace selector: every namespace must be listed. */
  all: boolean;
  names: Set<string>;
}

export function namespaceNeeds(
  spec: PolicySpec,
  selects: (t: PolicySpec['statements'][number]['placements'][number]['clusters']) => boolean,
): NamespaceNeeds {
  const needs: NamespaceNeeds = { all: false, names: new Set() };
  for (const st of spec.statements)
    for (const p of st.placements) {
      if (!selects(p.clusters)) continue;
      if (p.namespaces.selector) needs.all = true;
      for (const n of p.namespaces.names ?? []) if (n !== '*') needs.names.add(n);
    }
  return needs;
}

function namespaceOf(n: NamespaceJson): NamespaceInput {
  return { name: n.metadata.name, labels: n.metadata.labels ?? {} };
}

/** The namespaces the policy's placements need, live (a Terminating one is on its way out). */
export async function readNamespaces(
  cluster: Cluster,
  actor: Actor,
  needs: NamespaceNeeds,
): Promise<NamespaceInput[]> {
  if (!needs.all && needs.names.size === 0) return [];
  const list = await get<Listed<NamespaceJson>>(cluster, actor, '/api/v1/namespaces');
  if (list.status === 200)
    return (list.body.items ?? []).filter((n) => !n.metadata.deletionTimestamp).map(namespaceOf);
  if (needs.all || list.status !== 403) throw refusal(cluster, list);
  // May not list them all: each named one, as a namespace admin may get their own.
  const found: NamespaceInput[] = [];
  for (const name of [...needs.names].sort()) {
    const one = await get<NamespaceJson>(
      cluster,
      actor,
      `/api/v1/namespaces/${encodeURIComponent(name)}`,
    );
    if (one.status === 404) continue;
    if (one.status !== 200) throw refusal(cluster, one);
    if (!one.body.metadata.deletionTimestamp) found.push(namespaceOf(one.body));
  }
  return found;
}

const collections: Record<ObjectKind, string> = {
  ClusterRole: `${RBAC}/clusterroles`,
  ClusterRoleBinding: `${RBAC}/clusterrolebindings`,
  RoleBinding: `${RBAC}/rolebindings`,
};

function withKind(kind: ObjectKind, items: ActualObject[] | undefined): ActualObject[] {
  return (items ?? []).map((o) => ({ ...o, apiVersion: RBAC_VERSION, kind }));
}

/**
 * The objects labelled with `policy` (every managed one when absent). Where the user may not list a
 * kind cluster-wide: RoleBindings per namespace of `expected`, other kinds by name of `expected`;
 * a kind with nothing expected and not listable is taken as holding nothing of the policy's.
 */
export async function readManaged(
  cluster: Cluster,
  actor: Actor,
  policy: string | undefined,
  expected: ReadonlyArray<{ kind: ObjectKind; name: string; namespace?: string }>,
): Promise<ActualObject[]> {
  const selector = `?labelSelector=${encodeURIComponent(policy ? `${policyLabel}=${policy}` : policyLabel)}`;
  const out: ActualObject[] = [];
  await Promise.all(
    (Object.keys(collections) as ObjectKind[]).map(async (kind) => {
      const list = await get<Listed<ActualObject>>(cluster, actor, collections[kind] + selector);
      if (list.status === 200) {
        out.push(...withKind(kind, list.body.items));
        return;
      }
      if (list.status !== 403) throw refusal(cluster, list);
      const mine = expected.filter((e) => e.kind === kind);
      if (kind === 'RoleBinding') {
        const namespaces = [...new Set(mine.map((e) => e.namespace ?? ''))].sort();
        for (const ns of namespaces) {
          const inNs = await get<Listed<ActualObject>>(
            cluster,
            actor,
            `${RBAC}/namespaces/${encodeURIComponent(ns)}/rolebindings${selector}`,
          );
          if (inNs.status !== 200) throw refusal(cluster, inNs);
          out.push(...withKind(kind, inNs.body.items));
        }
        return;
      }
      for (const e of mine) {
        const one = await get<ActualObject>(
          cluster,
          actor,
          `${collections[kind]}/${encodeURIComponent(e.name)}`,
        );
        if (one.status === 404) continue;
        if (one.status !== 200) throw refusal(cluster, one);
        if (!policy || one.body.metadata.labels?.[policyLabel] === policy)
          out.push({ ...one.body, apiVersion: RBAC_VERSION, kind });
      }
    }),
  );
  return out;
}

/** ClusterRoles a binding would point at that do not exist there (read as the BFF, names only). */
export async function missingClusterRoles(cluster: Cluster, names: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of [...new Set(names)].sort()) {
    const r = await get<unknown>(
      cluster,
      { kind: 'bff' },
      `${collections.ClusterRole}/${encodeURIComponent(name)}`,
    );
    if (r.status === 404) missing.push(name);
  }
  return missing;
}
