// createIncrementalAuthorizer: the authorizer's index kept current by watch events instead of rebuilt.
import { authorizerOver } from './authorizer.js';
import { RBAC_GROUP, serviceAccountUsername } from './match.js';
import type { Authorizer } from './authorizer.js';
import {
  addBinding,
  addScope,
  buildIndex,
  indexRules,
  newScope,
  resolveRoleRef,
  roleEntry,
  roleKey,
  roleRulesByResource,
} from './snapshot-index.js';
import { compileRule } from './compiled-rule.js';
import type { CompiledRule } from './compiled-rule.js';
import type { BindingEntry, BindingScope, RoleEntry, SnapshotIndex } from './snapshot-index.js';
import type {
  BindingKind,
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  RbacSnapshot,
  Role,
  RoleBinding,
} from './types.js';

export type RbacKind = 'ClusterRole' | 'Role' | 'ClusterRoleBinding' | 'RoleBinding';

/** One watch event on an RBAC collection (BOOKMARK and ERROR are the watcher's business). */
export type RbacEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED' } & (
  | { kind: 'ClusterRole'; object: ClusterRole }
  | { kind: 'Role'; object: Role }
  | { kind: 'ClusterRoleBinding'; object: ClusterRoleBinding }
  | { kind: 'RoleBinding'; object: RoleBinding }
);

export interface IncrementalAuthorizer {
  /**
   * Applies one event. Objects are keyed by kind, namespace and name, as a watch cache keys them:
   * ADDED or MODIFIED of a known key replaces the object in place (its visiting position stays),
   * of a new key appends it; DELETED removes it (an unknown key is ignored).
   */
  apply(event: RbacEvent): void;
  /** Replaces everything (after a re-list), as a fresh createIncrementalAuthorizer would. */
  reset(snapshot: RbacSnapshot): void;
  /**
   * The authorizer over the current objects. Take it again after apply(): one taken before keeps
   * a per-user cache of the ClusterRoleBindings that is not updated.
   */
  readonly authorizer: Authorizer;
  /** The current objects, in visiting order (built on first read after a change). */
  readonly snapshot: RbacSnapshot;
}

type Binding = RoleBinding | ClusterRoleBinding;

/** What fills the slot of a deleted binding until its scope is compacted (no map lists it). */
const DEAD: BindingEntry = {
  kind: 'ClusterRoleBinding',
  name: '',
  namespace: '',
  roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: '' },
  subjects: [],
  order: 0,
  role: undefined,
  error: undefined,
};

const NO_RULES: readonly PolicyRule[] = [];

function sameList(
  a: readonly string[] | null | undefined,
  b: readonly string[] | null | undefined,
): boolean {
  const x = a ?? NO_STRINGS;
  const y = b ?? NO_STRINGS;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
const NO_STRINGS: readonly string[] = [];

/** Same rule as far as any decision goes (the compiled form reads these five lists only). */
function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return (
    sameList(a.verbs, b.verbs) &&
    sameList(a.apiGroups, b.apiGroups) &&
    sameList(a.resources, b.resources) &&
    sameList(a.resourceNames, b.resourceNames) &&
    sameList(a.nonResourceURLs, b.nonResourceURLs)
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What the index reads from a binding: changes elsewhere (labels, resourceVersion) change no answer. */
function bindingBody(b: Binding): unknown {
  return [b.roleRef, b.subjects ?? []];
}

/**
 * An authorizer whose index follows add, update and delete events of the four RBAC kinds. After any
 * sequence of events it answers exactly as `createAuthorizer(snapshot)` over the objects it holds:
 * a binding change rebuilds only its scope (the namespace's RoleBindings, or the ClusterRoleBindings;
 * a new binding is appended without a rebuild) and that namespace's entries in the cross-namespace
 * maps; a role change re-resolves only the bindings whose roleRef names it.
 */
export function createIncrementalAuthorizer(snapshot: RbacSnapshot): IncrementalAuthorizer {
  // The objects in list order (Map insertion order), keyed like a watch cache.
  let clusterRoles = new Map<string, ClusterRole>();
  let roles = new Map<string, Role>();
  let clusterRoleBindings = new Map<string, ClusterRoleBinding>();
  let roleBindings = new Map<string, RoleBinding>();
  // RoleBindings by namespace, in list order; each key's position in the whole list.
  let byNamespace = new Map<string, Map<string, RoleBinding>>();
  let seqOf = new Map<string, number>();
  let nextSeq = 0;
  // A namespace scope's rank: the list position of its first RoleBinding, which orders the
  // namespaces in roleBindingsByRoleRef as a from-scratch build meets them.
  let rankOf = new Map<string, number>();
  // ClusterRoleBinding name → its position in the cluster scope; how many slots are dead.
  let crbPos = new Map<string, number>();
  let deadCrbs = 0;
  let index: SnapshotIndex;
  let authorizer: Authorizer | undefined;
  let materialized: RbacSnapshot | undefined;

  function reset(snap: RbacSnapshot): void {
    clusterRoles = new Map(snap.clusterRoles.map((o) => [o.metadata.name ?? '', o]));
    roles = new Map(
      snap.roles.map((o) => [roleKey(o.metadata.namespace ?? '', o.metadata.name ?? ''), o]),
    );
    clusterRoleBindings = new Map(snap.clusterRoleBindings.map((o) => [o.metadata.name ?? '', o]));
    roleBindings = new Map();
    byNamespace = new Map();
    seqOf = new Map();
    rankOf = new Map();
    nextSeq = 0;
    for (const rb of snap.roleBindings) upsertRoleBindingObject(rb);
    index = buildIndex(current());
    for (const ns of byNamespace.keys()) rankOf.set(ns, firstSeq(ns));
    positionClusterRoleBindings();
    changed();
  }

  function changed(): void {
    authorizer = undefined;
    materialized = undefined;
  }

  function current(): RbacSnapshot {
    materialized ??= {
      clusterRoles: [...clusterRoles.values()],
      roles: [...roles.values()],
      clusterRoleBindings: [...clusterRoleBindings.values()],
      roleBindings: [...roleBindings.values()],
    };
    return materialized;
  }

  /** Records the object; true when the key was already known. */
  function upsertRoleBindingObject(rb: RoleBinding): boolean {
    const ns = rb.metadata.namespace ?? '';
    const name = rb.metadata.name ?? '';
    const key = roleKey(ns, name);
    const known = roleBindings.has(key);
    roleBindings.set(key, rb);
    if (!known) seqOf.set(key, nextSeq++);
    let inNs = byNamespace.get(ns);
    if (!inNs) byNamespace.set(ns, (inNs = new Map()));
    inNs.set(name, rb);
    return known;
  }

  function firstSeq(ns: string): number {
    const inNs = byNamespace.get(ns);
    const first = inNs?.keys().next();
    return first && !first.done ? (seqOf.get(roleKey(ns, first.value)) ?? 0) : 0;
  }

  function rebuildScope(scope: BindingScope, kind: BindingKind, objects: Iterable<Binding>): void {
    scope.bindings = [];
    scope.byUser = new Map();
    scope.byGroup = new Map();
    scope.byRole = new Map();
    for (const o of objects) addBinding(scope, kind, o, index);
  }

  function removeScopeFrom(map: Map<string, BindingScope[]>, key: string, scope: BindingScope) {
    const list = map.get(key);
    if (!list) return;
    const rest = list.filter((s) => s !== scope);
    if (rest.length === 0) map.delete(key);
    else map.set(key, rest);
  }

  function diffKeys(
    map: Map<string, BindingScope[]>,
    before: Set<string>,
    after: Map<string, number[]>,
    scope: BindingScope,
  ): void {
    for (const key of before) if (!after.has(key)) removeScopeFrom(map, key, scope);
    for (const key of after.keys()) if (!before.has(key)) addScope(map, key, scope);
  }

  /** First position in the list whose namespace ranks at or after `rank` (namespaces are contiguous, in rank order). */
  function lowerBound(list: readonly BindingEntry[], rank: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = list[mid];
      if (other && (rankOf.get(other.namespace) ?? 0) < rank) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Lists like ClusterRole/view hold a RoleBinding of nearly every namespace: a namespace's block is
  // found by binary search on its rank, never by scanning the list.
  function removeRoleRefEntries(key: string, ns: string, rank: number): void {
    const list = index.roleBindingsByRoleRef.get(key);
    if (!list) return;
    const start = lowerBound(list, rank);
    let end = start;
    while (end < list.length && list[end]?.namespace === ns) end++;
    list.splice(start, end - start);
    if (list.length === 0) index.roleBindingsByRoleRef.delete(key);
  }

  function insertRoleRefEntries(key: string, scope: BindingScope, rank: number): void {
    const mine = (scope.byRole.get(key) ?? [])
      .map((pos) => scope.bindings[pos])
      .filter((b): b is BindingEntry => b !== undefined);
    if (mine.length === 0) return;
    const list = index.roleBindingsByRoleRef.get(key);
    if (!list) index.roleBindingsByRoleRef.set(key, mine);
    else list.splice(lowerBound(list, rank), 0, ...mine);
  }

  function updateNamespace(ns: string, appended: RoleBinding | undefined): void {
    let scope = index.namespaces.get(ns);
    const users = new Set(scope?.byUser.keys());
    const groups = new Set(scope?.byGroup.keys());
    const oldRank = rankOf.get(ns);
    if (scope && oldRank !== undefined)
      for (const key of scope.byRole.keys()) removeRoleRefEntries(key, ns, oldRank);
    const inNs = byNamespace.get(ns);
    if (!inNs || inNs.size === 0) {
      byNamespace.delete(ns);
      rankOf.delete(ns);
      if (!scope) return;
      index.namespaces.delete(ns);
      const empty = newScope(ns);
      diffKeys(index.roleBindingScopesByUser, users, empty.byUser, scope);
      diffKeys(index.roleBindingScopesByGroup, groups, empty.byGroup, scope);
      return;
    }
    if (!scope) {
      scope = newScope(ns);
      index.namespaces.set(ns, scope);
    }
    if (appended) addBinding(scope, 'RoleBinding', appended, index);
    else rebuildScope(scope, 'RoleBinding', inNs.values());
    const rank = firstSeq(ns);
    rankOf.set(ns, rank);
    diffKeys(index.roleBindingScopesByUser, users, scope.byUser, scope);
    diffKeys(index.roleBindingScopesByGroup, groups, scope.byGroup, scope);
    for (const key of scope.byRole.keys()) insertRoleRefEntries(key, scope, rank);
  }

  /** The byUser, byGroup and byRole keys a binding is listed under, as addBinding lists it. */
  function keysOf(b: Pick<BindingEntry, 'subjects' | 'roleRef'>, namespace: string) {
    const users = new Set<string>();
    const groups = new Set<string>();
    for (const s of b.subjects) {
      if (s.kind === 'User') users.add(s.name);
      else if (s.kind === 'Group') groups.add(s.name);
      else if (s.kind === 'ServiceAccount') {
        const ns = s.namespace || namespace;
        if (ns !== '') users.add(serviceAccountUsername(ns, s.name));
      }
    }
    return { users, groups, role: `${b.roleRef.kind}/${b.roleRef.name}` };
  }

  function search(list: readonly number[], pos: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] ?? 0) < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function removePos(map: Map<string, number[]>, key: string, pos: number): void {
    const list = map.get(key);
    if (!list) return;
    const i = search(list, pos);
    if (list[i] === pos) list.splice(i, 1);
    if (list.length === 0) map.delete(key);
  }

  function insertPos(map: Map<string, number[]>, key: string, pos: number): void {
    const list = map.get(key);
    if (!list) return void map.set(key, [pos]);
    const i = search(list, pos);
    if (list[i] !== pos) list.splice(i, 0, pos);
  }

  /** Replaces the binding at `pos` of the scope and its positions in the scope's maps; no other moves. */
  function replaceInPlace(scope: BindingScope, kind: BindingKind, pos: number, b: Binding): void {
    const old = scope.bindings[pos];
    if (!old) return;
    const before = keysOf(old, scope.namespace);
    for (const u of before.users) removePos(scope.byUser, u, pos);
    for (const g of before.groups) removePos(scope.byGroup, g, pos);
    removePos(scope.byRole, before.role, pos);
    const { role, error } = resolveRoleRef(
      b.roleRef,
      scope.namespace,
      index.clusterRoles,
      index.roles,
    );
    const entry: BindingEntry = {
      kind,
      name: b.metadata.name ?? '',
      namespace: scope.namespace,
      roleRef: b.roleRef,
      subjects: b.subjects ?? [],
      order: pos,
      role,
      error,
    };
    scope.bindings[pos] = entry;
    const after = keysOf(entry, scope.namespace);
    for (const u of after.users) insertPos(scope.byUser, u, pos);
    for (const g of after.groups) insertPos(scope.byGroup, g, pos);
    insertPos(scope.byRole, after.role, pos);
  }

  /**
   * Takes the binding at `pos` out of the scope's maps, leaving its slot dead: no map lists the
   * position, so no decision reaches it, and every other binding keeps its position (visiting order
   * is the order of positions, never their values).
   */
  function removeAt(scope: BindingScope, pos: number): void {
    const old = scope.bindings[pos];
    if (!old) return;
    const before = keysOf(old, scope.namespace);
    for (const u of before.users) removePos(scope.byUser, u, pos);
    for (const g of before.groups) removePos(scope.byGroup, g, pos);
    removePos(scope.byRole, before.role, pos);
    scope.bindings[pos] = { ...DEAD, order: pos };
  }

  function applyClusterRoleBinding(type: RbacEvent['type'], crb: ClusterRoleBinding): void {
    const name = crb.metadata.name ?? '';
    const old = clusterRoleBindings.get(name);
    if (type === 'DELETED') {
      if (!old) return;
      clusterRoleBindings.delete(name);
      const pos = crbPos.get(name);
      crbPos.delete(name);
      // O(this binding): its positions leave the maps; the scope is compacted (rebuilt) only
      // when dead slots would outnumber live ones, so a deletion costs O(1) amortized on top.
      if (pos !== undefined && deadCrbs < clusterRoleBindings.size) {
        removeAt(index.cluster, pos);
        deadCrbs++;
        return;
      }
    } else {
      clusterRoleBindings.set(name, crb);
      if (!old) {
        crbPos.set(name, index.cluster.bindings.length);
        addBinding(index.cluster, 'ClusterRoleBinding', crb, index);
        return;
      }
      if (sameJson(bindingBody(old), bindingBody(crb))) return;
      const pos = crbPos.get(name);
      // Modified in place: its position, and so everyone else's, stays.
      if (pos !== undefined) return replaceInPlace(index.cluster, 'ClusterRoleBinding', pos, crb);
    }
    // Compaction: the scope is rebuilt from the live bindings.
    rebuildScope(index.cluster, 'ClusterRoleBinding', clusterRoleBindings.values());
    positionClusterRoleBindings();
  }

  function positionClusterRoleBindings(): void {
    crbPos = new Map(index.cluster.bindings.map((b, i) => [b.name, i]));
    deadCrbs = 0;
  }

  function applyRoleBinding(type: RbacEvent['type'], rb: RoleBinding): void {
    const ns = rb.metadata.namespace ?? '';
    const name = rb.metadata.name ?? '';
    const key = roleKey(ns, name);
    const old = roleBindings.get(key);
    if (type === 'DELETED') {
      if (!old) return;
      roleBindings.delete(key);
      seqOf.delete(key);
      byNamespace.get(ns)?.delete(name);
      // A RoleBinding without a namespace is never indexed (see buildIndex).
      if (ns !== '') updateNamespace(ns, undefined);
      return;
    }
    upsertRoleBindingObject(rb);
    if (ns === '') return;
    if (!old) updateNamespace(ns, rb);
    else if (!sameJson(bindingBody(old), bindingBody(rb))) updateNamespace(ns, undefined);
  }

  function unindexRules(role: RoleEntry): void {
    const resources = new Set<string>();
    let urls = false;
    for (const rule of role.rules) {
      for (const r of rule.resources ?? []) resources.add(r);
      if ((rule.nonResourceURLs ?? []).length > 0) urls = true;
    }
    for (const r of resources) {
      const list = index.rulesByResource.get(r);
      if (!list) continue;
      const rest = list.filter((ref) => ref.role !== role);
      if (rest.length === 0) index.rulesByResource.delete(r);
      else index.rulesByResource.set(r, rest);
    }
    if (urls) index.nonResourceRules = index.nonResourceRules.filter((ref) => ref.role !== role);
  }

  /**
   * A role whose rules changed keeps its entry: the rules that stayed keep their compiled form and
   * their place in the indexes, only the changed positions are compiled and re-indexed, and every
   * binding resolved to the entry sees the new rules without being visited (ClusterRole view is
   * named by thousands of RoleBindings).
   */
  function updateRoleInPlace(entry: RoleEntry, rules: readonly PolicyRule[]): void {
    const oldRules = entry.rules;
    const compiled: (CompiledRule | undefined)[] = [];
    for (const c of entry.resourceRules) compiled[c.index] = c;
    for (const c of entry.urlRules) compiled[c.index] = c;
    const changed: number[] = [];
    const next: CompiledRule[] = [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as PolicyRule;
      const before = compiled[i];
      const old = oldRules[i];
      if (before && old && sameRule(old, rule)) {
        before.rule = rule;
        next.push(before);
      } else {
        if (i < oldRules.length) changed.push(i);
        next.push(compileRule(rule, i));
      }
    }
    for (let i = rules.length; i < oldRules.length; i++) changed.push(i);
    for (let i = oldRules.length; i < rules.length; i++) changed.push(i);
    entry.rules = rules;
    if (changed.length === 0) return;
    entry.resourceRules = next.filter((c) => c.resources.length > 0);
    entry.urlRules = next.filter((c) => c.urls.length > 0);
    // The role's own resource → rules map: patched at the changed positions, or built anew.
    const byResource = entry.rulesByResource;
    if (!byResource || next.length <= 6 || changed.length * 4 > next.length) {
      entry.rulesByResource = roleRulesByResource(next);
    } else {
      for (const i of changed) {
        const gone = compiled[i];
        if (gone)
          for (const r of new Set(gone.resources)) {
            const list = byResource.get(r);
            if (!list) continue;
            const at = list.indexOf(gone);
            if (at >= 0) list.splice(at, 1);
            if (list.length === 0) byResource.delete(r);
          }
        const added = next[i];
        if (added)
          for (const r of new Set(added.resources)) {
            const list = byResource.get(r);
            if (!list) byResource.set(r, [added]);
            else {
              let at = list.length;
              while (at > 0 && (list[at - 1]?.index ?? 0) > i) at--;
              list.splice(at, 0, added);
            }
          }
      }
    }
    // The index over all roles: a rule reference is the role and the rule's position, so only the
    // resources a changed position gained or lost move.
    for (const i of changed) {
      const was = new Set(oldRules[i]?.resources ?? []);
      const now = new Set(rules[i]?.resources ?? []);
      for (const r of was) {
        if (now.has(r)) continue;
        const list = index.rulesByResource.get(r);
        if (!list) continue;
        const at = list.findIndex((ref) => ref.role === entry && ref.index === i);
        if (at >= 0) list.splice(at, 1);
        if (list.length === 0) index.rulesByResource.delete(r);
      }
      for (const r of now) {
        if (was.has(r)) continue;
        const list = index.rulesByResource.get(r);
        const ref = { role: entry, index: i };
        if (list) list.push(ref);
        else index.rulesByResource.set(r, [ref]);
      }
      const urlsWere = (oldRules[i]?.nonResourceURLs ?? []).length > 0;
      const urlsNow = (rules[i]?.nonResourceURLs ?? []).length > 0;
      if (urlsWere && !urlsNow)
        index.nonResourceRules = index.nonResourceRules.filter(
          (ref) => ref.role !== entry || ref.index !== i,
        );
      else if (!urlsWere && urlsNow) index.nonResourceRules.push({ role: entry, index: i });
    }
  }

  function applyRole(
    kind: 'ClusterRole' | 'Role',
    type: RbacEvent['type'],
    object: ClusterRole | Role,
  ): void {
    const name = object.metadata.name ?? '';
    const ns = kind === 'Role' ? (object.metadata.namespace ?? '') : '';
    const key = kind === 'Role' ? roleKey(ns, name) : name;
    const objects: Map<string, ClusterRole | Role> = kind === 'Role' ? roles : clusterRoles;
    const entries = kind === 'Role' ? index.roles : index.clusterRoles;
    const old = objects.get(key);
    if (type === 'DELETED') {
      if (!old) return;
      objects.delete(key);
    } else {
      objects.set(key, object);
      const entry = old ? entries.get(key) : undefined;
      // A known role changed (or not): its entry, and every binding resolved to it, stays.
      if (entry) return updateRoleInPlace(entry, object.rules ?? NO_RULES);
    }
    const oldEntry = entries.get(key);
    if (oldEntry) unindexRules(oldEntry);
    if (type === 'DELETED') entries.delete(key);
    else {
      const entry = roleEntry(kind, object);
      entries.set(key, entry);
      indexRules(index, entry);
    }
    const ref = `${kind}/${name}`;
    // Every binding naming this role resolves alike (a Role within its namespace): resolve once.
    const roleRef = { apiGroup: RBAC_GROUP, kind, name };
    const resolved = resolveRoleRef(roleRef, ns, index.clusterRoles, index.roles);
    const assign = (b: BindingEntry | undefined) => {
      if (!b) return;
      b.role = resolved.role;
      b.error = resolved.error;
    };
    if (kind === 'ClusterRole') {
      for (const pos of index.cluster.byRole.get(ref) ?? []) assign(index.cluster.bindings[pos]);
      for (const b of index.roleBindingsByRoleRef.get(ref) ?? []) assign(b);
    } else {
      const scope = ns === '' ? index.cluster : index.namespaces.get(ns);
      for (const pos of scope?.byRole.get(ref) ?? []) assign(scope?.bindings[pos]);
    }
  }

  reset(snapshot);
  return {
    apply(event: RbacEvent): void {
      materialized = undefined;
      authorizer = undefined;
      switch (event.kind) {
        case 'ClusterRole':
          applyRole('ClusterRole', event.type, event.object);
          break;
        case 'Role':
          applyRole('Role', event.type, event.object);
          break;
        case 'ClusterRoleBinding':
          applyClusterRoleBinding(event.type, event.object);
          break;
        case 'RoleBinding':
          applyRoleBinding(event.type, event.object);
          break;
      }
    },
    reset,
    get authorizer(): Authorizer {
      authorizer ??= authorizerOver(index);
      return authorizer;
    },
    get snapshot(): RbacSnapshot {
      return current();
    },
  };
}
