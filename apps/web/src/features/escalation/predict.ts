import { rulesCover, type PolicyRule } from '@gatehouse/policy';
import type { Capabilities, RuleSet } from '../../api/session.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { decide } from '../../access/capabilities.js';

export type EscalationPrediction =
  | { outcome: 'allowed'; via: 'escalate' | 'bind' | 'covered' }
  | { outcome: 'denied'; missing: PolicyRule[] }
  /** The rules review was incomplete or the role is unreadable: the API server will decide; missing is what we could not see. */
  | { outcome: 'unknown'; missing: PolicyRule[]; why: 'incomplete' | 'unreadable-role' };

function ownRules(caps: Capabilities, namespace: string | undefined): RuleSet {
  if (!namespace) return caps.cluster;
  const ns = caps.namespaces.find((n) => n.name === namespace);
  if (!ns) return caps.cluster;
  // Non-resource rules come only from cluster-wide bindings; a namespace's review repeats them.
  return {
    ...ns.rules,
    nonResourceRules: ns.rules.nonResourceRules.length
      ? ns.rules.nonResourceRules
      : caps.cluster.nonResourceRules,
  };
}

function cover(set: RuleSet, requested: PolicyRule[]): EscalationPrediction {
  const { covered, uncovered } = rulesCover(
    [...set.resourceRules, ...set.nonResourceRules],
    requested,
  );
  if (covered) return { outcome: 'allowed', via: 'covered' };
  return set.incomplete
    ? { outcome: 'unknown', missing: uncovered, why: 'incomplete' }
    : { outcome: 'denied', missing: uncovered };
}

/**
 * The API server's escalation check for writing a role: allowed with `escalate` on the kind,
 * else only if the writer's own rules (in that namespace) cover every rule of the role.
 */
export function predictRoleWrite(
  caps: Capabilities,
  kind: 'ClusterRole' | 'Role',
  name: string,
  namespace: string | undefined,
  rules: PolicyRule[],
): EscalationPrediction {
  const resource = kind === 'ClusterRole' ? 'clusterroles' : 'roles';
  if (
    decide(caps, { verb: 'escalate', apiGroup: RBAC_GROUP, resource, name, namespace }) ===
    'allowed'
  )
    return { outcome: 'allowed', via: 'escalate' };
  return cover(ownRules(caps, kind === 'Role' ? namespace : undefined), rules);
}

/**
 * The API server's check for writing a binding: allowed with `bind` on the referenced role,
 * else only if the writer holds every rule of that role where the binding applies.
 */
export function predictBindingWrite(
  caps: Capabilities,
  roleKind: 'ClusterRole' | 'Role',
  roleName: string,
  bindingNamespace: string | undefined,
  roleRules: PolicyRule[] | 'unreadable',
): EscalationPrediction {
  const resource = roleKind === 'ClusterRole' ? 'clusterroles' : 'roles';
  if (
    decide(caps, {
      verb: 'bind',
      apiGroup: RBAC_GROUP,
      resource,
      name: roleName,
      namespace: bindingNamespace,
    }) === 'allowed'
  )
    return { outcome: 'allowed', via: 'bind' };
  // Someone who may not read the role cannot be told what it grants; the API server still checks.
  if (roleRules === 'unreadable')
    return { outcome: 'unknown', missing: [], why: 'unreadable-role' };
  return cover(ownRules(caps, bindingNamespace), roleRules);
}
