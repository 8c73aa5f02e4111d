import type { RouteObject } from 'react-router';
import { useParams } from 'react-router';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { RequireAccess } from '../../access/RequireAccess.js';
import { RoleListView } from '../shared/RoleListView.js';
import { RoleDetailView } from '../shared/RoleDetailView.js';

function ClusterRoleListPage() {
  return (
    <RequireAccess request={{ verb: 'list', apiGroup: RBAC_GROUP, resource: 'clusterroles' }} what="ClusterRoles">
      <RoleListView kind="ClusterRole" />
    </RequireAccess>
  );
}

function ClusterRoleDetailPage() {
  const { name = '' } = useParams();
  return (
    <RequireAccess request={{ verb: 'get', apiGroup: RBAC_GROUP, resource: 'clusterroles', name }} what={`ClusterRole ${name}`}>
      <RoleDetailView kind="ClusterRole" name={name} />
    </RequireAccess>
  );
}

/** ClusterRoles: cluster-scoped sets of rules. */
export const clusterRoleRoutes: RouteObject[] = [
  { path: 'clusterroles', element: <ClusterRoleListPage /> },
  { path: 'clusterroles/:name', element: <ClusterRoleDetailPage /> },
];
