import type { RoleObject, ObjectMeta } from '../../api/rbacSchemas.js';

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

type Selector = NonNullable<
  NonNullable<RoleObject['aggregationRule']>['clusterRoleSelectors']
>[number];

/** Kubernetes label-selector matching (matchLabels and matchExpressions); an empty selector matches nothing here, as in the aggregation controller's use. */
export function selectorMatches(selector: Selector, labels: Record<string, string> = {}): boolean {
  const pairs = Object.entries(selector.matchLabels ?? {});
  const exprs = selector.matchExpressions ?? [];
  if (pairs.length === 0 && exprs.length === 0) return false;
  if (!pairs.every(([k, v]) => labels[k] === v)) return false;
  return exprs.every((e) => {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[e.key] ?? '');
      case 'NotIn':
        return !has || !values.includes(labels[e.key] ?? '');
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** The ClusterRoles whose rules the aggregation controller folds into this aggregated role. */
export function aggregationSources(role: RoleObject, all: RoleObject[]): RoleObject[] {
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  return all.filter(
    (other) =>
      other.metadata.name !== role.metadata.name &&
      selectors.some((sel) => selectorMatches(sel, other.metadata.labels)),
  );
}
