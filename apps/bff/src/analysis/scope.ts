// What part of a cluster's RBAC the signed-in user may read, asked of the cluster as them. Analysis
// served to someone who may not list every RBAC object (a namespace admin) is computed from this
// part only and labelled partial; the BFF's own wider read access never shows through.
//
// Candidates come from the BFF's cache (namespaces where a RoleBinding names the user or one of
// their groups: in Kubernetes a namespaced permission can only come from there, or from a
// ClusterRoleBinding, which is the cluster-wide answer); every candidate is confirmed with a
// SelfSubjectAccessReview, so the API server decides.
import {
  subjectAppliesTo,
  type ClusterRole,
  type ClusterRoleBinding,
  type RbacSnapshot,
  type Role,
  type RoleBinding,
} from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import type { Session } from '../session/sessions.js';
import type { Model } from './cluster-model.js';
import { mayAccess, mayList, type ReadNeed } from './gate.js';

const RBAC = 'rbac.authorization.k8s.io';
const concurrency = 8;

export interface ReadableScope {
  /** Every RBAC object of the cluster is readable: answers are complete. */
  complete: boolean;
  /** May list ClusterRoleBindings in all namespaces. */
  clusterRoleBindings: boolean;
  /** May list ClusterRoles; otherwise only `clusterRoleNames` (those they may get) are readable. */
  clusterRoles: boolean;
  /** ClusterRoles the user may get by name, among those referenced by readable bindings. */
  clusterRoleNames: ReadonlySet<string>;
  /** Namespaces where the user may list RoleBindings ("all" = every namespace). */
  roleBindingNamespaces: 'all' | ReadonlySet<string>;
  /** Namespaces where the user may list both Roles and RoleBindings ("all" = every namespace). */
  namespaces: 'all' | ReadonlySet<string>;
  /** What could not be read, for the "partial" label (cluster-wide lists the user lacks). */
  missing: ReadNeed[];
}

async function eachLimited<T, R>(items: readonly T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

const need = (resource: string, namespace = ''): ReadNeed => ({
  apiGroup: RBAC,
  resource,
  namespace,
});

/** The part of `model` the signed-in user may read (each decision cached a few seconds by the gate). */
export async function readableScope(
  cluster: Cluster,
  session: Session,
  model: Model,
): Promise<ReadableScope> {
  const kinds = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'] as const;
  const answers = await Promise.all(kinds.map((k) => mayList(cluster, session, need(k))));
  const [cr = false, crb = false, roles = false, rbs = false] = answers;
  const missing = kinds.filter((_, i) => !answers[i]).map((k) => need(k));
  if (cr && crb && roles && rbs)
    return {
      complete: true,
      clusterRoleBindings: true,
      clusterRoles: true,
      clusterRoleNames: new Set(),
      roleBindingNamespaces: 'all',
      namespaces: 'all',
      missing: [],
    };

  let roleBindingNamespaces: 'all' | Set<string> = 'all';
  let namespaces: 'all' | Set<string> = 'all';
  if (!rbs || !roles) {
    const candidates = new Set<string>();
    for (const rb of model.snapshot.roleBindings) {
      const ns = rb.metadata.namespace;
      if (ns && !candidates.has(ns) && namesUser(rb, session, ns)) candidates.add(ns);
    }
    const list = [...candidates].sort();
    const perNs = await eachLimited(list, async (ns) => ({
      rb: rbs || (await mayList(cluster, session, need('rolebindings', ns))),
      roles: roles || (await mayList(cluster, session, need('roles', ns))),
    }));
    roleBindingNamespaces = rbs ? 'all' : new Set(list.filter((_, i) => perNs[i]!.rb));
    namespaces = new Set(list.filter((_, i) => perNs[i]!.rb && perNs[i]!.roles));
  }

  const clusterRoleNames = new Set<string>();
  if (!cr) {
    const referenced = new Set<string>();
    const readableNs = (ns: string) =>
      roleBindingNamespaces === 'all' || roleBindingNamespaces.has(ns);
    for (const rb of model.snapshot.roleBindings)
      if (rb.roleRef.kind === 'ClusterRole' && readableNs(rb.metadata.namespace ?? ''))
        referenced.add(rb.roleRef.name);
    if (crb) for (const b of model.snapshot.clusterRoleBindings) referenced.add(b.roleRef.name);
    const names = [...referenced].sort();
    const allowed = await eachLimited(names, (name) =>
      mayAccess(cluster, session, {
        verb: 'get',
        apiGroup: RBAC,
        resource: 'clusterroles',
        namespace: '',
        name,
      }),
    );
    names.forEach((n, i) => allowed[i] && clusterRoleNames.add(n));
  }
  return {
    complete: false,
    clusterRoleBindings: crb,
    clusterRoles: cr,
    clusterRoleNames,
    roleBindingNamespaces,
    namespaces,
    missing,
  };
}

/** The API server adds system:authenticated to every authenticated (and impersonated) user. */
function namesUser(b: RoleBinding, session: Session, ns: string): boolean {
  const user = {
    name: session.user.name,
    groups: [...new Set([...session.user.groups, 'system:authenticated'])],
  };
  return (b.subjects ?? []).some((s) => subjectAppliesTo(user, s, ns));
}

/** The objects of `snapshot` inside `scope`: what a partial analysis is computed from. */
export function scopedSnapshot(snapshot: RbacSnapshot, scope: ReadableScope): RbacSnapshot {
  if (scope.complete) return snapshot;
  const inNs = (set: 'all' | ReadonlySet<string>, o: { metadata: { namespace?: string } }) =>
    set === 'all' || set.has(o.metadata.namespace ?? '');
  const clusterRoles: ClusterRole[] = scope.clusterRoles
    ? snapshot.clusterRoles
    : snapshot.clusterRoles.filter((r) => scope.clusterRoleNames.has(r.metadata.name ?? ''));
  const clusterRoleBindings: ClusterRoleBinding[] = scope.clusterRoleBindings
    ? snapshot.clusterRoleBindings
    : [];
  const roles: Role[] = snapshot.roles.filter((r) => inNs(scope.namespaces, r));
  const roleBindings: RoleBinding[] = snapshot.roleBindings.filter((b) =>
    inNs(scope.namespaces, b),
  );
  return { clusterRoles, clusterRoleBindings, roles, roleBindings };
}
