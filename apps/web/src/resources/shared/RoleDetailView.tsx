import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useRbacObject } from '../../api/rbac.js';
import type { RoleObject } from '../../api/rbacSchemas.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { useCluster } from '../../app/cluster.js';
import { Can } from '../../access/Can.js';
import { Button, ButtonLink } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { Tabs, type TabDef } from '../../ui/Tabs.js';
import { RulesTable } from '../../rbac/RulesTable.js';
import { RoleBadges } from '../../rbac/RoleBadges.js';
import { BoundSubjects } from './BoundSubjects.js';
import { AggregationSources } from './AggregationSources.js';
import { LazyYamlView } from '../../rbac/LazyYamlView.js';
import { toYaml } from '../../rbac/yamlText.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { isAggregated, readOnlyReason } from '../../rbac/roleTraits.js';
import { DeleteDialog } from './DeleteDialog.js';
import { MetadataList } from './MetadataList.js';
import { ObjectRiskBadges } from '../../features/analysis/ObjectRiskBadges.js';

export function RoleDetailView({
  kind,
  name,
  namespace,
}: {
  kind: 'ClusterRole' | 'Role';
  name: string;
  namespace?: string;
}) {
  const { cluster } = useCluster();
  const query = useRbacObject(cluster.id, kind, namespace, name);
  const [tab, setTab] = useState('rules');
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const role = query.data as RoleObject | undefined;
  const resource = kind === 'ClusterRole' ? 'clusterroles' : 'roles';
  const readOnly = role ? readOnlyReason(role.metadata) : null;
  const listPath = kindPaths.list(cluster.id, kind, namespace);

  const tabs: TabDef[] = role
    ? [
        {
          id: 'rules',
          label: `Rules (${role.rules.length})`,
          content: (
            <div className="space-y-3">
              {isAggregated(role) && (
                <Callout tone="info" title="Managed by the aggregation controller">
                  These rules are collected from the ClusterRoles that match this role’s aggregation
                  selectors; edit those roles, not this one.
                </Callout>
              )}
              <RulesTable rules={role.rules} />
            </div>
          ),
        },
        ...(isAggregated(role)
          ? [
              {
                id: 'aggregation',
                label: 'Aggregated from',
                content: <AggregationSources role={role} />,
              },
            ]
          : []),
        {
          id: 'bindings',
          label: 'Bindings',
          content: <BoundSubjects roleKind={kind} roleName={name} namespace={namespace} />,
        },
        { id: 'metadata', label: 'Metadata', content: <MetadataList meta={role.metadata} /> },
        {
          id: 'yaml',
          label: 'YAML',
          content: <LazyYamlView value={toYaml(role)} label={`YAML of ${kind} ${name}`} />,
        },
      ]
    : [];

  return (
    <>
      <PageHeader
        title={name}
        crumbs={[
          { label: cluster.name },
          ...(namespace ? [{ label: namespace }] : []),
          { label: kind === 'ClusterRole' ? 'ClusterRoles' : 'Roles', to: listPath },
        ]}
        badges={
          <>
            <span className="text-sm text-slate-500">{kind}</span>
            {role && <RoleBadges role={role} />}
            <ObjectRiskBadges kind={kind} name={name} namespace={namespace} />
          </>
        }
        actions={
          role && (
            <>
              {!readOnly && (
                <Can request={{ verb: 'update', apiGroup: RBAC_GROUP, resource, namespace, name }}>
                  <ButtonLink to={kindPaths.edit(cluster.id, kind, namespace, name)}>
                    Edit
                  </ButtonLink>
                </Can>
              )}
              <Can request={{ verb: 'create', apiGroup: RBAC_GROUP, resource, namespace }}>
                <ButtonLink to={kindPaths.create(cluster.id, kind, namespace, name)}>
                  Clone
                </ButtonLink>
              </Can>
              {!readOnly && (
                <Can request={{ verb: 'delete', apiGroup: RBAC_GROUP, resource, namespace, name }}>
                  <Button variant="danger" onClick={() => setDeleting(true)}>
                    Delete
                  </Button>
                </Can>
              )}
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
      {role && (
        <DeleteDialog
          open={deleting}
          onClose={() => setDeleting(false)}
          kind={kind}
          object={role}
          onDeleted={() => navigate(listPath)}
        />
      )}
    </>
  );
}
