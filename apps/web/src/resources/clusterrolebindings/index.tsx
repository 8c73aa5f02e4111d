import type { RouteObject } from 'react-router';
import { useParams } from 'react-router';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { RequireAccess } from '../../access/RequireAccess.js';
import { BindingListView } from '../shared/BindingListView.js';
import { BindingDetailView } from '../shared/BindingDetailView.js';
import { BindingCreateView } from '../shared/BindingCreateView.js';

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
