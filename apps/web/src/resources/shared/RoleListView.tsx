import { Link } from 'react-router';
import { useCallback, useState } from 'react';
import type { RoleObject } from '../../api/rbacSchemas.js';
import { useRbacList } from '../../api/rbac.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { paths, useCluster } from '../../app/cluster.js';
import { Can } from '../../access/Can.js';
import { decide } from '../../access/capabilities.js';
import { ButtonLink } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { EmptyState } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { ResourceTable, type Column } from '../../ui/ResourceTable.js';
import { ListToolbar } from './ListToolbar.js';
import { useListFilter } from './useListFilter.js';
import { RoleBadges } from '../../rbac/RoleBadges.js';
import { formatAge } from './age.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { isAggregated, isBuiltIn } from '../../rbac/roleTraits.js';
import { useRbacWatch } from '../../api/watch.js';

type Show = 'all' | 'custom' | 'builtin' | 'aggregated';
const showFilters: Record<Show, (r: RoleObject) => boolean> = {
  all: () => true,
  custom: (r) => !isBuiltIn(r.metadata),
  builtin: (r) => isBuiltIn(r.metadata),
  aggregated: (r) => isAggregated(r),
};

export function RoleListView({
  kind,
  namespace,
}: {
  kind: 'ClusterRole' | 'Role';
  namespace?: string;
}) {
  const { cluster } = useCluster();
  const query = useRbacList(cluster.id, kind, namespace);
  useRbacWatch(
    cluster.id,
    kind,
    namespace,
    query.data?.resourceVersion,
    decide(cluster.capabilities, {
      verb: 'watch',
      apiGroup: RBAC_GROUP,
      resource: kind === 'ClusterRole' ? 'clusterroles' : 'roles',
      namespace,
    }) !== 'denied',
  );
  const [show, setShow] = useState<Show>('all');
  const extra = useCallback((r: RoleObject) => showFilters[show](r), [show]);
  const items = (query.data?.items ?? []) as RoleObject[];
  const { search, setSearch, labels, setLabels, rows } = useListFilter(items, extra);
  const title = kind === 'ClusterRole' ? 'ClusterRoles' : 'Roles';

  const columns: Column<RoleObject>[] = [
    {
      id: 'name',
      header: 'Name',
      className: 'md:w-[40%]',
      sortValue: (r) => r.metadata.name,
      cell: (r) => (
        <span className="flex items-center gap-2">
          {kind === 'Role' && !namespace && (
            <span className="shrink-0 text-xs text-slate-500 md:hidden dark:text-slate-400">
              {r.metadata.namespace}/
            </span>
          )}
          <Link
            className="min-w-16 truncate font-medium text-brand-700 hover:underline dark:text-indigo-300"
            to={kindPaths.detail(cluster.id, kind, r.metadata.namespace, r.metadata.name)}
          >
            {r.metadata.name}
          </Link>
          <span className="flex min-w-0 gap-1 overflow-hidden">
            <RoleBadges role={r} />
          </span>
        </span>
      ),
    },
    ...(kind === 'Role' && !namespace
      ? [
          {
            id: 'namespace',
            header: 'Namespace',
            // Below md the namespace is shown before the name instead.
            className: 'hidden md:table-cell',
            sortValue: (r: RoleObject) => r.metadata.namespace ?? '',
            cell: (r: RoleObject) => r.metadata.namespace,
          },
        ]
      : []),
    {
      id: 'rules',
      header: 'Rules',
      className: 'w-20 sm:w-24',
      sortValue: (r) => r.rules.length,
      cell: (r) => r.rules.length,
    },
    {
      id: 'labels',
      header: 'Labels',
      // Labels need room; on small screens the label filter still finds them.
      className: 'hidden md:table-cell',
      cell: (r) => (
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {Object.entries(r.metadata.labels ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(', ') || '—'}
        </span>
      ),
    },
    {
      id: 'age',
      header: 'Age',
      className: 'w-20',
      sortValue: (r) => r.metadata.creationTimestamp ?? '',
      cell: (r) => formatAge(r.metadata.creationTimestamp),
    },
  ];

  return (
    <>
      <PageHeader
        title={title}
        crumbs={[{ label: cluster.name }, ...(namespace ? [{ label: namespace }] : [])]}
        description={
          kind === 'ClusterRole'
            ? 'Sets of permissions that apply cluster-wide or, through RoleBindings, in one namespace.'
            : `Sets of permissions inside ${namespace ? `namespace ${namespace}` : 'a namespace'}.`
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <ButtonLink to={paths.clusterPage(cluster.id, 'import')}>Import YAML</ButtonLink>
            {(kind === 'ClusterRole' || namespace) && (
              <Can
                request={{
                  verb: 'create',
                  apiGroup: RBAC_GROUP,
                  resource: kind === 'ClusterRole' ? 'clusterroles' : 'roles',
                  namespace,
                }}
              >
                <ButtonLink variant="primary" to={kindPaths.create(cluster.id, kind, namespace)}>
                  Create {kind}
                </ButtonLink>
              </Can>
            )}
          </div>
        }
      />
      <div className="p-6">
        <div className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <ListToolbar
            search={search}
            onSearch={setSearch}
            labels={labels}
            onLabels={setLabels}
            shown={rows.length}
            total={items.length}
            noun={title}
            extra={
              <label className="text-xs font-medium text-slate-600 dark:text-slate-400">
                Show
                <select
                  value={show}
                  onChange={(e) => setShow(e.target.value as Show)}
                  className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
                >
                  <option value="all">All</option>
                  <option value="custom">Custom only</option>
                  <option value="builtin">Built-in only</option>
                  <option value="aggregated">Aggregated only</option>
                </select>
              </label>
            }
          />
          <QueryState query={query} what={title}>
            <ResourceTable
              rows={rows}
              columns={columns}
              label={title}
              rowKey={(r) => `${r.metadata.namespace ?? ''}/${r.metadata.name}`}
              empty={
                <EmptyState
                  title={items.length ? `No ${title} match the filters` : `No ${title} yet`}
                />
              }
            />
          </QueryState>
        </div>
      </div>
    </>
  );
}
