// Impact of a proposed role or binding change: who gains and who loses which permissions, and where.
import { aggregateClusterRoles } from './aggregate.js';
import { createAuthorizer } from './authorizer.js';
import type { Authorizer } from './authorizer.js';
import { rulesCover } from './covers.js';
import { compactRules } from './messages.js';
import { subjectIdentity } from './impact.js';
import type {
  ClusterRoleBinding,
  PolicyRule,
  RbacObject,
  RbacSnapshot,
  RoleBinding,
  Subject,
} from './types.js';

export interface ProposedChange {
  operation: 'create' | 'update' | 'delete';
  /** The object as it would be written (for delete: the object to delete). */
  object: RbacObject;
}

export interface ScopedRules {
  /** "" = through ClusterRoleBindings, in every namespace and cluster-wide. */
  namespace: string;
  /** Atomic rules, compacted (verbs of one resource merged). */
  rules: PolicyRule[];
}

export interface SubjectImpact {
  /** ServiceAccounts carry their (defaulted) namespace. */
  subject: Subject;
  gained: ScopedRules[];
  lost: ScopedRules[];
}

export interface ChangeImpact {
  subjects: SubjectImpact[];
}

type Listed = { metadata: { name?: string; namespace?: string } };

function sameObject(a: Listed, b: Listed): boolean {
  return (
    a.metadata.name === b.metadata.name &&
    (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '')
  );
}

function replaced<T extends Listed>(list: readonly T[], object: T, remove: boolean): T[] {
  const rest = list.filter((o) => !sameObject(o, object));
  return remove ? rest : [...rest, object];
}

/** The snapshot as it would be after the change, aggregation controller included. */
export function applyChange(snapshot: RbacSnapshot, change: ProposedChange): RbacSnapshot {
  const { object } = change;
  const remove = change.operation === 'delete';
  switch (object.kind) {
    case 'ClusterRole':
      return {
        ...snapshot,
        clusterRoles: aggregateClusterRoles(replaced(snapshot.clusterRoles, object, remove)),
      };
    case 'Role':
      return { ...snapshot, roles: replaced(snapshot.roles, object, remove) };
    case 'ClusterRoleBinding':
      return {
        ...snapshot,
        clusterRoleBindings: replaced(snapshot.clusterRoleBindings, object, remove),
      };
    case 'RoleBinding':
      return { ...snapshot, roleBindings: replaced(snapshot.roleBindings, object, remove) };
  }
}

function roleKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${kind === 'Role' ? namespace : ''}/${name}`;
}

/** Roles whose rules differ between the snapshots (aggregated ClusterRoles included). */
function changedRoles(before: RbacSnapshot, after: RbacSnapshot): Set<string> {
  const rulesOf = (s: RbacSnapshot): Map<string, string> => {
    const m = new Map<string, string>();
    for (const r of s.clusterRoles)
      m.set(roleKey('ClusterRole', '', r.metadata.name ?? ''), JSON.stringify(r.rules ?? []));
    for (const r of s.roles)
      m.set(
        roleKey('Role', r.metadata.namespace ?? '', r.metadata.name ?? ''),
        JSON.stringify(r.rules ?? []),
      );
    return m;
  };
  const a = rulesOf(before);
  const b = rulesOf(after);
  const changed = new Set<string>();
  for (const k of new Set([...a.keys(), ...b.keys()])) if (a.get(k) !== b.get(k)) changed.add(k);
  return changed;
}

function bindingKey(b: ClusterRoleBinding | RoleBinding): string {
  return `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
}

/** Bindings that differ between the snapshots, or that refer to a role whose rules changed. */
function affectedBindings(
  before: RbacSnapshot,
  after: RbacSnapshot,
): Array<{ binding: ClusterRoleBinding | RoleBinding; namespace: string }> {
  const roles = changedRoles(before, after);
  const out: Array<{ binding: ClusterRoleBinding | RoleBinding; namespace: string }> = [];
  const visit = (
    mine: readonly (ClusterRoleBinding | RoleBinding)[],
    theirs: readonly (ClusterRoleBinding | RoleBinding)[],
    namespaced: boolean,
  ) => {
    const other = new Map(
      theirs.map((b) => [bindingKey(b), JSON.stringify([b.roleRef, b.subjects ?? []])]),
    );
    for (const b of mine) {
      const namespace = namespaced ? (b.metadata.namespace ?? '') : '';
      const differs = other.get(bindingKey(b)) !== JSON.stringify([b.roleRef, b.subjects ?? []]);
      if (differs || roles.has(roleKey(b.roleRef.kind, namespace, b.roleRef.name)))
        out.push({ binding: b, namespace });
    }
  };
  visit(before.clusterRoleBindings, after.clusterRoleBindings, false);
  visit(after.clusterRoleBindings, before.clusterRoleBindings, false);
  visit(before.roleBindings, after.roleBindings, true);
  visit(after.roleBindings, before.roleBindings, true);
  return out;
}

function subjectKey(s: Subject): string {
  return `${s.kind}/${s.namespace ?? ''}/${s.name}`;
}

function difference(owner: readonly PolicyRule[], requested: readonly PolicyRule[]): PolicyRule[] {
  return compactRules(rulesCover(owner, requested).uncovered);
}

/**
 * Who gains and who loses what if `change` is applied to `snapshot`. Each subject named by an affected
 * binding is taken on its own (users without their groups), as `subjectIdentity` does; gains held only
 * in a namespace are reported there, gains through ClusterRoleBindings once under "".
 */
export function changeImpact(
  snapshot: RbacSnapshot,
  change: ProposedChange,
  before: Authorizer = createAuthorizer(snapshot),
): ChangeImpact {
  const next = applyChange(snapshot, change);
  const after = createAuthorizer(next);
  const scopes = new Map<string, { subject: Subject; namespaces: Set<string> }>();
  for (const { binding, namespace } of affectedBindings(snapshot, next)) {
    for (const s of binding.subjects ?? []) {
      if (s.kind !== 'User' && s.kind !== 'Group' && s.kind !== 'ServiceAccount') continue;
      const subject: Subject =
        s.kind === 'ServiceAccount' ? { ...s, namespace: s.namespace || namespace } : s;
      if (subject.kind === 'ServiceAccount' && !subject.namespace) continue;
      const k = subjectKey(subject);
      const entry = scopes.get(k) ?? { subject, namespaces: new Set<string>() };
      entry.namespaces.add(namespace);
      scopes.set(k, entry);
    }
  }
  const subjects: SubjectImpact[] = [];
  for (const { subject, namespaces } of scopes.values()) {
    const user = subjectIdentity(subject);
    if (!user) continue;
    const beforeCluster = before.effectiveRules(user, '').rules;
    const afterCluster = after.effectiveRules(user, '').rules;
    const impact: SubjectImpact = { subject, gained: [], lost: [] };
    const add = (namespace: string, gained: PolicyRule[], lost: PolicyRule[]) => {
      if (gained.length) impact.gained.push({ namespace, rules: gained });
      if (lost.length) impact.lost.push({ namespace, rules: lost });
    };
    add('', difference(beforeCluster, afterCluster), difference(afterCluster, beforeCluster));
    for (const ns of [...namespaces].filter((n) => n !== '').sort()) {
      const was = before.effectiveRules(user, ns).rules;
      const now = after.effectiveRules(user, ns).rules;
      // What changed cluster-wide was reported under "".
      add(
        ns,
        difference([...was, ...afterCluster], now),
        difference([...now, ...beforeCluster], was),
      );
    }
    if (impact.gained.length || impact.lost.length) subjects.push(impact);
  }
  subjects.sort((a, b) => subjectKey(a.subject).localeCompare(subjectKey(b.subject)));
  return { subjects };
}
