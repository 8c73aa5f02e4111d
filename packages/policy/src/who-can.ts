// whoCan: the subjects a request is allowed for, found from the roles that allow it.
import { combinedResource, isNonResourceRequest, ruleAllows } from './match.js';
import type { BindingScope, RoleEntry, RuleRef, SnapshotIndex } from './snapshot-index.js';
import type { AuthorizationRequest, SubjectMatch } from './types.js';

/** Roles with a rule allowing the request → index of the first such rule. */
function allowingRoles(
  index: SnapshotIndex,
  request: AuthorizationRequest,
): Map<RoleEntry, number> {
  const found = new Map<RoleEntry, number>();
  const consider = (refs: readonly RuleRef[] | undefined): void => {
    for (const ref of refs ?? []) {
      const rule = ref.role.rules[ref.index];
      if (!rule || !ruleAllows(rule, request)) continue;
      const prev = found.get(ref.role);
      if (prev === undefined || ref.index < prev) found.set(ref.role, ref.index);
    }
  };
  if (isNonResourceRequest(request)) {
    consider(index.nonResourceRules);
  } else {
    const combined = combinedResource(request);
    consider(index.rulesByResource.get('*'));
    consider(index.rulesByResource.get(combined));
    if (request.subresource) consider(index.rulesByResource.get(`*/${request.subresource}`));
  }
  return found;
}

function collect(scope: BindingScope, roles: Map<RoleEntry, number>, out: SubjectMatch[]): void {
  const hits: { pos: number; ruleIndex: number }[] = [];
  for (const [role, ruleIndex] of roles) {
    if (role.kind === 'Role' && role.namespace !== scope.namespace) continue;
    for (const pos of scope.byRole.get(`${role.kind}/${role.name}`) ?? [])
      hits.push({ pos, ruleIndex });
  }
  hits.sort((a, b) => a.pos - b.pos);
  for (const { pos, ruleIndex } of hits) {
    const binding = scope.bindings[pos];
    // The roleRef must resolve to this very role (a CRB's Role ref never does).
    if (!binding?.role || !roles.has(binding.role)) continue;
    for (const subject of binding.subjects) {
      const match: SubjectMatch = {
        kind: subject.kind,
        name: subject.name,
        bindingKind: binding.kind,
        bindingName: binding.name,
        bindingNamespace: binding.namespace,
        roleKind: binding.roleRef.kind,
        roleName: binding.roleRef.name,
        ruleIndex,
      };
      if (subject.kind === 'ServiceAccount') {
        const ns = subject.namespace || scope.namespace;
        // A ServiceAccount subject without a namespace in a ClusterRoleBinding matches nobody.
        if (ns === '') continue;
        match.namespace = ns;
      } else if (subject.kind !== 'User' && subject.kind !== 'Group') {
        continue;
      }
      out.push(match);
    }
  }
}

/** Every subject allowed, in the API server's visiting order: ClusterRoleBindings, then RoleBindings of the namespace. */
export function whoCan(index: SnapshotIndex, request: AuthorizationRequest): SubjectMatch[] {
  const roles = allowingRoles(index, request);
  const out: SubjectMatch[] = [];
  if (roles.size === 0) return out;
  collect(index.cluster, roles, out);
  const ns = isNonResourceRequest(request) ? '' : (request.namespace ?? '');
  const scope = ns === '' ? undefined : index.namespaces.get(ns);
  if (scope) collect(scope, roles, out);
  return out;
}
