import type { RouteObject } from 'react-router';
import { Navigate, useParams, useSearchParams } from 'react-router';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { RequireAccess } from '../../access/RequireAccess.js';
import { NoAccessPage } from '../../access/NoAccessPage.js';
import { decide, namespacesWhere } from '../../access/capabilities.js';
import { useCluster } from '../../app/cluster.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { lazyNamed } from '../../app/lazyPage.js';

const RoleListView = lazyNamed(() => import('../shared/views.js'), 'RoleListView');
const RoleDetailView = lazyNamed(() => import('../shared/views.js'), 'RoleDetailView');
const RoleEditorView = lazyNamed(() => import('../shared/views.js'), 'RoleEditorView');

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
    <RequireAccess
      request={{ verb: 'get', apiGroup: RBAC_GROUP, resource: 'roles', namespace, name }}
      what={`Role ${name}`}
    >
      <RoleDetailView kind="Role" name={name} namespace={namespace} />
    </RequireAccess>
  );
}

function RoleEditPage() {
  const { namespace = '', name = '' } = useParams();
  return (
    <RequireAccess
      request={{ verb: 'update', apiGroup: RBAC_GROUP, resource: 'roles', namespace, name }}
      what={`editing Role ${name}`}
    >
      <RoleEditorView kind="Role" namespace={namespace} edit={name} />
    </RequireAccess>
  );
}

function RoleCreatePage() {
  const { namespace = '' } = useParams();
  const [params] = useSearchParams();
  return (
    <RequireAccess
      request={{ verb: 'create', apiGroup: RBAC_GROUP, resource: 'roles', namespace }}
      what={`creating Roles in ${namespace}`}
    >
      <RoleEditorView kind="Role" namespace={namespace} from={params.get('from') ?? undefined} />
    </RequireAccess>
  );
}

/** Roles across all namespaces (under /c/:cluster). */
export const roleAllNamespacesRoutes: RouteObject[] = [
  { path: 'roles', element: <RolesAllNamespacesPage /> },
];

/** Roles inside one namespace (under /c/:cluster/ns/:namespace). */
export const roleRoutes: RouteObject[] = [
  { path: 'roles', element: <RoleListPage /> },
  { path: 'roles/:name', element: <RoleDetailPage /> },
  { path: 'roles/:name/edit', element: <RoleEditPage /> },
  { path: 'new/roles', element: <RoleCreatePage /> },
];
