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
  RoleRef,
  Subject,
  UserInfo,
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

/** A binding whose roleRef names a role that would no longer exist: it grants nothing until the role is back. */
export interface DanglingBinding {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  /** RoleBindings only. */
  namespace?: string;
  roleRef: RoleRef;
}

/** An aggregated ClusterRole (one with an aggregationRule) whose rules the aggregation controller would rewrite. */
export interface AggregatedRoleChange {
  name: string;
  gained: PolicyRule[];
  lost: PolicyRule[];
}

export interface ChangeImpact {
  subjects: SubjectImpact[];
  /** Bindings left pointing at a role the change removes (or written pointing at a missing one). */
  danglingBindings: DanglingBinding[];
  /** ClusterRoles other than the ones written whose aggregated rules would grow or shrink. */
  aggregatedRoles: AggregatedRoleChange[];
}

export interface ImpactOptions {
  /**
   * The identity the API server would see for a binding subject; defaults to `subjectIdentity`
   * (users without groups). Callers that know a user's groups pass them here, so a user who keeps a
   * permission through a group loses nothing.
   */
  identity?: (subject: Subject) => UserInfo | undefined;
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

/** The snapshot as it would be after the changes, applied in order, aggregation controller included. */
export function applyChanges(
  snapshot: RbacSnapshot,
  changes: readonly ProposedChange[],
): RbacSnapshot {
  return changes.reduce((s, c) => applyChange(s, c), snapshot);
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

function roleExists(s: RbacSnapshot): (namespace: string, ref: RoleRef) => boolean {
  const clusterRoles = new Set(s.clusterRoles.map((r) => r.metadata.name ?? ''));
  const roles = new Set(
    s.roles.map((r) => `${r.metadata.namespace ?? ''}/${r.metadata.name ?? ''}`),
  );
  return (namespace, ref) =>
    ref.kind === 'ClusterRole'
      ? clusterRoles.has(ref.name)
      : ref.kind === 'Role' && namespace !== '' && roles.has(`${namespace}/${ref.name}`);
}

/** Bindings whose role is missing after the change, unless they were already dangling and untouched. */
function danglingBindings(before: RbacSnapshot, after: RbacSnapshot): DanglingBinding[] {
  const existedBefore = roleExists(before);
  const existsAfter = roleExists(after);
  const was = new Map<string, string>();
  for (const b of before.clusterRoleBindings)
    was.set(`ClusterRoleBinding/${bindingKey(b)}`, JSON.stringify(b.roleRef));
  for (const b of before.roleBindings)
    was.set(`RoleBinding/${bindingKey(b)}`, JSON.stringify(b.roleRef));
  const out: DanglingBinding[] = [];
  const visit = (
    kind: DanglingBinding['kind'],
    list: readonly (ClusterRoleBinding | RoleBinding)[],
  ) => {
    for (const b of list) {
      const namespace = kind === 'RoleBinding' ? (b.metadata.namespace ?? '') : '';
      if (existsAfter(namespace, b.roleRef)) continue;
      const untouched = was.get(`${kind}/${bindingKey(b)}`) === JSON.stringify(b.roleRef);
      if (untouched && !existedBefore(namespace, b.roleRef)) continue;
      out.push({
        kind,
        name: b.metadata.name ?? '',
        ...(namespace ? { namespace } : {}),
        roleRef: b.roleRef,
      });
    }
  };
  visit('ClusterRoleBinding', after.clusterRoleBindings);
  visit('RoleBinding', after.roleBindings);
  return out.sort((a, b) =>
    `${a.kind}/${a.namespace ?? ''}/${a.name}`.localeCompare(
      `${b.kind}/${b.namespace ?? ''}/${b.name}`,
    ),
  );
}

/** Aggregated ClusterRoles, other than those written, whose rules the controller would change. */
function aggregatedRoleChanges(
  before: RbacSnapshot,
  after: RbacSnapshot,
  changes: readonly ProposedChange[],
): AggregatedRoleChange[] {
  const written = new Set(
    changes.filter((c) => c.object.kind === 'ClusterRole').map((c) => c.object.metadata.name ?? ''),
  );
  const rulesBefore = new Map(
    before.clusterRoles.map((r) => [r.metadata.name ?? '', r.rules ?? []]),
  );
  const out: AggregatedRoleChange[] = [];
  for (const r of after.clusterRoles) {
    const name = r.metadata.name ?? '';
    if (!r.aggregationRule || written.has(name)) continue;
    const was = rulesBefore.get(name);
    if (!was) continue;
    const now = r.rules ?? [];
    const gained = difference(was, now);
    const lost = difference(now, was);
    if (gained.length || lost.length) out.push({ name, gained, lost });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function isList(c: ProposedChange | readonly ProposedChange[]): c is readonly ProposedChange[] {
  return Array.isArray(c);
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
  change: ProposedChange | readonly ProposedChange[],
  before: Authorizer = createAuthorizer(snapshot),
  options: ImpactOptions = {},
): ChangeImpact {
  const changes: readonly ProposedChange[] = isList(change) ? change : [change];
  const identity = options.identity ?? ((s: Subject) => subjectIdentity(s));
  const next = applyChanges(snapshot, changes);
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
    const user = identity(subject);
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
  return {
    subjects,
    danglingBindings: danglingBindings(snapshot, next),
    aggregatedRoles: aggregatedRoleChanges(snapshot, next, changes),
  };
}
