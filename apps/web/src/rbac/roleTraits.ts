import { labelSelectorMatcher } from '@gatehouse/policy';
import type { RoleObject, ObjectMeta } from '../api/rbacSchemas.js';

export const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';

/** Objects the API server recreates at start-up (`kubernetes.io/bootstrapping=rbac-defaults`). */
export function isBuiltIn(meta: ObjectMeta): boolean {
  return meta.labels?.[BOOTSTRAP_LABEL] === 'rbac-defaults';
}

export function isSystem(meta: ObjectMeta): boolean {
  return meta.name.startsWith('system:');
}

export function isAggregated(role: RoleObject): boolean {
  return (role.aggregationRule?.clusterRoleSelectors?.length ?? 0) > 0;
}

/** Why the console will not edit an object, or null when it may be edited. */
export function readOnlyReason(meta: ObjectMeta): string | null {
  if (isBuiltIn(meta)) {
    return 'This is a Kubernetes built-in object (label kubernetes.io/bootstrapping=rbac-defaults). The API server restores it at start-up, so edits would be lost; create a new role or binding instead.';
  }
  if (isSystem(meta)) {
    return 'Names starting with “system:” are reserved for Kubernetes components. Changing them can break the cluster, so Gatehouse shows them read-only.';
  }
  return null;
}

/** The ClusterRoles whose rules the aggregation controller folds into this aggregated role. */
export function aggregationSources(role: RoleObject, all: RoleObject[]): RoleObject[] {
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  return all.filter(
    (other) =>
      other.metadata.name !== role.metadata.name &&
      // The aggregation controller's own matching (packages/policy): an empty selector matches every
      // ClusterRole, and an invalid one matches none (the controller fails to sync the role).
      selectors.some((sel) => labelSelectorMatcher(sel)?.(other.metadata.labels ?? {}) ?? false),
  );
}
