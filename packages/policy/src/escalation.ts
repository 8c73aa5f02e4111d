// checkWrite: the API server's escalation checks on RBAC writes (escalation_check.go, policybased storages).
import { rulesCover } from './covers.js';
import { goQuote } from './go-format.js';
import { RBAC_GROUP, isSystemMaster } from './match.js';
import { AGGREGATION_RULE_MESSAGE, escalationMessage } from './messages.js';
import { isOnlyMutatingGCFields } from './semantic-equal.js';
import type { Authorizer } from './authorizer.js';
import type {
  ClusterRole,
  PolicyRule,
  RbacObject,
  RoleRef,
  UserInfo,
  WriteCheck,
} from './types.js';

/** What holding everything means: the rules an aggregationRule requires of its writer. */
export const FULL_AUTHORITY: readonly PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

function allow(reason: string): WriteCheck {
  return { allowed: true, reason, missing: [] };
}

function hasAggregationRule(role: RbacObject | undefined): boolean {
  if (!role || role.kind !== 'ClusterRole') return false;
  return ((role as ClusterRole).aggregationRule?.clusterRoleSelectors ?? []).length > 0;
}

/** ConfirmNoEscalation: the user's rules in the namespace must cover the rules granted. */
function confirmNoEscalation(
  authz: Authorizer,
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
): WriteCheck | undefined {
  const owner = authz.effectiveRules(user, namespace);
  const { covered, uncovered } = rulesCover(owner.rules, rules);
  if (covered) return undefined;
  return {
    allowed: false,
    reason: escalationMessage(user, uncovered, owner.errors),
    missing: uncovered,
  };
}

function checkRoleWrite(
  authz: Authorizer,
  user: UserInfo,
  operation: 'create' | 'update',
  object: RbacObject,
  oldObject?: RbacObject,
): WriteCheck {
  const resource = object.kind === 'Role' ? 'roles' : 'clusterroles';
  const namespace = object.kind === 'Role' ? (object.metadata.namespace ?? '') : '';
  const name = operation === 'create' ? '' : (object.metadata.name ?? '');
  const escalate = authz.authorize(user, {
    verb: 'escalate',
    apiGroup: RBAC_GROUP,
    resource,
    namespace,
    name,
  });
  if (escalate.allowed) return allow(`escalate permitted: ${escalate.reason}`);
  if (operation === 'update' && oldObject && isOnlyMutatingGCFields(object, oldObject)) {
    return allow('only ownerReferences or finalizers change');
  }
  const rules = 'rules' in object ? (object.rules ?? []) : [];
  const refused = confirmNoEscalation(authz, user, namespace, rules);
  if (refused) return refused;
  if (hasAggregationRule(object) || (operation === 'update' && hasAggregationRule(oldObject))) {
    const { covered, uncovered } = rulesCover(authz.effectiveRules(user, '').rules, FULL_AUTHORITY);
    if (!covered) return { allowed: false, reason: AGGREGATION_RULE_MESSAGE, missing: uncovered };
  }
  return allow('the user holds every rule granted');
}

function checkBindingWrite(
  authz: Authorizer,
  user: UserInfo,
  operation: 'create' | 'update',
  object: RbacObject,
  oldObject?: RbacObject,
): WriteCheck {
  if (operation === 'update' && oldObject && isOnlyMutatingGCFields(object, oldObject)) {
    return allow('only ownerReferences or finalizers change');
  }
  const roleRef: RoleRef =
    'roleRef' in object ? object.roleRef : { apiGroup: '', kind: '', name: '' };
  const namespace = object.kind === 'RoleBinding' ? (object.metadata.namespace ?? '') : '';
  // v1 defaulting fills an empty roleRef.apiGroup before the check.
  const apiGroup = roleRef.apiGroup || RBAC_GROUP;
  const resource =
    roleRef.kind === 'ClusterRole' ? 'clusterroles' : roleRef.kind === 'Role' ? 'roles' : undefined;
  if (resource) {
    const bind = authz.authorize(user, {
      verb: 'bind',
      apiGroup,
      resource,
      name: roleRef.name,
      namespace,
    });
    if (bind.allowed) return allow(`bind permitted: ${bind.reason}`);
  }
  const role = authz.effectiveRoleRules(roleRef, namespace);
  if (role.error !== undefined) {
    const bindings = object.kind === 'RoleBinding' ? 'rolebindings' : 'clusterrolebindings';
    const reason = role.notFound
      ? `${bindings}.${RBAC_GROUP} ${goQuote(roleRef.name)} not found`
      : role.error;
    return { allowed: false, reason, missing: [], notFound: role.notFound };
  }
  return (
    confirmNoEscalation(authz, user, namespace, role.rules) ??
    allow('the user holds every rule of the referenced role')
  );
}

export function checkWrite(
  authz: Authorizer,
  user: UserInfo,
  operation: 'create' | 'update',
  object: RbacObject,
  oldObject?: RbacObject,
): WriteCheck {
  // EscalationAllowed: system:masters is the API server's loopback identity and may do anything.
  if (isSystemMaster(user)) return allow('the user is in group system:masters');
  if (object.kind === 'Role' || object.kind === 'ClusterRole')
    return checkRoleWrite(authz, user, operation, object, oldObject);
  return checkBindingWrite(authz, user, operation, object, oldObject);
}
