// The browser's forecast of the API server's escalation checks on an RBAC write, made by the very
// same code the BFF uses (packages/policy checkWrite) over the writer's own rules: one rule, so the
// forecast cannot drift from it (empty name on create, the aggregationRule check, GC-field updates).
import {
  createAuthorizer,
  type ClusterRole,
  type ClusterRoleBinding,
  type PolicyRule,
  type RbacObject,
  type RbacSnapshot,
  type Role,
  type RoleBinding,
  type UserInfo,
} from '@gatehouse/policy';
import type { Capabilities, RuleSet } from '../../api/session.js';
import { RBAC_GROUP, type RbacKind } from '../../api/rbacKinds.js';
import type { BindingObject, RoleObject } from '../../api/rbacSchemas.js';

export type EscalationPrediction =
  | { outcome: 'allowed'; via: 'escalate' | 'bind' | 'covered' }
  | { outcome: 'denied'; missing: PolicyRule[] }
  /** The rules review was incomplete or the role is unreadable: the API server will decide; missing is what we could not see. */
  | { outcome: 'unknown'; missing: PolicyRule[]; why: 'incomplete' | 'unreadable-role' };

/** A write as the API server receives it: create, or update of `oldObject`. */
export interface RbacWrite {
  operation: 'create' | 'update';
  object: RbacObject;
  oldObject?: RbacObject;
}

/**
 * A form's object as the policy package types it. The web's schemas keep unknown fields (loose) and
 * type `kind` as a string; the kind is the form's own, so only the tag is narrowed here.
 */
export function rbacObjectOf(kind: RbacKind, object: RoleObject | BindingObject): RbacObject {
  return { ...object, kind } as RbacObject;
}

/** The role a binding refers to, as the writer could read it (rules only). */
export type ReferencedRole = PolicyRule[] | 'unreadable';

/**
 * Names no real object can have ('/' is not allowed in RBAC object names), so the writer's own
 * rules never collide with a role being written or referenced.
 */
const SELF = 'gatehouse/own-rules';

function rulesOf(set: RuleSet): PolicyRule[] {
  return [...set.resourceRules, ...set.nonResourceRules];
}

/**
 * A snapshot holding exactly the writer's rules: the cluster-wide ones bound by a
 * ClusterRoleBinding, and each namespace's own review bound there by a RoleBinding (the session
 * has entries only for namespaces with rules of the person's own; elsewhere the cluster-wide ones hold).
 */
function ownSnapshot(caps: Capabilities, user: UserInfo): RbacSnapshot {
  const subject = { apiGroup: RBAC_GROUP, kind: 'User', name: user.name };
  const roleRef = { apiGroup: RBAC_GROUP, name: SELF };
  const roles: Role[] = [];
  const roleBindings: RoleBinding[] = [];
  for (const ns of caps.namespaces) {
    roles.push({
      kind: 'Role',
      metadata: { name: SELF, namespace: ns.name },
      rules: rulesOf(ns.rules),
    });
    roleBindings.push({
      kind: 'RoleBinding',
      metadata: { name: SELF, namespace: ns.name },
      roleRef: { ...roleRef, kind: 'Role' },
      subjects: [subject],
    });
  }
  const clusterRoles: ClusterRole[] = [
    { kind: 'ClusterRole', metadata: { name: SELF }, rules: rulesOf(caps.cluster) },
  ];
  const clusterRoleBindings: ClusterRoleBinding[] = [
    {
      kind: 'ClusterRoleBinding',
      metadata: { name: SELF },
      roleRef: { ...roleRef, kind: 'ClusterRole' },
      subjects: [subject],
    },
  ];
  return { clusterRoles, clusterRoleBindings, roles, roleBindings };
}

function namespaceOf(object: RbacObject): string {
  return object.kind === 'Role' || object.kind === 'RoleBinding'
    ? (object.metadata.namespace ?? '')
    : '';
}

/** The rules review the check relied on: the namespace's own, else the cluster-wide one. */
function reviewFor(caps: Capabilities, namespace: string): RuleSet {
  if (!namespace) return caps.cluster;
  return caps.namespaces.find((n) => n.name === namespace)?.rules ?? caps.cluster;
}

/**
 * The API server's escalation check for `write` by `user`, from their evaluated rules: `denied`
 * only when their complete rules say so; `unknown` when the review was incomplete or the
 * referenced role could not be read (the API server still decides when it is submitted).
 */
export function predictWrite(
  caps: Capabilities,
  user: UserInfo,
  write: RbacWrite,
  referencedRole?: ReferencedRole,
): EscalationPrediction {
  const snapshot = ownSnapshot(caps, user);
  const { object } = write;
  const namespace = namespaceOf(object);
  if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
    const ref = object.roleRef;
    if (referencedRole === 'unreadable') {
      // Still allowed outright with `bind`, which needs no sight of the role.
      const bind = createAuthorizer(snapshot).checkWrite(
        user,
        write.operation,
        object,
        write.oldObject,
      );
      return bind.allowed && bind.reason.startsWith('bind permitted')
        ? { outcome: 'allowed', via: 'bind' }
        : { outcome: 'unknown', missing: [], why: 'unreadable-role' };
    }
    const rules = referencedRole ?? [];
    if (ref.kind === 'ClusterRole')
      snapshot.clusterRoles.push({ kind: 'ClusterRole', metadata: { name: ref.name }, rules });
    else if (ref.kind === 'Role')
      snapshot.roles.push({ kind: 'Role', metadata: { name: ref.name, namespace }, rules });
  }
  const check = createAuthorizer(snapshot).checkWrite(
    user,
    write.operation,
    object,
    write.oldObject,
  );
  if (check.allowed)
    return {
      outcome: 'allowed',
      via: check.reason.startsWith('escalate permitted')
        ? 'escalate'
        : check.reason.startsWith('bind permitted')
          ? 'bind'
          : 'covered',
    };
  const review = reviewFor(caps, namespace);
  return review.incomplete || caps.cluster.incomplete
    ? { outcome: 'unknown', missing: check.missing, why: 'incomplete' }
    : { outcome: 'denied', missing: check.missing };
}
