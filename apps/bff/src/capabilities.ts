import { rulesAllow, type PolicyRule } from '@gatehouse/policy';
import type { ClusterCapabilities, NamespaceCapabilities, RuleSet } from './contract.js';
import type { Cluster } from './clusters.js';
import { actorOf, type Session } from './session/sessions.js';
import type { NamespaceInfo } from './rbac-cache.js';

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
 * SelfSubjectRulesReview needs a namespace; rules for one that cannot exist (':' is not allowed in
 * namespace names) are exactly those of the user's ClusterRoleBindings.
 */
const clusterScopeProbe = 'gatehouse:cluster-scope';
const concurrency = 8;

/** What the user may do on one cluster, every answer asked of the cluster as the user. */
export async function capabilitiesOf(
  cluster: Cluster,
  session: Session,
): Promise<ClusterCapabilities> {
  const clusterRules = await rulesReview(cluster, session, clusterScopeProbe);
  let namespaces: NamespaceInfo[];
  if (
    rulesAllow([...clusterRules.resourceRules], {
      verb: 'list',
      apiGroup: '',
      resource: 'namespaces',
    })
  ) {
    namespaces = await listNamespacesAsUser(cluster, session);
  } else {
    namespaces = await cluster.rbac.boundNamespaces(session.user);
  }
  const out: NamespaceCapabilities[] = new Array<NamespaceCapabilities>(namespaces.length);
  let next = 0;
  const worker = async () => {
    while (next < namespaces.length) {
      const i = next++;
      const ns = namespaces[i]!;
      out[i] = {
        name: ns.name,
        ...(ns.project ? { project: ns.project } : {}),
        rules: await rulesReview(cluster, session, ns.name),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, namespaces.length) }, worker));
  return { cluster: clusterRules, namespaces: out };
}

async function rulesReview(
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
    return {
      resourceRules: [],
      nonResourceRules: [],
      incomplete: true,
      evaluationError: body.message ?? `HTTP ${status}`,
    };
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

async function listNamespacesAsUser(cluster: Cluster, session: Session): Promise<NamespaceInfo[]> {
  const { status, body } = await cluster.client.json<{
    items?: Array<{ metadata: { name: string; labels?: Record<string, string> } }>;
  }>('GET', '/api/v1/namespaces', actorOf(session));
  if (status !== 200) return cluster.rbac.boundNamespaces(session.user);
  return (body.items ?? []).map((n) => ({
    name: n.metadata.name,
    project: n.metadata.labels?.['gatehouse.dev/project'],
  }));
}
