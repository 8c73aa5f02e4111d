import { rulesAllow, type PolicyRule } from '@gatehouse/policy';
import type {
  ClusterCapabilities,
  NamespaceCapabilities,
  NamespaceMatch,
  NamespaceSearchQuery,
  NamespaceSearchResponse,
  RuleSet,
} from './contract.js';
import { ApiError } from './errors.js';
import type { Cluster } from './clusters.js';
import { actorOf, type Session } from './session/sessions.js';
import { verifiedProjectOf } from './projects/model.js';
import type { NamespaceEntry } from './analysis/cluster-model.js';

interface RulesReviewStatus {
  resourceRules?: Array<{
    verbs: string[];
    apiGroups?: string[];
    resources?: string[];
    resourceNames?: string[];
  }>;
  nonResourceRules?: Array<{ verbs: string[]; nonResourceURLs?: string[] }>;
  incomplete?: boolean;
  evaluationError?: string;
}

/**
 * SelfSubjectRulesReview needs a namespace but validates nothing else about it (kube's
 * ValidateSelfSubjectRulesReview is empty); rules for one that cannot exist (':' is not allowed in
 * namespace names) are exactly those of the user's ClusterRoleBindings.
 */
const clusterScopeProbe = 'gatehouse:cluster-scope';
const concurrency = 8;

/**
 * What the user may do on one cluster, every answer asked of the cluster as the user. Rules in a
 * namespace are the cluster-wide ones plus those of RoleBindings there, so only namespaces where a
 * RoleBinding names the user (or a group of theirs) need a review of their own, and only those are
 * sent; the others are counted (GET /api/clusters/:cluster/namespaces finds them by name).
 */
export async function capabilitiesOf(
  cluster: Cluster,
  session: Session,
): Promise<ClusterCapabilities> {
  const clusterRules = await rulesReview(cluster, session, clusterScopeProbe);
  const { namespaces, bound } = await visibleNamespaces(cluster, session, clusterRules);
  const needsReview = new Set(bound.map((n) => n.name));
  const out: NamespaceCapabilities[] = [];
  let next = 0;
  const reviewed = [...bound].sort(byName);
  const worker = async () => {
    while (next < reviewed.length) {
      const i = next++;
      const ns = reviewed[i]!;
      out[i] = {
        name: ns.name,
        ...(ns.project ? { project: ns.project } : {}),
        rules: await rulesReview(cluster, session, ns.name),
      };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const visible = new Set(namespaces.map((n) => n.name));
  for (const n of needsReview) visible.add(n);
  return { cluster: clusterRules, namespaces: out, namespaceCount: visible.size };
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * The namespaces the user may see, read as them: all of them when they may list namespaces, else
 * those where a RoleBinding names them (`bound`, from the shared RBAC cache).
 */
export async function visibleNamespaces(
  cluster: Cluster,
  session: Session,
  clusterRules: RuleSet,
): Promise<{ namespaces: NamespaceEntry[]; bound: NamespaceEntry[] }> {
  const bound = await cluster.rbac.boundNamespaces(session.user);
  const mayListAll = rulesAllow([...clusterRules.resourceRules], {
    verb: 'list',
    apiGroup: '',
    resource: 'namespaces',
  });
  const namespaces = mayListAll ? await listNamespacesAsUser(cluster, session, bound) : bound;
  return { namespaces, bound };
}

export async function rulesReview(
  cluster: Cluster,
  session: Session,
  namespace: string,
): Promise<RuleSet> {
  const { status, body } = await cluster.client.json<{
    status?: RulesReviewStatus;
    message?: string;
  }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', actorOf(session), {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    spec: { namespace },
  });
  if (status !== 201 && status !== 200) {
    // A 401 is about credentials, not rights: the BFF's own when it impersonates, else the person's token.
    const evaluationError =
      status === 401
        ? session.cred.kind === 'token'
          ? `cluster "${cluster.name}" no longer accepts your token: sign in again`
          : `cluster "${cluster.name}" rejected the console's own credentials, so your access there cannot be shown (${body.message ?? 'Unauthorized'})`
        : (body.message ?? `HTTP ${status}`);
    return { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError };
  }
  const s = body.status ?? {};
  const resourceRules: PolicyRule[] = (s.resourceRules ?? []).map((r) => ({
    verbs: r.verbs,
    apiGroups: r.apiGroups ?? [],
    resources: r.resources ?? [],
    ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
  }));
  const nonResourceRules: PolicyRule[] = (s.nonResourceRules ?? []).map((r) => ({
    verbs: r.verbs,
    nonResourceURLs: r.nonResourceURLs ?? [],
  }));
  return {
    resourceRules,
    nonResourceRules,
    incomplete: s.incomplete ?? false,
    ...(s.evaluationError ? { evaluationError: s.evaluationError } : {}),
  };
}

async function listNamespacesAsUser(
  cluster: Cluster,
  session: Session,
  fallback: NamespaceEntry[],
): Promise<NamespaceEntry[]> {
  return (await namespacesAsUser(cluster, session)).list ?? fallback;
}

/** Every namespace, listed as the user; `list` absent when the cluster did not answer 200 (`status`). */
async function namespacesAsUser(
  cluster: Cluster,
  session: Session,
): Promise<{ status: number; list?: NamespaceEntry[]; message?: string }> {
  const { status, body } = await cluster.client.json<{
    items?: Array<{
      metadata: {
        name: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      };
    }>;
    message?: string;
  }>('GET', '/api/v1/namespaces', actorOf(session));
  if (status !== 200) return { status, ...(body.message ? { message: body.message } : {}) };
  const byName = new Map((body.items ?? []).map((n) => [n.metadata.name, n]));
  const list = (body.items ?? []).map((n) => {
    // Only a project the namespace verifiably belongs to (its label alone anyone may set).
    const project = verifiedProjectOf(n, byName);
    return { name: n.metadata.name, ...(project ? { project } : {}) };
  });
  return { status, list };
}

/**
 * GET /api/clusters/:cluster/namespaces: the namespaces the user may see whose name holds `q` (any
 * case), as the user — the cluster's list of namespaces when it gives them one, else (403) those
 * where a RoleBinding names them. Their own first, then names starting with `q`, then by name.
 */
export async function searchNamespaces(
  cluster: Cluster,
  session: Session,
  query: NamespaceSearchQuery,
): Promise<NamespaceSearchResponse> {
  const [listed, bound] = await Promise.all([
    namespacesAsUser(cluster, session),
    cluster.rbac.boundNamespaces(session.user),
  ]);
  if (!listed.list && listed.status !== 403)
    throw new ApiError(
      502,
      `cluster "${cluster.name}" did not list namespaces: ${listed.message ?? `HTTP ${listed.status}`}`,
      'ServiceUnavailable',
    );
  const own = new Set(bound.map((n) => n.name));
  const all = new Map<string, NamespaceEntry>();
  for (const n of listed.list ?? []) all.set(n.name, n);
  for (const n of bound) if (!all.has(n.name)) all.set(n.name, n);
  const q = query.q.toLowerCase();
  const matches: Array<NamespaceMatch & { rank: number }> = [];
  for (const n of all.values()) {
    const at = n.name.toLowerCase().indexOf(q);
    if (at < 0) continue;
    const mine = own.has(n.name);
    matches.push({
      name: n.name,
      ...(n.project ? { project: n.project } : {}),
      own: mine,
      rank: (mine ? 0 : 2) + (at === 0 ? 0 : 1),
    });
  }
  matches.sort((a, b) => a.rank - b.rank || byName(a, b));
  return {
    namespaces: matches.slice(0, query.limit).map(({ rank: _rank, ...m }) => m),
    total: matches.length,
  };
}
