// The model an analysis is answered from: the cluster's RBAC cut down to what the signed-in user may
// read (readableScope), with its own policy authorizer, cached per model and scope so repeated
// requests reuse it. Whoever may read every RBAC object gets the cluster's model itself.
import {
  createAuthorizer,
  type ClusterRole,
  type RbacObject,
  type RbacSnapshot,
} from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import { ApiError } from '../errors.js';
import type { Session } from '../session/sessions.js';
import type { ClusterModel, Model } from './cluster-model.js';
import type { AnalysisScope } from './contract.js';
import { mayAccess, mayList } from './gate.js';
import { readableScope, scopedSnapshot, type ReadableScope } from './scope.js';

export interface ScopedModel extends Model {
  scope: ReadableScope;
  /** The scope as the answers carry it. */
  label: AnalysisScope;
}

const maxScopesPerModel = 200;
/** Per cluster model version (a new Model after every change), then per scope. */
const built = new WeakMap<
  Model,
  Map<string, Omit<ScopedModel, 'label'> & { label: AnalysisScope }>
>();

const sorted = (set: ReadonlySet<string>) => [...set].sort();

export function scopeKey(scope: ReadableScope): string {
  const set = (s: 'all' | ReadonlySet<string>) => (s === 'all' ? 'all' : sorted(s));
  return JSON.stringify([
    scope.complete,
    scope.clusterRoles,
    scope.clusterRoleBindings,
    sorted(scope.clusterRoleNames),
    sorted(scope.unreadableClusterRoles),
    set(scope.roleBindingNamespaces),
    set(scope.namespaces),
  ]);
}

/** ClusterRoles the readable bindings refer to but the user may not get: what they grant is not known here. */
function unreadableRoles(snapshot: RbacSnapshot, scope: ReadableScope): string[] {
  const out = new Set<string>();
  for (const b of [...snapshot.clusterRoleBindings, ...snapshot.roleBindings])
    if (b.roleRef.kind === 'ClusterRole' && scope.unreadableClusterRoles.has(b.roleRef.name))
      out.add(b.roleRef.name);
  return [...out].sort();
}

function nothingReadable(scope: ReadableScope): boolean {
  return !scope.clusterRoleBindings && scope.namespaces !== 'all' && scope.namespaces.size === 0;
}

/**
 * The model for this user's analyses. Answers 403 with a plain explanation when the user may read
 * no binding at all (nothing could be analysed).
 */
export async function scopedModel(
  cluster: Cluster,
  session: Session,
  model: ClusterModel,
): Promise<ScopedModel> {
  const current = await model.current();
  const scope = await readableScope(cluster, session, current);
  if (scope.complete)
    return withListedNamespaces(cluster, session, {
      ...current,
      scope,
      label: { complete: true, namespaces: 'all', missing: [], unreadableRoles: [] },
    });
  if (nothingReadable(scope))
    throw new ApiError(
      403,
      `Access analysis works from the RBAC objects you may read, and user "${session.user.name}" may read none in cluster "${cluster.name}": it needs permission to list Roles and RoleBindings in at least one namespace, or ClusterRoleBindings across the cluster. Ask a cluster administrator for that access.`,
      'Forbidden',
      { missing: scope.missing },
    );
  const key = scopeKey(scope);
  let byScope = built.get(current);
  if (!byScope) built.set(current, (byScope = new Map()));
  let hit = byScope.get(key);
  if (!hit) {
    const snapshot = scopedSnapshot(current.snapshot, scope);
    const inScope = (ns: string) => scope.namespaces === 'all' || scope.namespaces.has(ns);
    const readable = current.namespaces.filter((n) => inScope(n.name));
    const label: AnalysisScope = {
      complete: false,
      namespaces: scope.namespaces === 'all' ? 'all' : readable.map((n) => n.name),
      missing: scope.missing,
      unreadableRoles: unreadableRoles(snapshot, scope),
    };
    hit = {
      snapshot,
      authorizer: createAuthorizer(snapshot),
      namespaces: readable,
      scope,
      label,
    };
    if (byScope.size >= maxScopesPerModel) byScope.clear();
    byScope.set(key, hit);
  }
  return hit.label.namespaces === 'all' ? withListedNamespaces(cluster, session, hit) : hit;
}

/**
 * Every namespace's bindings are readable but maybe not the namespace list: then name only the
 * namespaces holding an RBAC object the user may read (an empty namespace stays unnamed).
 */
async function withListedNamespaces(
  cluster: Cluster,
  session: Session,
  m: ScopedModel,
): Promise<ScopedModel> {
  const listsNamespaces = await mayList(cluster, session, {
    apiGroup: '',
    resource: 'namespaces',
    namespace: '',
  });
  if (listsNamespaces) return m;
  const holding = new Set(
    [...m.snapshot.roles, ...m.snapshot.roleBindings].map((o) => o.metadata.namespace ?? ''),
  );
  return { ...m, namespaces: m.namespaces.filter((n) => holding.has(n.name)) };
}

/**
 * Whether an answer about `namespace` ("" = cluster scope only) is complete: every ClusterRoleBinding
 * read, every ClusterRole bindings refer to readable, and that namespace's Roles and RoleBindings read.
 */
export function completeFor(m: ScopedModel, namespace: string): boolean {
  if (m.scope.complete) return true;
  if (!m.scope.clusterRoleBindings || m.label.unreadableRoles.length > 0) return false;
  if (namespace === '') return true;
  return m.scope.namespaces === 'all' || m.scope.namespaces.has(namespace);
}

/** The label of an answer about one namespace. */
export function labelFor(m: ScopedModel, namespace: string): AnalysisScope {
  return completeFor(m, namespace) ? { ...m.label, complete: true } : m.label;
}

/**
 * The authorizer reports a ClusterRole it was not given as not found; for one the user may not get,
 * say that instead (whether it exists is not known to them).
 */
export function unreadableErrors(errors: readonly string[], label: AnalysisScope): string[] {
  if (label.unreadableRoles.length === 0) return [...errors];
  const notFound = new Map(
    label.unreadableRoles.map((n) => [
      `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(n)} not found`,
      n,
    ]),
  );
  return errors.map((e) => {
    const name = notFound.get(e);
    return name === undefined
      ? e
      : `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(name)} could not be read: you may not get it, so what bindings to it grant is not known`;
  });
}

/** The sentence a Denied computed from part of the RBAC objects carries. */
export function partialDenied(label: AnalysisScope): string {
  const why: string[] = [];
  if (label.missing.some((m) => m.resource === 'clusterrolebindings'))
    why.push('ClusterRoleBindings were not read (you may not list them in all namespaces)');
  if (label.unreadableRoles.length > 0)
    why.push(
      `ClusterRole${label.unreadableRoles.length === 1 ? '' : 's'} ${label.unreadableRoles.join(', ')} could not be read`,
    );
  if (label.namespaces !== 'all')
    why.push(
      `only the Roles and RoleBindings of ${label.namespaces.length === 0 ? 'no namespace' : label.namespaces.join(', ')} were read`,
    );
  return `This Denied may be incomplete: it is computed from the RBAC objects you may read, and ${why.join('; ') || 'some could not be read'}.`;
}

/**
 * The model the impact of writing `objects` (one change, possibly several writes) is computed from,
 * labelled for their namespaces. A binding to a ClusterRole no readable binding refers to yet is not
 * in the scoped snapshot: it is added when the user may get it, and named unreadable when they may not.
 */
export async function scopedModelForChange(
  cluster: Cluster,
  session: Session,
  model: ClusterModel,
  objects: readonly RbacObject[],
): Promise<Pick<ScopedModel, 'snapshot' | 'authorizer' | 'label'>> {
  const m = await scopedModel(cluster, session, model);
  const namespaces = [
    ...new Set(
      objects
        .filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')
        .map((o) => o.metadata.namespace ?? ''),
    ),
  ];
  // Complete only when the answer is complete for every namespace the change touches.
  let label: AnalysisScope =
    namespaces.length > 0 && namespaces.every((ns) => completeFor(m, ns))
      ? { ...m.label, complete: true }
      : m.label;
  const unreadable = new Set<string>();
  const added: ClusterRole[] = [];
  const gets = (name: string) =>
    mayAccess(cluster, session, {
      verb: 'get',
      apiGroup: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      namespace: '',
      name,
    });
  const full = m.scope.clusterRoles ? undefined : (await model.current()).snapshot;
  for (const object of objects) {
    if (!full) break;
    // Changing a ClusterRole the user may not read: what it grants today is not known to them.
    if (object.kind === 'ClusterRole') {
      const name = object.metadata.name ?? '';
      if (!m.scope.clusterRoleNames.has(name) && !(await gets(name))) unreadable.add(name);
      continue;
    }
    if (
      (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') ||
      object.roleRef.kind !== 'ClusterRole'
    )
      continue;
    const name = object.roleRef.name;
    if (m.snapshot.clusterRoles.some((r) => r.metadata.name === name)) continue;
    if (added.some((r) => r.metadata.name === name)) continue;
    if (!(await gets(name))) {
      unreadable.add(name);
      continue;
    }
    const role = full.clusterRoles.find((r) => r.metadata.name === name);
    if (role) added.push(role);
  }
  if (unreadable.size > 0)
    label = {
      ...label,
      complete: false,
      unreadableRoles: [...new Set([...label.unreadableRoles, ...unreadable])].sort(),
    };
  if (added.length === 0) return { ...m, label };
  const snapshot = { ...m.snapshot, clusterRoles: [...m.snapshot.clusterRoles, ...added] };
  return { snapshot, authorizer: createAuthorizer(snapshot), label };
}
