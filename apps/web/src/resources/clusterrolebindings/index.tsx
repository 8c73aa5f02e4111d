import type { RouteObject } from 'react-router';
import { useParams } from 'react-router';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { RequireAccess } from '../../access/RequireAccess.js';
import { lazyNamed } from '../../app/lazyPage.js';

const BindingListView = lazyNamed(() => import('../shared/views.js'), 'BindingListView');
const BindingDetailView = lazyNamed(() => import('../shared/views.js'), 'BindingDetailView');
const BindingCreateView = lazyNamed(() => import('../shared/views.js'), 'BindingCreateView');

const resource = { apiGroup: RBAC_GROUP, resource: 'clusterrolebindings' } as const;

function ListPage() {
  return (
    <RequireAccess request={{ ...resource, verb: 'list' }} what="ClusterRoleBindings">
      <BindingListView kind="ClusterRoleBinding" />
    </RequireAccess>
  );
}

function DetailPage() {
  const { name = '' } = useParams();
  return (
    <RequireAccess request={{ ...resource, verb: 'get', name }} what={`ClusterRoleBinding ${name}`}>
      <BindingDetailView kind="ClusterRoleBinding" name={name} />
    </RequireAccess>
  );
}

function CreatePage() {
  return (
    <RequireAccess request={{ ...resource, verb: 'create' }} what="creating ClusterRoleBindings">
      <BindingCreateView kind="ClusterRoleBinding" />
    </RequireAccess>
  );
}

/** ClusterRoleBindings: grant a ClusterRole everywhere. */
export const clusterRoleBindingRoutes: RouteObject[] = [
  { path: 'clusterrolebindings', element: <ListPage /> },
  { path: 'clusterrolebindings/:name', element: <DetailPage /> },
  { path: 'new/clusterrolebindings', element: <CreatePage /> },
];
