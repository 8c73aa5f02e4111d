import { Link } from 'react-router';
import type { BindingObject } from '../../api/rbacSchemas.js';
import { useRbacList } from '../../api/rbac.js';
import { useRbacWatch } from '../../api/watch.js';
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
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { formatAge } from './age.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { Badge } from '../../ui/Badge.js';
import { isBuiltIn } from '../../rbac/roleTraits.js';

export function BindingListView({
  kind,
  namespace,
}: {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
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
      resource: kind === 'ClusterRoleBinding' ? 'clusterrolebindings' : 'rolebindings',
      namespace,
    }) !== 'denied',
  );
  const items = (query.data?.items ?? []) as BindingObject[];
  const { search, setSearch, labels, setLabels, rows } = useListFilter(items);
  const title = `${kind}s`;
  const roleLink = (b: BindingObject) => {
    const roleKind = b.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
    return kindPaths.detail(cluster.id, roleKind, b.metadata.namespace, b.roleRef.name);
  };

  const columns: Column<BindingObject>[] = [
    {
      id: 'name',
      header: 'Name',
      className: 'md:w-[30%]',
      sortValue: (b) => b.metadata.name,
      cell: (b) => (
        <span className="flex items-center gap-2">
          {kind === 'RoleBinding' && !namespace && (
            <span className="shrink-0 text-xs text-slate-500 md:hidden dark:text-slate-400">
              {b.metadata.namespace}/
            </span>
          )}
          <Link
            className="min-w-16 truncate font-medium text-brand-700 hover:underline dark:text-indigo-300"
            to={kindPaths.detail(cluster.id, kind, b.metadata.namespace, b.metadata.name)}
          >
            {b.metadata.name}
          </Link>
          {isBuiltIn(b.metadata) && (
            <span className="flex min-w-0 overflow-hidden">
              <Badge>Built-in</Badge>
            </span>
          )}
        </span>
      ),
    },
    ...(kind === 'RoleBinding' && !namespace
      ? [
          {
            id: 'namespace',
            header: 'Namespace',
            // Below md the namespace is shown before the name instead.
            className: 'hidden w-36 md:table-cell',
            sortValue: (b: BindingObject) => b.metadata.namespace ?? '',
            cell: (b: BindingObject) => b.metadata.namespace,
          },
        ]
      : []),
    {
      id: 'role',
      header: 'Role',
      className: 'w-[40%] md:w-[22%]',
      sortValue: (b) => b.roleRef.name,
      cell: (b) => (
        <Link className="hover:underline" to={roleLink(b)}>
          <span className="text-xs text-slate-500">{b.roleRef.kind} </span>
          {b.roleRef.name}
        </Link>
      ),
    },
    {
      id: 'subjects',
      header: 'Subjects',
      // The binding's page lists them; a small screen has room for name and role only.
      className: 'hidden sm:table-cell',
      sortValue: (b) => b.subjects.length,
      cell: (b) => (
        <span className="flex gap-1 overflow-hidden">
          {b.subjects.slice(0, 3).map((s, i) => (
            <SubjectChip key={i} subject={s} />
          ))}
          {b.subjects.length > 3 && (
            <span className="text-xs text-slate-500">+{b.subjects.length - 3} more</span>
          )}
          {b.subjects.length === 0 && <span className="text-slate-400">none</span>}
        </span>
      ),
    },
    {
      id: 'age',
      header: 'Age',
      className: 'w-20',
      sortValue: (b) => b.metadata.creationTimestamp ?? '',
      cell: (b) => formatAge(b.metadata.creationTimestamp),
    },
  ];

  return (
    <>
      <PageHeader
        title={title}
        crumbs={[{ label: cluster.name }, ...(namespace ? [{ label: namespace }] : [])]}
        description={
          kind === 'ClusterRoleBinding'
            ? 'Grant a ClusterRole to users, groups and service accounts in every namespace.'
            : 'Grant a Role or ClusterRole to users, groups and service accounts inside one namespace.'
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <ButtonLink to={paths.clusterPage(cluster.id, 'import')}>Import YAML</ButtonLink>
            {(kind === 'ClusterRoleBinding' || namespace) && (
              <Can
                request={{
                  verb: 'create',
                  apiGroup: RBAC_GROUP,
                  resource: kind === 'ClusterRoleBinding' ? 'clusterrolebindings' : 'rolebindings',
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
          />
          <QueryState query={query} what={title}>
            <ResourceTable
              rows={rows}
              columns={columns}
              label={title}
              rowKey={(b) => `${b.metadata.namespace ?? ''}/${b.metadata.name}`}
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
