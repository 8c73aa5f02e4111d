import type { RouteObject } from 'react-router';
import { Navigate, useParams } from 'react-router';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { RequireAccess } from '../../access/RequireAccess.js';
import { NoAccessPage } from '../../access/NoAccessPage.js';
import { decide, namespacesWhere } from '../../access/capabilities.js';
import { useCluster } from '../../app/cluster.js';
import { RoleListView } from '../shared/RoleListView.js';
import { RoleDetailView } from '../shared/RoleDetailView.js';
import { kindPaths } from '../shared/kindPaths.js';

const listRoles = { verb: 'list', apiGroup: RBAC_GROUP, resource: 'roles' } as const;

/** All namespaces when allowed; a namespace-confined user lands in the first namespace they may use. */
function RolesAllNamespacesPage() {
  const { cluster } = useCluster();
  if (decide(cluster.capabilities, listRoles) === 'allowed') return <RoleListView kind="Role" />;
  const first = namespacesWhere(cluster.capabilities, listRoles)[0];
  if (first) return <Navigate to={kindPaths.list(cluster.id, 'Role', first)} replace />;
  return <NoAccessPage request={listRoles} what="Roles" />;
}

function RoleListPage() {
  const { namespace = '' } = useParams();
  return (
    <RequireAccess request={{ ...listRoles, namespace }} what={`Roles in ${namespace}`}>
      <RoleListView kind="Role" namespace={namespace} />
    </RequireAccess>
  );
}

function RoleDetailPage() {
  const { namespace = '', name = '' } = useParams();
  return (
    <RequireAccess request={{ verb: 'get', apiGroup: RBAC_GROUP, resource: 'roles', namespace, name }} what={`Role ${name}`}>
      <RoleDetailView kind="Role" name={name} namespace={namespace} />
    </RequireAccess>
  );
}

/** Roles across all namespaces (under /c/:cluster). */
export const roleAllNamespacesRoutes: RouteObject[] = [{ path: 'roles', element: <RolesAllNamespacesPage /> }];

/** Roles inside one namespace (under /c/:cluster/ns/:namespace). */
export const roleRoutes: RouteObject[] = [
  { path: 'roles', element: <RoleListPage /> },
  { path: 'roles/:name', element: <RoleDetailPage /> },
];
