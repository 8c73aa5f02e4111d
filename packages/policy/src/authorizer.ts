// createAuthorizer: the RBAC authorizer over an indexed snapshot.
import { appliesTo, isNonResourceRequest, ruleAllows } from './match.js';
import { allowedReason, deniedReason } from './messages.js';
import { MatrixShape, STANDARD_VERBS, makeMatrix, orInto } from './access-matrix.js';
import type { AccessMatrix, ResourceType } from './access-matrix.js';
import { checkWrite } from './escalation.js';
import { buildIndex, candidateBindings, resolveRoleRef, scopesNaming } from './snapshot-index.js';
import type { BindingEntry, BindingScope, SnapshotIndex } from './snapshot-index.js';
import { subjectRules } from './rules-for.js';
import { whoCan } from './who-can.js';
import type {
  AuthorizationRequest,
  ConsideredBinding,
  Decision,
  Match,
  PolicyRule,
  RbacObject,
  RbacSnapshot,
  RoleRef,
  SubjectMatch,
  SubjectRules,
  UserInfo,
  WriteCheck,
} from './types.js';

export interface Authorizer {
  /**
   * The RBAC authorizer's decision, as kube-apiserver's RBAC layer makes it. It does not model the
   * privileged-groups authorizer that runs before RBAC (system:masters is allowed everything there):
   * callers that stand in for the whole API server check `isSystemMaster(user)` first.
   */
  authorize(user: UserInfo, request: AuthorizationRequest): Decision;
  /** Rules that apply in the namespace (cluster-wide ones included), like SelfSubjectRulesReview. */
  rulesFor(user: UserInfo, namespace?: string): SubjectRules;
  /** The user's effective PolicyRules in a namespace ("" = ClusterRoleBindings only) and resolution errors. */
  effectiveRules(user: UserInfo, namespace?: string): { rules: PolicyRule[]; errors: string[] };
  /** The rules a roleRef grants in a binding's namespace ("" for a ClusterRoleBinding), or why it does not resolve. */
  effectiveRoleRules(roleRef: RoleRef, namespace: string): { rules: readonly PolicyRule[]; error?: string; notFound: boolean };
  /** Every subject allowed to make the request, each with the binding and role that allow it. */
  whoCan(request: AuthorizationRequest): SubjectMatch[];
  /**
   * What the user may do on each resource type in each namespace with each verb, as `authorize` answers
   * nameless requests, computed per role and per namespace with RoleBindings rather than per cell.
   */
  accessMatrix(user: UserInfo, namespaces: readonly string[], resources: readonly ResourceType[], verbs?: readonly string[]): AccessMatrix;
  /** The API server's escalation checks for writing a Role, ClusterRole, RoleBinding or ClusterRoleBinding. */
  checkWrite(user: UserInfo, operation: 'create' | 'update', object: RbacObject, oldObject?: RbacObject): WriteCheck;
}

/** A binding that applies to a user, with the first subject that matched. */
export interface AppliedBinding {
  binding: BindingEntry;
  considered: ConsideredBinding;
}

const MAX_CACHED_USERS = 4096;

function userKey(user: UserInfo): string {
  let key = `${user.name.length}:${user.name}`;
  for (const g of user.groups) key += `|${g.length}:${g}`;
  return key;
}

function toConsidered(binding: BindingEntry, subjectIndex: number): ConsideredBinding {
  return {
    bindingKind: binding.kind,
    bindingName: binding.name,
    bindingNamespace: binding.namespace,
    roleKind: binding.roleRef.kind,
    roleName: binding.roleRef.name,
    subject: binding.subjects[subjectIndex] ?? { kind: '', name: '' },
    roleFound: binding.role !== undefined,
  };
}

/** The bindings of a scope that apply to the user, in visiting order. */
export function appliedBindings(scope: BindingScope, user: UserInfo): AppliedBinding[] {
  const out: AppliedBinding[] = [];
  for (const pos of candidateBindings(scope, user.name, user.groups)) {
    const binding = scope.bindings[pos];
    if (!binding) continue;
    const subjectIndex = appliesTo(user, binding.subjects, scope.namespace);
    if (subjectIndex >= 0) out.push({ binding, considered: toConsidered(binding, subjectIndex) });
  }
  return out;
}

function visit(applied: readonly AppliedBinding[], request: AuthorizationRequest, decision: Decision): void {
  for (const { binding, considered } of applied) {
    decision.considered.push(considered);
    const role = binding.role;
    if (!role) {
      if (binding.error !== undefined) decision.errors.push(binding.error);
      continue;
    }
    const rules = role.rules;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule && ruleAllows(rule, request)) {
        const match: Match = {
          bindingKind: binding.kind,
          bindingName: binding.name,
          bindingNamespace: binding.namespace,
          roleKind: binding.roleRef.kind,
          roleName: binding.roleRef.name,
          subject: considered.subject,
          ruleIndex: i,
          rule,
        };
        decision.matches.push(match);
      }
    }
  }
}

export function createAuthorizer(snapshot: RbacSnapshot): Authorizer {
  const index: SnapshotIndex = buildIndex(snapshot);
  const clusterCache = new Map<string, AppliedBinding[]>();

  function clusterBindingsFor(user: UserInfo): AppliedBinding[] {
    const key = userKey(user);
    let applied = clusterCache.get(key);
    if (!applied) {
      if (clusterCache.size >= MAX_CACHED_USERS) clusterCache.clear();
      applied = appliedBindings(index.cluster, user);
      clusterCache.set(key, applied);
    }
    return applied;
  }

  function namespaceBindingsFor(user: UserInfo, namespace: string): AppliedBinding[] {
    if (namespace === '') return [];
    const scope = index.namespaces.get(namespace);
    return scope ? appliedBindings(scope, user) : [];
  }

  function authorize(user: UserInfo, request: AuthorizationRequest): Decision {
    const decision: Decision = { allowed: false, reason: '', matches: [], considered: [], errors: [] };
    visit(clusterBindingsFor(user), request, decision);
    // RoleBindings are only consulted for namespaced resource requests.
    const ns = isNonResourceRequest(request) ? '' : (request.namespace ?? '');
    if (ns !== '') visit(namespaceBindingsFor(user, ns), request, decision);
    const first = decision.matches[0];
    if (first) {
      decision.allowed = true;
      decision.reason = allowedReason(first.bindingKind, first.bindingName, first.bindingNamespace, first.roleKind, first.roleName, first.subject);
    } else {
      decision.reason = deniedReason(decision.errors);
    }
    return decision;
  }

  function effectiveRules(user: UserInfo, namespace = ''): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    for (const { binding } of [...clusterBindingsFor(user), ...namespaceBindingsFor(user, namespace)]) {
      if (binding.role) rules.push(...binding.role.rules);
      else if (binding.error !== undefined) errors.push(binding.error);
    }
    return { rules, errors };
  }

  function accessMatrix(user: UserInfo, namespaces: readonly string[], resources: readonly ResourceType[], verbs = STANDARD_VERBS): AccessMatrix {
    const shape = new MatrixShape(resources, verbs);
    const clusterWide = new Uint32Array(resources.length);
    for (const { binding } of clusterBindingsFor(user)) if (binding.role) orInto(clusterWide, shape.roleRow(binding.role));
    const wanted = new Set(namespaces);
    const namespaced = new Map<string, Uint32Array>();
    // Only namespaces whose RoleBindings name the user can differ from the cluster-wide row.
    for (const scope of scopesNaming(index, user.name, user.groups)) {
      if (!wanted.has(scope.namespace)) continue;
      let row: Uint32Array | undefined;
      for (const { binding } of appliedBindings(scope, user)) {
        if (!binding.role) continue;
        const add = shape.roleRow(binding.role);
        row ??= clusterWide.slice();
        orInto(row, add);
      }
      if (row && !row.every((mask, i) => mask === clusterWide[i])) namespaced.set(scope.namespace, row);
    }
    return makeMatrix(shape, namespaces, clusterWide, namespaced);
  }

  const authorizer: Authorizer = {
    accessMatrix,
    authorize,
    effectiveRules,
    rulesFor: (user, namespace) => {
      const { rules, errors } = effectiveRules(user, namespace);
      return subjectRules(rules, errors);
    },
    effectiveRoleRules: (roleRef, namespace) => {
      const { role, error } = resolveRoleRef(roleRef, namespace, index.clusterRoles, index.roles);
      if (role) return { rules: role.rules, notFound: false };
      return { rules: [], error, notFound: roleRef.kind === 'Role' || roleRef.kind === 'ClusterRole' };
    },
    whoCan: (request) => whoCan(index, request),
    checkWrite: (user, operation, object, oldObject) => checkWrite(authorizer, user, operation, object, oldObject),
  };
  return authorizer;
}
