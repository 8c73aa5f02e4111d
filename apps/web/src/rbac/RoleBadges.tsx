import type { RoleObject } from '../api/rbacSchemas.js';
import { Badge } from '../ui/Badge.js';
import { isAggregated, isBuiltIn, isSystem } from './roleTraits.js';

export function RoleBadges({ role }: { role: RoleObject }) {
  return (
    <>
      {isBuiltIn(role.metadata) && (
        <Badge
          tone="neutral"
          title="Kubernetes bootstrap policy (kubernetes.io/bootstrapping=rbac-defaults)"
        >
          Built-in
        </Badge>
      )}
      {isAggregated(role) && (
        <Badge
          tone="purple"
          title="Rules are collected by the aggregation controller from ClusterRoles matching its selectors"
        >
          Aggregated
        </Badge>
      )}
      {isSystem(role.metadata) && !isBuiltIn(role.metadata) && <Badge tone="amber">System</Badge>}
    </>
  );
}
