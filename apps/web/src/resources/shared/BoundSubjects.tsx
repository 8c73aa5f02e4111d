import { Link } from 'react-router';
import type { BindingObject } from '../../api/rbacSchemas.js';
import { useRbacList } from '../../api/rbac.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { useCluster } from '../../app/cluster.js';
import { decide } from '../../access/capabilities.js';
import { Callout, EmptyState } from '../../ui/Panel.js';
import { Spinner } from '../../ui/Spinner.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';

/** Every binding that grants this role, with its subjects: who holds these permissions. */
export function BoundSubjects({
  roleKind,
  roleName,
  namespace,
}: {
  roleKind: 'ClusterRole' | 'Role';
  roleName: string;
  namespace?: string;
}) {
  const { cluster } = useCluster();
  const caps = cluster.capabilities;
  const canCrb =
    roleKind === 'ClusterRole' &&
    decide(caps, { verb: 'list', apiGroup: RBAC_GROUP, resource: 'clusterrolebindings' }) ===
      'allowed';
  const rbNamespace = roleKind === 'Role' ? namespace : undefined;
  const canRb =
    decide(caps, {
      verb: 'list',
      apiGroup: RBAC_GROUP,
      resource: 'rolebindings',
      namespace: rbNamespace,
    }) === 'allowed';
  const crbs = useRbacList(cluster.id, 'ClusterRoleBinding', undefined, canCrb);
  const rbs = useRbacList(cluster.id, 'RoleBinding', rbNamespace, canRb);
  if ((canCrb && crbs.isPending) || (canRb && rbs.isPending))
    return <Spinner label="Finding bindings" />;
  const refers = (b: BindingObject) => b.roleRef.kind === roleKind && b.roleRef.name === roleName;
  const bindings: { kind: 'ClusterRoleBinding' | 'RoleBinding'; b: BindingObject }[] = [
    ...((crbs.data?.items ?? []) as BindingObject[])
      .filter(refers)
      .map((b) => ({ kind: 'ClusterRoleBinding' as const, b })),
    ...((rbs.data?.items ?? []) as BindingObject[])
      .filter(refers)
      .map((b) => ({ kind: 'RoleBinding' as const, b })),
  ];
  return (
    <div className="space-y-3">
      {(!canRb || (roleKind === 'ClusterRole' && !canCrb)) && (
        <Callout tone="info" title="Some bindings may be missing">
          You may not list every binding kind that could refer to this role, so only the bindings
          you can see are shown.
        </Callout>
      )}
      {bindings.length === 0 ? (
        <EmptyState title="Nobody is bound to this role">
          Create a binding to grant its permissions to users, groups or service accounts.
        </EmptyState>
      ) : (
        <table className="w-full border-collapse text-sm" aria-label="Bindings to this role">
          <thead>
            <tr className="text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
              <th scope="col" className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
                Binding
              </th>
              <th scope="col" className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
                Scope
              </th>
              <th scope="col" className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
                Subjects
              </th>
            </tr>
          </thead>
          <tbody>
            {bindings.map(({ kind, b }) => (
              <tr
                key={`${kind}/${b.metadata.namespace ?? ''}/${b.metadata.name}`}
                className="border-b border-slate-100 align-top dark:border-slate-800"
              >
                <td className="px-3 py-2">
                  <Link
                    className="font-medium text-brand-700 hover:underline dark:text-indigo-300"
                    to={kindPaths.detail(cluster.id, kind, b.metadata.namespace, b.metadata.name)}
                  >
                    {b.metadata.name}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">{kind}</span>
                </td>
                <td className="px-3 py-2">
                  {b.metadata.namespace ? `namespace ${b.metadata.namespace}` : 'cluster-wide'}
                </td>
                <td className="px-3 py-2">
                  <span className="flex flex-wrap gap-1">
                    {b.subjects.length === 0 ? (
                      <span className="text-slate-400">none</span>
                    ) : (
                      b.subjects.map((s, i) => <SubjectChip key={i} subject={s} />)
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
