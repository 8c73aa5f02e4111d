import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useRbacObject, type RbacObjectOf } from '../../api/rbac.js';
import { RBAC_GROUP, rbacKinds, type RbacKind } from '../../api/rbacKinds.js';
import { useCluster } from '../../app/cluster.js';
import { Can } from '../../access/Can.js';
import { Button, ButtonLink } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { Tabs, type TabDef } from '../../ui/Tabs.js';
import { LazyYamlView } from '../../rbac/LazyYamlView.js';
import { toYaml } from '../../rbac/yamlText.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { readOnlyReason } from '../../rbac/roleTraits.js';
import { ObjectRiskBadges } from '../../features/analysis/ObjectRiskBadges.js';
import { DeleteDialog } from '../shared/DeleteDialog.js';
import { MetadataList } from '../shared/MetadataList.js';
import type { DetailContext, KindDescriptor } from '../kind.js';

/** Any kind's object page: the kind's tabs then Metadata and YAML; Edit, Clone, Delete as allowed. */
export function KindDetailView<K extends RbacKind>({
  descriptor,
  name,
  namespace,
}: {
  descriptor: KindDescriptor<K>;
  name: string;
  namespace?: string;
}) {
  const { kind, capabilities } = descriptor.entry;
  const { detail } = descriptor;
  const { cluster } = useCluster();
  const query = useRbacObject(cluster.id, kind, namespace, name);
  const [tab, setTab] = useState(detail.firstTab);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const object = query.data as RbacObjectOf<K> | undefined;
  const resource = rbacKinds[kind].plural;
  const readOnly = object ? readOnlyReason(object.metadata) : null;
  const listPath = kindPaths.list(cluster.id, kind, namespace);
  const ctx: DetailContext = { clusterId: cluster.id, namespace, name, readOnly };
  const Actions = detail.Actions;

  const tabs: TabDef[] = object
    ? [
        ...detail.tabs(object, ctx),
        { id: 'metadata', label: 'Metadata', content: <MetadataList meta={object.metadata} /> },
        {
          id: 'yaml',
          label: 'YAML',
          content: <LazyYamlView value={toYaml(object)} label={`YAML of ${kind} ${name}`} />,
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
          { label: `${kind}s`, to: listPath },
        ]}
        badges={
          <>
            <span className="text-sm text-slate-500">{kind}</span>
            {object && detail.badges?.(object)}
            <ObjectRiskBadges kind={kind} name={name} namespace={namespace} />
          </>
        }
        description={object && detail.description?.(object, ctx)}
        actions={
          object && (
            <>
              {capabilities.edit && !readOnly && (
                <Can request={{ verb: 'update', apiGroup: RBAC_GROUP, resource, namespace, name }}>
                  <ButtonLink to={kindPaths.edit(cluster.id, kind, namespace, name)}>
                    Edit
                  </ButtonLink>
                </Can>
              )}
              {capabilities.clone && (
                <Can request={{ verb: 'create', apiGroup: RBAC_GROUP, resource, namespace }}>
                  <ButtonLink to={kindPaths.create(cluster.id, kind, namespace, name)}>
                    Clone
                  </ButtonLink>
                </Can>
              )}
              {Actions && !readOnly && <Actions object={object} ctx={ctx} />}
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
      {object && (
        <DeleteDialog
          open={deleting}
          onClose={() => setDeleting(false)}
          kind={kind}
          object={object}
          onDeleted={() => navigate(listPath)}
        />
      )}
    </>
  );
}
