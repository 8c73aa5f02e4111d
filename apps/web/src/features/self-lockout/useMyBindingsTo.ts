import { useRbacList } from '../../api/rbac.js';
import type { BindingObject } from '../../api/rbacSchemas.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { useCluster } from '../../app/cluster.js';
import { decide } from '../../access/capabilities.js';
import { bindingsOfMe } from './lockout.js';

/** The visible bindings through which the signed-in person holds this role. */
export function useMyBindingsTo(
  roleKind: 'ClusterRole' | 'Role',
  roleName: string,
  namespace: string | undefined,
  enabled: boolean,
): BindingObject[] {
  const { cluster, session } = useCluster();
  const caps = cluster.capabilities;
  const canCrb =
    enabled &&
    roleKind === 'ClusterRole' &&
    decide(caps, { verb: 'list', apiGroup: RBAC_GROUP, resource: 'clusterrolebindings' }) ===
      'allowed';
  const rbNamespace = roleKind === 'Role' ? namespace : undefined;
  const canRb =
    enabled &&
    decide(caps, {
      verb: 'list',
      apiGroup: RBAC_GROUP,
      resource: 'rolebindings',
      namespace: rbNamespace,
    }) === 'allowed';
  const crbs = useRbacList(cluster.id, 'ClusterRoleBinding', undefined, canCrb);
  const rbs = useRbacList(cluster.id, 'RoleBinding', rbNamespace, canRb);
  const all = [
    ...((crbs.data?.items ?? []) as BindingObject[]),
    ...((rbs.data?.items ?? []) as BindingObject[]),
  ];
  return bindingsOfMe(
    all.filter((b) => b.roleRef.kind === roleKind && b.roleRef.name === roleName),
    session.user,
  );
}
