// Analysis is served only to people the API server lets list every object it is computed from,
// asked as them with SelfSubjectAccessReviews: the BFF's wider read access never shows through.
import type { Cluster } from '../clusters.js';
import { ApiError } from '../errors.js';
import { actorOf, type Session } from '../session/sessions.js';

const RBAC = 'rbac.authorization.k8s.io';
const cacheMs = 10_000;
const maxCached = 2_000;

export interface ReadNeed {
  apiGroup: string;
  resource: string;
  /** "" = in every namespace (cluster-wide list). */
  namespace: string;
}

/** The RBAC objects a decision in `namespace` ("" = cluster scope only) is computed from. */
export function rbacReadsFor(namespace: string): ReadNeed[] {
  const needs: ReadNeed[] = [
    { apiGroup: RBAC, resource: 'clusterroles', namespace: '' },
    { apiGroup: RBAC, resource: 'clusterrolebindings', namespace: '' },
  ];
  if (namespace !== '') {
    needs.push({ apiGroup: RBAC, resource: 'roles', namespace });
    needs.push({ apiGroup: RBAC, resource: 'rolebindings', namespace });
  }
  return needs;
}

/** Every RBAC object in the cluster (and the namespace list, for matrices). */
export function allRbacReads(withNamespaces = false): ReadNeed[] {
  const needs: ReadNeed[] = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'].map(
    (resource) => ({ apiGroup: RBAC, resource, namespace: '' }),
  );
  if (withNamespaces) needs.push({ apiGroup: '', resource: 'namespaces', namespace: '' });
  return needs;
}

/** Per cluster object, so two BFFs in one process never share answers. */
const decisions = new WeakMap<Cluster, Map<string, { at: number; allowed: Promise<boolean> }>>();

function userKey(session: Session): string {
  return JSON.stringify([session.user.name, session.user.groups]);
}

/** One access question: a verb on a resource (by name when given) in a namespace ("" = cluster scope / all). */
export interface AccessNeed extends ReadNeed {
  verb: string;
  name?: string;
}

async function ask(cluster: Cluster, session: Session, need: AccessNeed): Promise<boolean> {
  const { status, body } = await cluster.client.json<{
    status?: { allowed?: boolean };
    message?: string;
  }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', actorOf(session), {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        verb: need.verb,
        group: need.apiGroup,
        resource: need.resource,
        namespace: need.namespace,
        ...(need.name ? { name: need.name } : {}),
      },
    },
  });
  if (status !== 201 && status !== 200)
    throw new ApiError(
      502,
      `cluster "${cluster.name}" did not answer an access review: ${body.message ?? status}`,
    );
  return body.status?.allowed === true;
}

function cached(cluster: Cluster, session: Session, need: AccessNeed): Promise<boolean> {
  let byKey = decisions.get(cluster);
  if (!byKey) decisions.set(cluster, (byKey = new Map()));
  const key = JSON.stringify([
    userKey(session),
    need.verb,
    need.apiGroup,
    need.resource,
    need.namespace,
    need.name ?? '',
  ]);
  const now = Date.now();
  const hit = byKey.get(key);
  if (hit && now - hit.at < cacheMs) return hit.allowed;
  if (byKey.size >= maxCached) byKey.clear();
  const allowed = ask(cluster, session, need);
  byKey.set(key, { at: now, allowed });
  const entries = byKey;
  allowed.catch(() => entries.delete(key));
  return allowed;
}

/** Whether the signed-in user may list something (cached for a few seconds, as the gate's answers). */
export function mayList(cluster: Cluster, session: Session, need: ReadNeed): Promise<boolean> {
  return cached(cluster, session, { ...need, verb: 'list' });
}

/** Whether the signed-in user may do one thing (asked as them, cached as `mayList`). */
export function mayAccess(cluster: Cluster, session: Session, need: AccessNeed): Promise<boolean> {
  return cached(cluster, session, need);
}

/** Throws 403 naming what the user may not list; resolves when every need is allowed. */
export async function requireReads(
  cluster: Cluster,
  session: Session,
  needs: readonly ReadNeed[],
): Promise<void> {
  const answers = await Promise.all(
    needs.map(async (n) => {
      // Whoever may list them in every namespace may read them in this one: one cached answer serves all.
      if (n.namespace !== '' && (await mayList(cluster, session, { ...n, namespace: '' })))
        return true;
      return mayList(cluster, session, n);
    }),
  );
  const missing = needs.filter((_, i) => !answers[i]);
  if (missing.length === 0) return;
  const what = missing
    .map(
      (n) =>
        `${n.resource}${n.apiGroup ? `.${n.apiGroup}` : ''} ${n.namespace ? `in namespace "${n.namespace}"` : 'in all namespaces'}`,
    )
    .join(', ');
  throw new ApiError(
    403,
    `access analysis needs permission to list the objects it is computed from; user "${session.user.name}" cannot list ${what}`,
    'Forbidden',
    { missing },
  );
}
