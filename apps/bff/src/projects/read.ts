// Reads a project fresh from the cluster (the BFF's read-only identity) and what the user may do in it (as the user).
import {
  rulesAllow,
  rulesCover,
  subjectAppliesTo,
  type PolicyRule,
  type RoleBinding,
} from '@gatehouse/policy';
import { rulesReview } from '../capabilities.js';
import type { Cluster } from '../clusters.js';
import type { RuleSet } from '../contract.js';
import { ApiError } from '../errors.js';
import { actorOf, type Session } from '../session/sessions.js';
import type { AccessLevel } from './contract.js';
import {
  collaboratorsOf,
  membershipOf,
  pathSegment,
  PROJECT_LABEL,
  RBAC_GROUP,
  type NamespaceJson,
} from './model.js';
import type { ProjectState } from './plan.js';
import { withRetry } from './retry.js';

interface List<T> {
  items?: T[];
  message?: string;
}

export async function bffList<T>(cluster: Cluster, path: string): Promise<T[]> {
  const { status, body } = await withRetry(() =>
    cluster.client.json<List<T>>('GET', path, { kind: 'bff' }),
  );
  if (status !== 200)
    throw new ApiError(
      502,
      `the BFF cannot read ${path} on cluster "${cluster.name}": ${body.message ?? status}`,
    );
  return body.items ?? [];
}

export async function projectNamespaces(
  cluster: Cluster,
  project: string,
): Promise<NamespaceJson[]> {
  const selector = encodeURIComponent(`${PROJECT_LABEL}=${project}`);
  const items = await bffList<NamespaceJson>(
    cluster,
    `/api/v1/namespaces?labelSelector=${selector}`,
  );
  // A Terminating namespace is on its way out: no longer part of the project.
  return items
    .filter((n) => !n.metadata.deletionTimestamp)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

export async function readProject(
  cluster: Cluster,
  project: string,
  levels: AccessLevel[],
): Promise<ProjectState> {
  const claimed = await projectNamespaces(cluster, project);
  if (claimed.length === 0)
    throw new ApiError(
      404,
      `project "${project}" not found on cluster "${cluster.name}"`,
      'NotFound',
    );
  // Only namespaces the project's record lists are read: a claim alone shows, and does nothing else.
  const { home, namespaces, unverified } = membershipOf(project, claimed);
  const bindings = (
    await Promise.all(
      namespaces.map((ns) =>
        bffList<RoleBinding>(
          cluster,
          `/apis/rbac.authorization.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/rolebindings`,
        ),
      ),
    )
  ).flat();
  return { project, namespaces, unverified, ...(home ? { home } : {}), bindings, levels };
}

/** Asks the cluster, as the user, whether they may do one thing (SelfSubjectAccessReview). */
export async function userMay(
  cluster: Cluster,
  session: Session,
  attrs: { verb: string; group?: string; resource: string; namespace?: string; name?: string },
): Promise<boolean> {
  const { status, body } = await cluster.client.json<{ status?: { allowed?: boolean } }>(
    'POST',
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    actorOf(session),
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { group: '', ...attrs } },
    },
  );
  return status < 300 && body.status?.allowed === true;
}

export function myLevels(state: ProjectState, session: Session): string[] {
  const user = session.user;
  const mine = collaboratorsOf(
    state.project,
    state.namespaces,
    state.bindings,
    state.levels,
  ).filter((c) =>
    c.subject.kind === 'User' ? c.subject.name === user.name : user.groups.includes(c.subject.name),
  );
  return [...new Set(mine.map((c) => c.level))];
}

/** Collaborators and those who may list namespaces see a project; others are told it does not exist. */
export async function requireVisible(
  cluster: Cluster,
  session: Session,
  state: ProjectState,
): Promise<void> {
  const bound = state.bindings.some((b) =>
    (b.subjects ?? []).some((s) => subjectAppliesTo(session.user, s, b.metadata.namespace ?? '')),
  );
  if (bound || (await userMay(cluster, session, { verb: 'list', resource: 'namespaces' }))) return;
  throw new ApiError(
    404,
    `project "${state.project}" not found on cluster "${cluster.name}"`,
    'NotFound',
  );
}

async function clusterRoleRules(cluster: Cluster, name: string): Promise<PolicyRule[] | undefined> {
  const { status, body } = await cluster.client.json<{ rules?: PolicyRule[] }>(
    'GET',
    `/apis/rbac.authorization.k8s.io/v1/clusterroles/${pathSegment(name)}`,
    { kind: 'bff' },
  );
  return status === 200 ? (body.rules ?? []) : undefined;
}

export interface Prediction {
  allowed: boolean | 'unknown';
  /** Per namespace, the rules of the role the user does not hold there. */
  missing: Array<{ namespace: string; rules: PolicyRule[] }>;
}

/**
 * The API server's check for creating a RoleBinding to a ClusterRole, predicted with
 * packages/policy for every namespace: `bind` on the role, or the user's own rules there cover it.
 */
export async function predictGrant(
  cluster: Cluster,
  session: Session,
  namespaces: string[],
  clusterRole: string,
  reviews?: Map<string, RuleSet>,
): Promise<Prediction> {
  const rules = await clusterRoleRules(cluster, clusterRole);
  if (!rules) throw new ApiError(404, `ClusterRole "${clusterRole}" not found`, 'NotFound');
  const missing: Prediction['missing'] = [];
  let unknown = false;
  for (const ns of namespaces) {
    const own = reviews?.get(ns) ?? (await rulesReview(cluster, session, ns));
    reviews?.set(ns, own);
    const mine = [...own.resourceRules, ...own.nonResourceRules];
    if (
      rulesAllow(mine, {
        verb: 'bind',
        apiGroup: RBAC_GROUP,
        resource: 'clusterroles',
        name: clusterRole,
        namespace: ns,
      })
    )
      continue;
    const { covered, uncovered } = rulesCover(mine, rules);
    if (covered) continue;
    if (own.incomplete) unknown = true;
    missing.push({ namespace: ns, rules: uncovered });
  }
  return { allowed: missing.length === 0 ? true : unknown ? 'unknown' : false, missing };
}

export async function canManage(
  cluster: Cluster,
  session: Session,
  namespaces: string[],
  reviews: Map<string, RuleSet>,
): Promise<boolean> {
  for (const ns of namespaces) {
    const own = reviews.get(ns) ?? (await rulesReview(cluster, session, ns));
    reviews.set(ns, own);
    for (const verb of ['create', 'delete'])
      if (
        !rulesAllow(own.resourceRules, {
          verb,
          apiGroup: RBAC_GROUP,
          resource: 'rolebindings',
          namespace: ns,
        })
      )
        return false;
  }
  return true;
}
