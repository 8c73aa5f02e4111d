import { rulesAllow, type PolicyRule } from '@gatehouse/policy';
import type { ClusterCapabilities, NamespaceCapabilities, RuleSet } from './contract.js';
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
 * RoleBinding names the user (or a group of theirs) need a review of their own.
 */
export async function capabilitiesOf(
  cluster: Cluster,
  session: Session,
): Promise<ClusterCapabilities> {
  const clusterRules = await rulesReview(cluster, session, clusterScopeProbe);
  const bound = await cluster.rbac.boundNamespaces(session.user);
  const mayListAll = rulesAllow([...clusterRules.resourceRules], {
    verb: 'list',
    apiGroup: '',
    resource: 'namespaces',
  });
  const namespaces = mayListAll ? await listNamespacesAsUser(cluster, session, bound) : bound;
  const needsReview = new Set(bound.map((n) => n.name));
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  const out: NamespaceCapabilities[] = [];
  const plainNamespaces: string[] = [];
  for (const ns of [...namespaces].sort(byName)) {
    if (ns.project || needsReview.has(ns.name))
      out.push({ name: ns.name, ...(ns.project ? { project: ns.project } : {}) });
    else plainNamespaces.push(ns.name);
  }
  const reviewed = out.filter((entry) => needsReview.has(entry.name));
  let next = 0;
  const worker = async () => {
    while (next < reviewed.length) {
      const entry = reviewed[next++]!;
      entry.rules = await rulesReview(cluster, session, entry.name);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { cluster: clusterRules, namespaces: out, plainNamespaces };
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
  const { status, body } = await cluster.client.json<{
    items?: Array<{
      metadata: {
        name: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      };
    }>;
  }>('GET', '/api/v1/namespaces', actorOf(session));
  if (status !== 200) return fallback;
  const byName = new Map((body.items ?? []).map((n) => [n.metadata.name, n]));
  return (body.items ?? []).map((n) => ({
    name: n.metadata.name,
    // Only a project the namespace verifiably belongs to (its label alone anyone may set).
    project: verifiedProjectOf(n, byName),
  }));
}
