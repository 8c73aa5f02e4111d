/** The four RBAC kinds and where the API server keeps them. */
export type RbacKind = 'ClusterRole' | 'Role' | 'ClusterRoleBinding' | 'RoleBinding';
export type RbacPlural = 'clusterroles' | 'roles' | 'clusterrolebindings' | 'rolebindings';

export interface RbacKindInfo {
  kind: RbacKind;
  plural: RbacPlural;
  namespaced: boolean;
  isBinding: boolean;
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const RBAC_API_VERSION = `${RBAC_GROUP}/v1`;

export const rbacKinds: Record<RbacKind, RbacKindInfo> = {
  ClusterRole: { kind: 'ClusterRole', plural: 'clusterroles', namespaced: false, isBinding: false },
  Role: { kind: 'Role', plural: 'roles', namespaced: true, isBinding: false },
  ClusterRoleBinding: {
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
    isBinding: true,
  },
  RoleBinding: { kind: 'RoleBinding', plural: 'rolebindings', namespaced: true, isBinding: true },
};

/** Encodes a path segment but keeps ':' readable, as in `system:aggregate-to-admin`. */
export function segment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':');
}

export function k8sBase(cluster: string): string {
  return `/k8s/${segment(cluster)}`;
}

/** Collection or object URL; a namespaced kind without a namespace lists across all namespaces. */
export function rbacPath(
  cluster: string,
  kind: RbacKindInfo,
  namespace?: string,
  name?: string,
): string {
  const ns = kind.namespaced && namespace ? `/namespaces/${segment(namespace)}` : '';
  const obj = name ? `/${segment(name)}` : '';
  return `${k8sBase(cluster)}/apis/${RBAC_API_VERSION}${ns}/${kind.plural}${obj}`;
}
