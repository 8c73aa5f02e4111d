import { useState } from 'react';
import type { BindingObject, RoleObject } from '../../api/rbacSchemas.js';
import { useRbacWrite } from '../../api/rbac.js';
import type { RbacKind } from '../../api/rbacKinds.js';
import { errorMessage } from '../../api/http.js';
import { useCluster } from '../../app/cluster.js';
import { useToast } from '../../app/toasts.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { Callout } from '../../ui/Panel.js';
import { bindingsOfMe } from '../../features/self-lockout/lockout.js';
import { useMyBindingsTo } from '../../features/self-lockout/useMyBindingsTo.js';
import { LockoutWarning } from '../../features/self-lockout/LockoutWarning.js';
import { ImpactPanel } from '../../features/analysis/ImpactPanel.js';

function isBinding(obj: RoleObject | BindingObject): obj is BindingObject {
  return 'roleRef' in obj;
}

/** Deletes one RBAC object after confirmation, warning first when it is the user's own access. */
export function DeleteDialog({
  open,
  onClose,
  kind,
  object,
  onDeleted,
}: {
  open: boolean;
  onClose: () => void;
  kind: RbacKind;
  object: RoleObject | BindingObject;
  onDeleted: () => void;
}) {
  const { cluster, session } = useCluster();
  const write = useRbacWrite(cluster.id);
  const { notify } = useToast();
  const [ack, setAck] = useState(false);
  const { name, namespace, resourceVersion } = object.metadata;
  const roleKind = kind === 'ClusterRole' || kind === 'Role' ? kind : 'Role';
  const viaRole = useMyBindingsTo(roleKind, name, namespace, open && !isBinding(object));
  const mine = isBinding(object) ? bindingsOfMe([object], session.user) : viaRole;
  const lockout = mine.length > 0;

  const confirm = () =>
    write.mutate(
      { action: 'delete', kind, namespace, name, resourceVersion },
      {
        onSuccess: () => {
          notify('success', `${kind} ${name} deleted`);
          onClose();
          onDeleted();
        },
      },
    );

  return (
    <ConfirmDialog
      open={open}
      title={`Delete ${kind} ${name}?`}
      confirmLabel={`Delete ${kind}`}
      onConfirm={confirm}
      onClose={() => {
        write.reset();
        onClose();
      }}
      busy={write.isPending}
      disabled={lockout && !ack}
    >
      <div className="space-y-3">
        <p>
          This permanently deletes <strong>{name}</strong>
          {namespace ? ` from namespace ${namespace}` : ''}. Anyone who relied on it loses the
          access it granted.
        </p>
        {lockout && (
          <LockoutWarning
            what={
              isBinding(object)
                ? `the ${object.roleRef.kind} ${object.roleRef.name}`
                : `this ${kind}`
            }
            via={mine.map(
              (b) =>
                `${b.metadata.namespace ? 'RoleBinding' : 'ClusterRoleBinding'} ${b.metadata.name}`,
            )}
            rules={isBinding(object) ? undefined : object.rules}
            acknowledged={ack}
            onAcknowledge={setAck}
          />
        )}
        {open && (
          <ImpactPanel
            change={{
              operation: 'delete',
              object: { ...object, kind, metadata: { ...object.metadata, name } },
            }}
          />
        )}
        {write.error && (
          <Callout tone="error" title="The API server refused the deletion">
            {errorMessage(write.error)}
          </Callout>
        )}
      </div>
    </ConfirmDialog>
  );
}
