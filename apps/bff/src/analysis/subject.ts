// Subject view: every binding naming a user, group or ServiceAccount, and what those bindings grant.
import { compactRules, subjectAppliesTo, type PolicyRule } from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import type { Session } from '../session/sessions.js';
import type { ClusterModel } from './cluster-model.js';
import type { SubjectBinding, SubjectViewResponse } from './contract.js';
import type { SubjectResolver } from './groups.js';
import { scopedModel, unreadableErrors } from './scoped.js';

export async function subjectView(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
  subject: SubjectResolver,
): Promise<SubjectViewResponse> {
  const current = await scopedModel(cluster, session, model);
  const unreadable = new Set(current.label.unreadableRoles);
  const marks = (ref: { kind: string; name: string }) =>
    ref.kind === 'ClusterRole' && unreadable.has(ref.name) ? { roleUnreadable: true as const } : {};
  const { snapshot, authorizer } = current;
  const { user, groupSources } = await subject(current);
  const bindings: SubjectBinding[] = [];
  const perNamespace = new Map<string, PolicyRule[]>();
  const errors: string[] = [];
  for (const b of snapshot.clusterRoleBindings) {
    if (!(b.subjects ?? []).some((s) => subjectAppliesTo(user, s, ''))) continue;
    const { error } = authorizer.effectiveRoleRules(b.roleRef, '');
    if (error) errors.push(error);
    bindings.push({
      kind: 'ClusterRoleBinding',
      name: b.metadata.name ?? '',
      roleRef: b.roleRef,
      roleFound: !error,
      ...marks(b.roleRef),
    });
  }
  for (const b of snapshot.roleBindings) {
    const ns = b.metadata.namespace ?? '';
    if (!(b.subjects ?? []).some((s) => subjectAppliesTo(user, s, ns))) continue;
    const { rules, error } = authorizer.effectiveRoleRules(b.roleRef, ns);
    if (error) errors.push(error);
    bindings.push({
      kind: 'RoleBinding',
      name: b.metadata.name ?? '',
      namespace: ns,
      roleRef: b.roleRef,
      roleFound: !error,
      ...marks(b.roleRef),
    });
    perNamespace.set(ns, [...(perNamespace.get(ns) ?? []), ...rules]);
  }
  bindings.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
      a.name.localeCompare(b.name),
  );
  return {
    user,
    ...(groupSources ? { groupSources } : {}),
    bindings,
    clusterRules: compactRules(authorizer.effectiveRules(user, '').rules),
    namespaces: [...perNamespace.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([namespace, rules]) => ({ namespace, rules: compactRules(rules) })),
    errors: unreadableErrors(errors, current.label),
    scope: current.label,
  };
}
