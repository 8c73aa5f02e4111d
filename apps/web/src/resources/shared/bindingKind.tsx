// ClusterRoleBinding and RoleBinding draw alike: the role granted, the subjects it is granted to.
import { Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { BindingObject } from '../../api/rbacSchemas.js';
import { RBAC_GROUP, rbacKinds } from '../../api/rbacKinds.js';
import { Can } from '../../access/Can.js';
import { Badge } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { isBuiltIn } from '../../rbac/roleTraits.js';
import { ChangeRoleDialog } from '../../features/binding-subjects/ChangeRoleDialog.js';
import type { DetailContext, KindDescriptor, KindEntry } from '../kind.js';
import { BindingSubjects } from './BindingSubjects.js';
import { BindingCreateView } from './BindingCreateView.js';
import { lazyNamed } from '../../app/lazyPage.js';
import { useCluster } from '../../app/cluster.js';

// Loaded when first opened: the fleet copy plan is not part of the binding pages' chunk.
const CopyBindingDialog = lazyNamed(
  () => import('../../features/fleet-access/CopyBindingDialog.js'),
  'CopyBindingDialog',
);

type BindingKind = 'ClusterRoleBinding' | 'RoleBinding';

const roleKindOf = (b: BindingObject) => (b.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole');

export function bindingDescriptor<K extends BindingKind>(
  entry: KindEntry<K>,
  description: (namespace: string | undefined) => string,
): KindDescriptor<K> {
  const { kind } = entry;

  /** Change role: a guided re-create, since a binding's roleRef cannot be updated. */
  function ChangeRole({ object, ctx }: { object: BindingObject; ctx: DetailContext }) {
    const [open, setOpen] = useState(false);
    return (
      <>
        <Can
          request={{
            verb: 'update',
            apiGroup: RBAC_GROUP,
            resource: rbacKinds[kind].plural,
            namespace: ctx.namespace,
            name: ctx.name,
          }}
        >
          <Button onClick={() => setOpen(true)}>Change role</Button>
        </Can>
        <ChangeRoleDialog open={open} onClose={() => setOpen(false)} kind={kind} binding={object} />
      </>
    );
  }

  /** Copy to clusters…: shown with more than one cluster; the plan says per cluster what it may do. */
  function CopyToClusters({ object, ctx }: { object: BindingObject; ctx: DetailContext }) {
    const { session } = useCluster();
    const [open, setOpen] = useState(false);
    if (session.clusters.length < 2) return null;
    return (
      <>
        <Button onClick={() => setOpen(true)}>Copy to clusters…</Button>
        {open && (
          <Suspense fallback={null}>
            <CopyBindingDialog
              open={open}
              onClose={() => setOpen(false)}
              source={{
                cluster: ctx.clusterId,
                kind,
                ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
                name: object.metadata.name ?? ctx.name,
              }}
            />
          </Suspense>
        )}
      </>
    );
  }

  function Actions(props: { object: BindingObject; ctx: DetailContext }) {
    return (
      <>
        <ChangeRole {...props} />
        <CopyToClusters {...props} />
      </>
    );
  }

  return {
    entry,
    list: {
      description,
      nameClassName: 'md:w-[30%]',
      namespaceClassName: 'hidden w-36 md:table-cell',
      nameBadges: (b) =>
        isBuiltIn(b.metadata) && (
          <span className="flex min-w-0 overflow-hidden">
            <Badge>Built-in</Badge>
          </span>
        ),
      columns: ({ clusterId }) => [
        {
          id: 'role',
          header: 'Role',
          className: 'w-[40%] md:w-[22%]',
          sortValue: (b) => b.roleRef.name,
          cell: (b) => (
            <Link
              className="hover:underline"
              to={kindPaths.detail(clusterId, roleKindOf(b), b.metadata.namespace, b.roleRef.name)}
            >
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
      ],
    },
    detail: {
      firstTab: 'subjects',
      tabs: (binding, { readOnly }) => [
        {
          id: 'subjects',
          label: `Subjects (${binding.subjects.length})`,
          content: <BindingSubjects kind={kind} binding={binding} readOnly={readOnly !== null} />,
        },
      ],
      description: (binding, { clusterId, namespace }) => (
        <span>
          Grants {binding.roleRef.kind}{' '}
          <Link
            className="font-medium text-brand-700 hover:underline dark:text-indigo-300"
            to={kindPaths.detail(clusterId, roleKindOf(binding), namespace, binding.roleRef.name)}
          >
            {binding.roleRef.name}
          </Link>{' '}
          {namespace ? `in namespace ${namespace}` : 'in every namespace'}.
        </span>
      ),
      Actions,
    },
    Form: ({ namespace }) => <BindingCreateView kind={kind} namespace={namespace} />,
  };
}
