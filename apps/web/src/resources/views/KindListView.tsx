import { Link } from 'react-router';
import { useCallback, useState } from 'react';
import { useRbacList, type RbacObjectOf } from '../../api/rbac.js';
import { RBAC_GROUP, rbacKinds, type RbacKind } from '../../api/rbacKinds.js';
import { paths, useCluster } from '../../app/cluster.js';
import { Can } from '../../access/Can.js';
import { decide } from '../../access/capabilities.js';
import { ButtonLink } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { EmptyState } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { ResourceTable, type Column } from '../../ui/ResourceTable.js';
import { ListToolbar } from '../shared/ListToolbar.js';
import { useListFilter } from '../shared/useListFilter.js';
import { formatAge } from '../shared/age.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { useRbacWatch } from '../../api/watch.js';
import type { KindDescriptor } from '../kind.js';

const keepAll = () => true;

/** Any kind's list: watched, searchable, label-filtered, with the kind's own columns. */
export function KindListView<K extends RbacKind>({
  descriptor,
  namespace,
}: {
  descriptor: KindDescriptor<K>;
  namespace?: string;
}) {
  const { kind } = descriptor.entry;
  const info = rbacKinds[kind];
  const { list } = descriptor;
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
      resource: info.plural,
      namespace,
    }) !== 'denied',
  );
  const [show, setShow] = useState(list.show?.[0]?.value ?? '');
  const keep = list.show?.find((o) => o.value === show)?.keep ?? keepAll;
  const extra = useCallback((o: RbacObjectOf<K>) => keep(o), [keep]);
  const items = (query.data?.items ?? []) as RbacObjectOf<K>[];
  const { search, setSearch, labels, setLabels, rows } = useListFilter(items, extra);
  const title = `${kind}s`;
  const acrossNamespaces = info.namespaced && !namespace;

  const columns: Column<RbacObjectOf<K>>[] = [
    {
      id: 'name',
      header: 'Name',
      className: list.nameClassName,
      sortValue: (o) => o.metadata.name,
      cell: (o) => (
        <span className="flex items-center gap-2">
          {acrossNamespaces && (
            <span className="shrink-0 text-xs text-slate-500 md:hidden dark:text-slate-400">
              {o.metadata.namespace}/
            </span>
          )}
          <Link
            className="min-w-16 truncate font-medium text-brand-700 hover:underline dark:text-indigo-300"
            to={kindPaths.detail(cluster.id, kind, o.metadata.namespace, o.metadata.name)}
          >
            {o.metadata.name}
          </Link>
          {list.nameBadges?.(o)}
        </span>
      ),
    },
    ...(acrossNamespaces
      ? [
          {
            id: 'namespace',
            header: 'Namespace',
            // Below md the namespace is shown before the name instead.
            className: list.namespaceClassName,
            sortValue: (o: RbacObjectOf<K>) => o.metadata.namespace ?? '',
            cell: (o: RbacObjectOf<K>) => o.metadata.namespace,
          },
        ]
      : []),
    ...list.columns({ clusterId: cluster.id, namespace }),
    {
      id: 'age',
      header: 'Age',
      className: 'w-20',
      sortValue: (o) => o.metadata.creationTimestamp ?? '',
      cell: (o) => formatAge(o.metadata.creationTimestamp),
    },
  ];

  return (
    <>
      <PageHeader
        title={title}
        crumbs={[{ label: cluster.name }, ...(namespace ? [{ label: namespace }] : [])]}
        description={list.description(namespace)}
        actions={
          <div className="flex flex-wrap gap-2">
            <ButtonLink to={paths.clusterPage(cluster.id, 'import')}>Import YAML</ButtonLink>
            {/* A namespaced kind is created in a namespace, so not from the all-namespaces list. */}
            {!acrossNamespaces && (
              <Can
                request={{ verb: 'create', apiGroup: RBAC_GROUP, resource: info.plural, namespace }}
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
              list.show && (
                <label className="text-xs font-medium text-slate-600 dark:text-slate-400">
                  Show
                  <select
                    value={show}
                    onChange={(e) => setShow(e.target.value)}
                    className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
                  >
                    {list.show.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </label>
              )
            }
          />
          <QueryState query={query} what={title}>
            <ResourceTable
              rows={rows}
              columns={columns}
              label={title}
              rowKey={(o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`}
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
