import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useRbacObject } from '../../api/rbac.js';
import type { BindingObject } from '../../api/rbacSchemas.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { useCluster } from '../../app/cluster.js';
import { Can } from '../../access/Can.js';
import { Button } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { Tabs, type TabDef } from '../../ui/Tabs.js';
import { LazyYamlView } from '../../rbac/LazyYamlView.js';
import { toYaml } from '../../rbac/yamlText.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { readOnlyReason } from '../../rbac/roleTraits.js';
import { DeleteDialog } from './DeleteDialog.js';
import { MetadataList } from './MetadataList.js';
import { BindingSubjects } from './BindingSubjects.js';
import { ChangeRoleDialog } from '../../features/binding-subjects/ChangeRoleDialog.js';
import { ObjectRiskBadges } from '../../features/analysis/ObjectRiskBadges.js';

export function BindingDetailView({
  kind,
  name,
  namespace,
}: {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  namespace?: string;
}) {
  const { cluster } = useCluster();
  const query = useRbacObject(cluster.id, kind, namespace, name);
  const [tab, setTab] = useState('subjects');
  const [dialog, setDialog] = useState<'delete' | 'role' | null>(null);
  const navigate = useNavigate();
  const binding = query.data as BindingObject | undefined;
  const resource = kind === 'ClusterRoleBinding' ? 'clusterrolebindings' : 'rolebindings';
  const readOnly = binding ? readOnlyReason(binding.metadata) : null;
  const listPath = kindPaths.list(cluster.id, kind, namespace);
  const update = { verb: 'update', apiGroup: RBAC_GROUP, resource, namespace, name };

  const tabs: TabDef[] = binding
    ? [
        {
          id: 'subjects',
          label: `Subjects (${binding.subjects.length})`,
          content: <BindingSubjects kind={kind} binding={binding} readOnly={readOnly !== null} />,
        },
        { id: 'metadata', label: 'Metadata', content: <MetadataList meta={binding.metadata} /> },
        {
          id: 'yaml',
          label: 'YAML',
          content: <LazyYamlView value={toYaml(binding)} label={`YAML of ${kind} ${name}`} />,
        },
      ]
    : [];
  const roleKind = binding?.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';

  return (
    <>
      <PageHeader
        title={name}
        crumbs={[
          { label: cluster.name },
          ...(namespace ? [{ label: namespace }] : []),
          { label: `${kind}s`, to: listPath },
        ]}
        badges={
          <>
            <span className="text-sm text-slate-500">{kind}</span>
            <ObjectRiskBadges kind={kind} name={name} namespace={namespace} />
          </>
        }
        description={
          binding && (
            <span>
              Grants {binding.roleRef.kind}{' '}
              <Link
                className="font-medium text-brand-700 hover:underline dark:text-indigo-300"
                to={kindPaths.detail(cluster.id, roleKind, namespace, binding.roleRef.name)}
              >
                {binding.roleRef.name}
              </Link>{' '}
              {namespace ? `in namespace ${namespace}` : 'in every namespace'}.
            </span>
          )
        }
        actions={
          binding &&
          !readOnly && (
            <>
              <Can request={update}>
                <Button onClick={() => setDialog('role')}>Change role</Button>
              </Can>
              <Can request={{ ...update, verb: 'delete' }}>
                <Button variant="danger" onClick={() => setDialog('delete')}>
                  Delete
                </Button>
              </Can>
            </>
          )
        }
      />
      {readOnly && (
        <div className="px-6 pt-4">
          <Callout tone="warning" title="Read-only">
            {readOnly}
          </Callout>
        </div>
      )}
      <QueryState query={query} what={`${kind} ${name}`}>
        <Tabs label={`${kind} ${name}`} tabs={tabs} selected={tab} onSelect={setTab} />
      </QueryState>
      {binding && (
        <>
          <DeleteDialog
            open={dialog === 'delete'}
            onClose={() => setDialog(null)}
            kind={kind}
            object={binding}
            onDeleted={() => navigate(listPath)}
          />
          <ChangeRoleDialog
            open={dialog === 'role'}
            onClose={() => setDialog(null)}
            kind={kind}
            binding={binding}
          />
        </>
      )}
    </>
  );
}
