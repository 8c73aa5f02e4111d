import type { RouteObject } from 'react-router';
import { Navigate, useParams } from 'react-router';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { RequireAccess } from '../../access/RequireAccess.js';
import { NoAccessPage } from '../../access/NoAccessPage.js';
import { decide, namespacesWhere } from '../../access/capabilities.js';
import { useCluster } from '../../app/cluster.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { lazyNamed } from '../../app/lazyPage.js';

const BindingListView = lazyNamed(() => import('../shared/views.js'), 'BindingListView');
const BindingDetailView = lazyNamed(() => import('../shared/views.js'), 'BindingDetailView');
const BindingCreateView = lazyNamed(() => import('../shared/views.js'), 'BindingCreateView');

const resource = { apiGroup: RBAC_GROUP, resource: 'rolebindings' } as const;

/** All namespaces when allowed; a namespace-confined user lands in the first namespace they may use. */
function AllNamespacesPage() {
  const { cluster } = useCluster();
  const list = { ...resource, verb: 'list' };
  if (decide(cluster.capabilities, list) === 'allowed')
    return <BindingListView kind="RoleBinding" />;
  const first = namespacesWhere(cluster.capabilities, list)[0];
  if (first) return <Navigate to={kindPaths.list(cluster.id, 'RoleBinding', first)} replace />;
  return <NoAccessPage request={list} what="RoleBindings" />;
}

function ListPage() {
  const { namespace = '' } = useParams();
  return (
    <RequireAccess
      request={{ ...resource, verb: 'list', namespace }}
      what={`RoleBindings in ${namespace}`}
    >
      <BindingListView kind="RoleBinding" namespace={namespace} />
    </RequireAccess>
  );
}

function DetailPage() {
  const { namespace = '', name = '' } = useParams();
  return (
    <RequireAccess
      request={{ ...resource, verb: 'get', namespace, name }}
      what={`RoleBinding ${name}`}
    >
      <BindingDetailView kind="RoleBinding" name={name} namespace={namespace} />
    </RequireAccess>
  );
}

function CreatePage() {
  const { namespace = '' } = useParams();
  return (
    <RequireAccess
      request={{ ...resource, verb: 'create', namespace }}
      what={`creating RoleBindings in ${namespace}`}
    >
      <BindingCreateView kind="RoleBinding" namespace={namespace} />
    </RequireAccess>
  );
}

/** RoleBindings across all namespaces (under /c/:cluster). */
export const roleBindingAllNamespacesRoutes: RouteObject[] = [
  { path: 'rolebindings', element: <AllNamespacesPage /> },
];

/** RoleBindings inside one namespace (under /c/:cluster/ns/:namespace). */
export const roleBindingRoutes: RouteObject[] = [
  { path: 'rolebindings', element: <ListPage /> },
  { path: 'rolebindings/:name', element: <DetailPage /> },
  { path: 'new/rolebindings', element: <CreatePage /> },
];
