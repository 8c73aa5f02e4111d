// createAuthorizer: the RBAC authorizer over an indexed snapshot.
import { prepareRequest } from './match.js';
import { deniedReason } from './messages.js';
import { buildUserRuleIndex, visitIndexedRules } from './user-rules.js';
import type { UserRuleIndex } from './user-rules.js';
import { appliedBindings, visitRules, visitedBindings } from './visit.js';
import type { AppliedBinding, VisitedBindings } from './visit.js';
import { MatrixShape, STANDARD_VERBS, makeMatrix, orInto } from './access-matrix.js';
import type { AccessMatrix, ResourceType } from './access-matrix.js';
import { checkWrite } from './escalation.js';
import { riskyFindings } from './risky.js';
import type { RiskyFinding, RiskyPermission } from './risky.js';
import { buildIndex, resolveRoleRef, scopesNaming } from './snapshot-index.js';
import type { SnapshotIndex } from './snapshot-index.js';
import { subjectRules } from './rules-for.js';
import { whoCan } from './who-can.js';
import type {
  AuthorizationRequest,
  Decision,
  PolicyRule,
  RbacObject,
  RbacSnapshot,
  ResourceRequest,
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
  effectiveRoleRules(
    roleRef: RoleRef,
    namespace: string,
  ): { rules: readonly PolicyRule[]; error?: string; notFound: boolean };
  /** Every subject allowed to make the request, each with the binding and role that allow it. */
  whoCan(request: AuthorizationRequest): SubjectMatch[];
  /**
   * What the user may do on each resource type in each namespace with each verb, as `authorize` answers
   * nameless requests, computed per role and per namespace with RoleBindings rather than per cell.
   */
  accessMatrix(
    user: UserInfo,
    namespaces: readonly string[],
    resources: readonly ResourceType[],
    verbs?: readonly string[],
  ): AccessMatrix;
  /** Subjects bound to roles granting risky permissions (escalate, bind, impersonate, secrets, exec, …). */
  riskyFindings(catalog?: readonly RiskyPermission[]): RiskyFinding[];
  /** The API server's escalation checks for writing a Role, ClusterRole, RoleBinding or ClusterRoleBinding. */
  checkWrite(
    user: UserInfo,
    operation: 'create' | 'update',
    object: RbacObject,
    oldObject?: RbacObject,
  ): WriteCheck;
}

interface CachedUser {
  groups: readonly string[];
  visited: VisitedBindings;
  rules: UserRuleIndex;
}

const MAX_CACHED_USERS = 4096;

function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function createAuthorizer(snapshot: RbacSnapshot): Authorizer {
  return authorizerOver(buildIndex(snapshot));
}

/**
 * The authorizer over an index. Its per-user cache assumes the index does not change: after the
 * index is updated in place (incremental.ts), a new authorizer is made over it.
 */
export function authorizerOver(index: SnapshotIndex): Authorizer {
  // Username → the group lists seen with it, the ClusterRoleBindings that apply and their rules indexed;
  // keyed by name and compared by groups so that no string key is built per decision.
  const clusterCache = new Map<string, CachedUser[]>();

  function clusterEntryFor(user: UserInfo): CachedUser {
    let seen = clusterCache.get(user.name);
    if (seen) {
      for (const entry of seen) if (sameGroups(entry.groups, user.groups)) return entry;
    } else {
      if (clusterCache.size >= MAX_CACHED_USERS) clusterCache.clear();
      seen = [];
      clusterCache.set(user.name, seen);
    }
    const visited = visitedBindings(appliedBindings(index.cluster, user));
    const entry = { groups: [...user.groups], visited, rules: buildUserRuleIndex(visited.applied) };
    if (seen.length < 16) seen.push(entry);
    return entry;
  }

  function clusterBindingsFor(user: UserInfo): readonly AppliedBinding[] {
    return clusterEntryFor(user).visited.applied;
  }

  function namespaceBindingsFor(user: UserInfo, namespace: string): AppliedBinding[] {
    if (namespace === '') return [];
    const scope = index.namespaces.get(namespace);
    return scope ? appliedBindings(scope, user) : [];
  }

  function authorize(user: UserInfo, request: AuthorizationRequest): Decision {
    const entry = clusterEntryFor(user);
    const cluster = entry.visited;
    const decision: Decision = {
      allowed: false,
      reason: '',
      matches: [],
      considered: cluster.considered,
      errors: cluster.errors,
    };
    const prepared = prepareRequest(request);
    visitIndexedRules(entry.rules, prepared, decision);
    // RoleBindings are only consulted for namespaced resource requests.
    const ns = prepared.nonResource ? '' : ((request as ResourceRequest).namespace ?? '');
    const local = ns === '' ? undefined : namespaceBindingsFor(user, ns);
    if (local && local.length > 0) {
      const visited = visitedBindings(local);
      visitRules(local, prepared, decision);
      decision.considered = [...cluster.considered, ...visited.considered];
      decision.errors = [...cluster.errors, ...visited.errors];
    }
    if (decision.matches.length > 0) decision.allowed = true;
    else decision.reason = deniedReason(decision.errors);
    return decision;
  }

  function effectiveRules(
    user: UserInfo,
    namespace = '',
  ): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    for (const { binding } of [
      ...clusterBindingsFor(user),
      ...namespaceBindingsFor(user, namespace),
    ]) {
      if (binding.role) rules.push(...binding.role.rules);
      else if (binding.error !== undefined) errors.push(binding.error);
    }
    return { rules, errors };
  }

  function accessMatrix(
    user: UserInfo,
    namespaces: readonly string[],
    resources: readonly ResourceType[],
    verbs = STANDARD_VERBS,
  ): AccessMatrix {
    const shape = new MatrixShape(resources, verbs);
    const clusterWide = new Uint32Array(resources.length);
    for (const { binding } of clusterBindingsFor(user))
      if (binding.role) orInto(clusterWide, shape.roleRow(binding.role));
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
      if (row && !row.every((mask, i) => mask === clusterWide[i]))
        namespaced.set(scope.namespace, row);
    }
    return makeMatrix(shape, namespaces, clusterWide, namespaced);
  }

  const authorizer: Authorizer = {
    accessMatrix,
    riskyFindings: (catalog) => riskyFindings(index, catalog),
    authorize,
    effectiveRules,
    rulesFor: (user, namespace) => {
      const { rules, errors } = effectiveRules(user, namespace);
      return subjectRules(rules, errors);
    },
    effectiveRoleRules: (roleRef, namespace) => {
      const { role, error } = resolveRoleRef(roleRef, namespace, index.clusterRoles, index.roles);
      if (role) return { rules: role.rules, notFound: false };
      return {
        rules: [],
        error,
        notFound: roleRef.kind === 'Role' || roleRef.kind === 'ClusterRole',
      };
    },
    whoCan: (request) => whoCan(index, request),
    checkWrite: (user, operation, object, oldObject) =>
      checkWrite(authorizer, user, operation, object, oldObject),
  };
  return authorizer;
}
