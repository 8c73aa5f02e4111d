import { useRbacObject } from '../../api/rbac.js';
import type { RoleObject } from '../../api/rbacSchemas.js';
import { useCluster } from '../../app/cluster.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { readOnlyReason } from '../../rbac/roleTraits.js';
import { RoleForm } from './RoleForm.js';
import { cloneDraft, editDraft, emptyDraft, type RoleKind } from './roleDraft.js';

/** Create (optionally cloning `from`) or edit a ClusterRole or Role. */
export function RoleEditorView({
  kind,
  namespace,
  edit,
  from,
}: {
  kind: RoleKind;
  namespace?: string;
  edit?: string;
  from?: string;
}) {
  const { cluster } = useCluster();
  const sourceName = edit ?? from ?? '';
  const source = useRbacObject(cluster.id, kind, namespace, sourceName, sourceName !== '');
  const title = edit ? `Edit ${kind} ${edit}` : from ? `Clone ${kind} ${from}` : `Create ${kind}`;
  const header = (
    <PageHeader
      title={title}
      crumbs={[
        { label: cluster.name },
        ...(namespace ? [{ label: namespace }] : []),
        { label: `${kind}s`, to: kindPaths.list(cluster.id, kind, namespace) },
      ]}
    />
  );

  if (!sourceName) {
    return (
      <>
        {header}
        <RoleForm kind={kind} namespace={namespace} initial={emptyDraft(kind, namespace)} />
      </>
    );
  }
  const role = source.data as RoleObject | undefined;
  // An aggregated role is editable for its metadata and selectors; the form says its rules are the controller's.
  const blocked = edit && role ? readOnlyReason(role.metadata) : null;
  return (
    <>
      {header}
      <QueryState query={source} what={`${kind} ${sourceName}`}>
        {role && blocked && (
          <div className="p-6">
            <Callout tone="warning" title="This role is read-only">
              {blocked}
            </Callout>
          </div>
        )}
        {role && !blocked && (
          <RoleForm
            key={role.metadata.uid ?? role.metadata.name}
            kind={kind}
            namespace={namespace}
            initial={edit ? editDraft(role, kind) : cloneDraft(role, kind, namespace)}
            original={edit ? role : undefined}
          />
        )}
      </QueryState>
    </>
  );
}
