import type { RouteObject } from 'react-router';
import { useParams, useSearchParams } from 'react-router';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { RequireAccess } from '../../access/RequireAccess.js';
import { lazyNamed } from '../../app/lazyPage.js';

const RoleListView = lazyNamed(() => import('../shared/views.js'), 'RoleListView');
const RoleDetailView = lazyNamed(() => import('../shared/views.js'), 'RoleDetailView');
const RoleEditorView = lazyNamed(() => import('../shared/views.js'), 'RoleEditorView');

function ClusterRoleListPage() {
  return (
    <RequireAccess
      request={{ verb: 'list', apiGroup: RBAC_GROUP, resource: 'clusterroles' }}
      what="ClusterRoles"
    >
      <RoleListView kind="ClusterRole" />
    </RequireAccess>
  );
}

function ClusterRoleDetailPage() {
  const { name = '' } = useParams();
  return (
    <RequireAccess
      request={{ verb: 'get', apiGroup: RBAC_GROUP, resource: 'clusterroles', name }}
      what={`ClusterRole ${name}`}
    >
      <RoleDetailView kind="ClusterRole" name={name} />
    </RequireAccess>
  );
}

function ClusterRoleEditPage() {
  const { name = '' } = useParams();
  return (
    <RequireAccess
      request={{ verb: 'update', apiGroup: RBAC_GROUP, resource: 'clusterroles', name }}
      what={`editing ClusterRole ${name}`}
    >
      <RoleEditorView kind="ClusterRole" edit={name} />
    </RequireAccess>
  );
}

function ClusterRoleCreatePage() {
  const [params] = useSearchParams();
  return (
    <RequireAccess
      request={{ verb: 'create', apiGroup: RBAC_GROUP, resource: 'clusterroles' }}
      what="creating ClusterRoles"
    >
      <RoleEditorView kind="ClusterRole" from={params.get('from') ?? undefined} />
    </RequireAccess>
  );
}

/** ClusterRoles: cluster-scoped sets of rules. */
export const clusterRoleRoutes: RouteObject[] = [
  { path: 'clusterroles', element: <ClusterRoleListPage /> },
  { path: 'clusterroles/:name', element: <ClusterRoleDetailPage /> },
  { path: 'clusterroles/:name/edit', element: <ClusterRoleEditPage /> },
  { path: 'new/clusterroles', element: <ClusterRoleCreatePage /> },
];
