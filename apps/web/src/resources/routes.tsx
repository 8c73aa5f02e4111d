import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { Navigate, useParams, useSearchParams } from 'react-router';
import { RBAC_GROUP, rbacKinds } from '../api/rbacKinds.js';
import { RequireAccess } from '../access/RequireAccess.js';
import { NoAccessPage } from '../access/NoAccessPage.js';
import { decide, namespacesWhere } from '../access/capabilities.js';
import { useCluster } from '../app/cluster.js';
import { lazyNamed } from '../app/lazyPage.js';
import { kindPaths } from '../rbac/kindPaths.js';
import type { KindEntry, KindViews } from './kind.js';
import { kindEntries } from './registry.js';

// Needed only when an incomplete review leaves the cluster-wide rules undecided: loaded then.
const FirstOtherNamespace = lazyNamed(
  () => import('./FirstOtherNamespace.js'),
  'FirstOtherNamespace',
);

/** The route shells of one kind: each page guarded by the request it needs, drawn on first use. */
function kindRoutes(entry: KindEntry): { cluster: RouteObject[]; namespaced: RouteObject[] } {
  const { kind, capabilities } = entry;
  const { plural, namespaced } = rbacKinds[kind];
  const view = (which: keyof KindViews) =>
    lazy(async () => ({ default: (await entry.views())[which] }));
  const List = view('List');
  const Detail = view('Detail');
  const Form = view('Form');
  const resource = { apiGroup: RBAC_GROUP, resource: plural } as const;
  const title = `${kind}s`;

  function ListPage() {
    const { namespace } = useParams();
    return (
      <RequireAccess
        request={{ ...resource, verb: 'list', namespace }}
        what={namespace ? `${title} in ${namespace}` : title}
      >
        <List namespace={namespace} />
      </RequireAccess>
    );
  }

  /** All namespaces when allowed; a namespace-confined user lands in the first namespace they may use. */
  function AllNamespacesPage() {
    const { cluster } = useCluster();
    const list = { ...resource, verb: 'list' };
    if (decide(cluster.capabilities, list) === 'allowed') return <List />;
    const where = namespacesWhere(cluster.capabilities, list);
    const first = where.own[0];
    if (first) return <Navigate to={kindPaths.list(cluster.id, kind, first)} replace />;
    if (where.others)
      return (
        <FirstOtherNamespace
          to={(ns) => kindPaths.list(cluster.id, kind, ns)}
          noAccess={<NoAccessPage request={list} what={title} />}
        />
      );
    return <NoAccessPage request={list} what={title} />;
  }

  function DetailPage() {
    const { namespace, name = '' } = useParams();
    return (
      <RequireAccess
        request={{ ...resource, verb: 'get', namespace, name }}
        what={`${kind} ${name}`}
      >
        <Detail name={name} namespace={namespace} />
      </RequireAccess>
    );
  }

  function EditPage() {
    const { namespace, name = '' } = useParams();
    return (
      <RequireAccess
        request={{ ...resource, verb: 'update', namespace, name }}
        what={`editing ${kind} ${name}`}
      >
        <Form namespace={namespace} edit={name} />
      </RequireAccess>
    );
  }

  function CreatePage() {
    const { namespace } = useParams();
    const [params] = useSearchParams();
    return (
      <RequireAccess
        request={{ ...resource, verb: 'create', namespace }}
        what={namespace ? `creating ${title} in ${namespace}` : `creating ${title}`}
      >
        <Form namespace={namespace} from={params.get('from') ?? undefined} />
      </RequireAccess>
    );
  }

  const pages: RouteObject[] = [
    { path: plural, element: <ListPage /> },
    { path: `${plural}/:name`, element: <DetailPage /> },
    ...(capabilities.edit ? [{ path: `${plural}/:name/edit`, element: <EditPage /> }] : []),
    { path: `new/${plural}`, element: <CreatePage /> },
  ];
  return namespaced
    ? { cluster: [{ path: plural, element: <AllNamespacesPage /> }], namespaced: pages }
    : { cluster: pages, namespaced: [] };
}

const all = kindEntries.map(kindRoutes);

/** The kinds' pages under /c/:cluster (cluster-scoped kinds; namespaced ones across namespaces). */
export const clusterKindRoutes: RouteObject[] = all.flatMap((r) => r.cluster);

/** The namespaced kinds' pages under /c/:cluster/ns/:namespace. */
export const namespacedKindRoutes: RouteObject[] = all.flatMap((r) => r.namespaced);
