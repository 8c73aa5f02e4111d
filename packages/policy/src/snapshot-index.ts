// The indexes createAuthorizer builds once: roles by name, bindings by subject, namespace and roleRef.
import { compileRule } from './compiled-rule.js';
import type { CompiledRule } from './compiled-rule.js';
import { goQuote } from './go-format.js';
import { serviceAccountUsername } from './match.js';
import type {
  BindingKind,
  ClusterRole,
  PolicyRule,
  RbacSnapshot,
  Role,
  RoleRef,
  Subject,
} from './types.js';

export interface RoleEntry {
  kind: 'ClusterRole' | 'Role';
  name: string;
  namespace: string;
  rules: readonly PolicyRule[];
  /** The rules with resources, then those with nonResourceURLs, compiled (a legacy rule with both is in both). */
  resourceRules: readonly CompiledRule[];
  urlRules: readonly CompiledRule[];
  /** For roles with many rules: resource string (exact, `*` or `*` + `/sub`) → the resource rules naming it. */
  rulesByResource: Map<string, CompiledRule[]> | undefined;
}

export interface BindingEntry {
  kind: BindingKind;
  name: string;
  namespace: string;
  roleRef: RoleRef;
  subjects: readonly Subject[];
  /** Position in its list: the API server's visiting order. */
  order: number;
  role: RoleEntry | undefined;
  /** Resolution error worded like the API server when the roleRef does not resolve. */
  error: string | undefined;
}

/** Bindings of one scope (all ClusterRoleBindings, or the RoleBindings of one namespace). */
export interface BindingScope {
  namespace: string;
  bindings: BindingEntry[];
  /** Username (including ServiceAccount usernames) → binding positions, ascending. */
  byUser: Map<string, number[]>;
  byGroup: Map<string, number[]>;
  /** `Kind/name` of the roleRef → binding positions, ascending. */
  byRole: Map<string, number[]>;
}

export interface RuleRef {
  role: RoleEntry;
  index: number;
}

export interface SnapshotIndex {
  clusterRoles: Map<string, RoleEntry>;
  roles: Map<string, RoleEntry>;
  cluster: BindingScope;
  namespaces: Map<string, BindingScope>;
  /** Across all namespaces: username / group → the RoleBinding scopes naming it (for per-user views over every namespace). */
  roleBindingScopesByUser: Map<string, BindingScope[]>;
  roleBindingScopesByGroup: Map<string, BindingScope[]>;
  /** `Kind/name` of a roleRef → the RoleBindings of every namespace referencing it. */
  roleBindingsByRoleRef: Map<string, BindingEntry[]>;
  // Resource string of a rule (pods, a star, star-slash-scale, …) → the rules naming it.
  rulesByResource: Map<string, RuleRef[]>;
  /** Rules with nonResourceURLs. */
  nonResourceRules: RuleRef[];
}

const NO_RULES: readonly PolicyRule[] = [];

export function roleKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

export function newScope(namespace: string): BindingScope {
  return { namespace, bindings: [], byUser: new Map(), byGroup: new Map(), byRole: new Map() };
}

/** GetRoleReferenceRules: a Role is looked up in the binding's namespace, a ClusterRole by name. */
export function resolveRoleRef(
  roleRef: RoleRef,
  bindingNamespace: string,
  clusterRoles: Map<string, RoleEntry>,
  roles: Map<string, RoleEntry>,
): { role: RoleEntry | undefined; error: string | undefined } {
  if (roleRef.kind === 'ClusterRole') {
    const role = clusterRoles.get(roleRef.name);
    return role
      ? { role, error: undefined }
      : { role, error: `clusterrole.rbac.authorization.k8s.io ${goQuote(roleRef.name)} not found` };
  }
  if (roleRef.kind === 'Role') {
    const role = roles.get(roleKey(bindingNamespace, roleRef.name));
    return role
      ? { role, error: undefined }
      : { role, error: `role.rbac.authorization.k8s.io ${goQuote(roleRef.name)} not found` };
  }
  return { role: undefined, error: `unsupported role reference kind: ${goQuote(roleRef.kind)}` };
}

export function addBinding(
  scope: BindingScope,
  kind: BindingKind,
  binding: { metadata: { name?: string }; subjects?: Subject[] | null; roleRef: RoleRef },
  index: SnapshotIndex,
): void {
  const order = scope.bindings.length;
  const { role, error } = resolveRoleRef(
    binding.roleRef,
    scope.namespace,
    index.clusterRoles,
    index.roles,
  );
  const subjects = binding.subjects ?? [];
  scope.bindings.push({
    kind,
    name: binding.metadata.name ?? '',
    namespace: scope.namespace,
    roleRef: binding.roleRef,
    subjects,
    order,
    role,
    error,
  });
  push(scope.byRole, `${binding.roleRef.kind}/${binding.roleRef.name}`, order);
  for (const s of subjects) {
    if (s.kind === 'User') push(scope.byUser, s.name, order);
    else if (s.kind === 'Group') push(scope.byGroup, s.name, order);
    else if (s.kind === 'ServiceAccount') {
      const ns = s.namespace || scope.namespace;
      if (ns !== '') push(scope.byUser, serviceAccountUsername(ns, s.name), order);
    }
  }
}

export function indexRules(index: SnapshotIndex, role: RoleEntry): void {
  role.rules.forEach((rule, i) => {
    const ref = { role, index: i };
    for (const r of new Set(rule.resources ?? [])) {
      const list = index.rulesByResource.get(r);
      if (list) list.push(ref);
      else index.rulesByResource.set(r, [ref]);
    }
    if ((rule.nonResourceURLs ?? []).length > 0) index.nonResourceRules.push(ref);
  });
}

export function roleEntry(kind: 'ClusterRole' | 'Role', role: ClusterRole | Role): RoleEntry {
  const rules = role.rules ?? NO_RULES;
  const compiled = rules.map(compileRule);
  return {
    kind,
    name: role.metadata.name ?? '',
    namespace: kind === 'Role' ? (role.metadata.namespace ?? '') : '',
    rules,
    resourceRules: compiled.filter((c) => c.resources.length > 0),
    urlRules: compiled.filter((c) => c.urls.length > 0),
    rulesByResource: roleRulesByResource(compiled),
  };
}

/** A role's own resource → rules map, for roles with many rules (undefined below that). */
export function roleRulesByResource(
  compiled: readonly CompiledRule[],
): Map<string, CompiledRule[]> | undefined {
  return compiled.length > INDEXED_ROLE_SIZE ? rulesByResource(compiled) : undefined;
}

// Below this many rules a linear scan beats three map lookups.
const INDEXED_ROLE_SIZE = 6;

function rulesByResource(compiled: readonly CompiledRule[]): Map<string, CompiledRule[]> {
  const map = new Map<string, CompiledRule[]>();
  for (const c of compiled) {
    for (const r of new Set(c.resources)) {
      const list = map.get(r);
      if (list) list.push(c);
      else map.set(r, [c]);
    }
  }
  return map;
}

// Each scope adds each of its keys once, so a list needs no de-duplication.
export function addScope(map: Map<string, BindingScope[]>, key: string, scope: BindingScope): void {
  const list = map.get(key);
  if (list) list.push(scope);
  else map.set(key, [scope]);
}

/** The namespaces whose RoleBindings name the user or one of its groups. */
export function scopesNaming(
  index: SnapshotIndex,
  name: string,
  groups: readonly string[],
): Set<BindingScope> {
  const out = new Set<BindingScope>(index.roleBindingScopesByUser.get(name));
  for (const g of groups)
    for (const scope of index.roleBindingScopesByGroup.get(g) ?? []) out.add(scope);
  return out;
}

export function buildIndex(snapshot: RbacSnapshot): SnapshotIndex {
  const index: SnapshotIndex = {
    clusterRoles: new Map(),
    roles: new Map(),
    cluster: newScope(''),
    namespaces: new Map(),
    roleBindingScopesByUser: new Map(),
    roleBindingScopesByGroup: new Map(),
    roleBindingsByRoleRef: new Map(),
    rulesByResource: new Map(),
    nonResourceRules: [],
  };
  // First object wins on a duplicate name, as the reference evaluator's find() does.
  for (const cr of snapshot.clusterRoles) {
    const entry = roleEntry('ClusterRole', cr);
    if (!index.clusterRoles.has(entry.name)) {
      index.clusterRoles.set(entry.name, entry);
      indexRules(index, entry);
    }
  }
  for (const r of snapshot.roles) {
    const entry = roleEntry('Role', r);
    const key = roleKey(entry.namespace, entry.name);
    if (!index.roles.has(key)) {
      index.roles.set(key, entry);
      indexRules(index, entry);
    }
  }
  for (const crb of snapshot.clusterRoleBindings)
    addBinding(index.cluster, 'ClusterRoleBinding', crb, index);
  for (const rb of snapshot.roleBindings) {
    const ns = rb.metadata.namespace ?? '';
    // A RoleBinding without a namespace is never consulted (requests with a namespace only).
    if (ns === '') continue;
    let scope = index.namespaces.get(ns);
    if (!scope) {
      scope = newScope(ns);
      index.namespaces.set(ns, scope);
    }
    addBinding(scope, 'RoleBinding', rb, index);
  }
  for (const scope of index.namespaces.values()) {
    for (const key of scope.byUser.keys()) addScope(index.roleBindingScopesByUser, key, scope);
    for (const key of scope.byGroup.keys()) addScope(index.roleBindingScopesByGroup, key, scope);
    for (const binding of scope.bindings) {
      const key = `${binding.roleRef.kind}/${binding.roleRef.name}`;
      const list = index.roleBindingsByRoleRef.get(key);
      if (list) list.push(binding);
      else index.roleBindingsByRoleRef.set(key, [binding]);
    }
  }
  return index;
}

/** Binding positions of a scope that name the user by username or group, ascending and unique. */
export function candidateBindings(
  scope: BindingScope,
  name: string,
  groups: readonly string[],
): number[] {
  const lists: number[][] = [];
  const own = scope.byUser.get(name);
  if (own) lists.push(own);
  for (const g of groups) {
    const l = scope.byGroup.get(g);
    if (l) lists.push(l);
  }
  if (lists.length === 0) return [];
  if (lists.length === 1) return lists[0] ?? [];
  const merged = lists.flat().sort((a, b) => a - b);
  return merged.filter((v, i) => i === 0 || merged[i - 1] !== v);
}
