import type { BindingObject, RoleRef } from '../../api/rbacSchemas.js';
import type { RbacWrite } from '../../api/rbac.js';

/** The same binding (name, labels, annotations, subjects) pointing at another role, as a fresh object. */
export function rebindTo(binding: BindingObject, roleRef: RoleRef): BindingObject {
  const { name, namespace, labels, annotations } = binding.metadata;
  return {
    apiVersion: binding.apiVersion,
    kind: binding.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
    roleRef,
    subjects: binding.subjects,
  };
}

export interface RecreatePlan {
  steps: RbacWrite[];
  rollback: RbacWrite;
}

/**
 * roleRef is immutable, so changing it means delete then create. The delete carries the
 * resourceVersion read, and the rollback re-creates the original if the create fails.
 */
export function planRoleChange(
  kind: 'ClusterRoleBinding' | 'RoleBinding',
  binding: BindingObject,
  roleRef: RoleRef,
): RecreatePlan {
  const { name, namespace, resourceVersion } = binding.metadata;
  return {
    steps: [
      { action: 'delete', kind, name, namespace, resourceVersion },
      { action: 'create', kind, object: rebindTo(binding, roleRef) },
    ],
    rollback: { action: 'create', kind, object: rebindTo(binding, binding.roleRef) },
  };
}
