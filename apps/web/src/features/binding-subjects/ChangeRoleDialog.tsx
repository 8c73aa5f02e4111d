import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { PolicyRule } from '@gatehouse/policy';
import { useRbacObject, writeRbac } from '../../api/rbac.js';
import type { BindingObject, RoleObject } from '../../api/rbacSchemas.js';
import { RBAC_GROUP, rbacKinds } from '../../api/rbacKinds.js';
import { k8sKeys } from '../../api/rbacKeys.js';
import { ApiError, errorMessage } from '../../api/http.js';
import { useCluster } from '../../app/cluster.js';
import { useToast } from '../../app/toasts.js';
import { Dialog } from '../../ui/Dialog.js';
import { Button } from '../../ui/Button.js';
import { Callout } from '../../ui/Panel.js';
import { RolePicker, type RoleChoice } from '../../rbac/RolePicker.js';
import { predictWrite, rbacObjectOf } from '../escalation/predict.js';
import { EscalationNotice } from '../escalation/EscalationNotice.js';
import { ImpactPanel } from '../analysis/ImpactPanel.js';
import { planRoleChange, rebindTo } from './recreate.js';

/** Guided re-create for a new roleRef: shows the plan, runs it, and restores the original if it fails. */
export function ChangeRoleDialog({
  open,
  onClose,
  kind,
  binding,
}: {
  open: boolean;
  onClose: () => void;
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  binding: BindingObject;
}) {
  const { cluster, session } = useCluster();
  const client = useQueryClient();
  const { notify } = useToast();
  const namespace = binding.metadata.namespace;
  const [role, setRole] = useState<RoleChoice>({ kind: 'ClusterRole', name: '' });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const roleQuery = useRbacObject(
    cluster.id,
    role.kind,
    role.kind === 'Role' ? namespace : undefined,
    role.name.trim(),
    open && role.name.trim() !== '',
  );
  const rules: PolicyRule[] = (roleQuery.data as RoleObject | undefined)?.rules ?? [];
  const unreadable = roleQuery.error instanceof ApiError && roleQuery.error.status === 403;
  const prediction =
    roleQuery.data || unreadable
      ? predictWrite(
          cluster.capabilities,
          session.user,
          {
            // roleRef cannot change: the binding is deleted and created again with the new role.
            operation: 'create',
            object: rbacObjectOf(kind, {
              ...binding,
              roleRef: { apiGroup: RBAC_GROUP, kind: role.kind, name: role.name.trim() },
            }),
          },
          unreadable ? 'unreadable' : rules,
        )
      : null;
  const same = role.kind === binding.roleRef.kind && role.name.trim() === binding.roleRef.name;

  const run = async () => {
    const plan = planRoleChange(kind, binding, {
      apiGroup: RBAC_GROUP,
      kind: role.kind,
      name: role.name.trim(),
    });
    const [remove, create] = plan.steps;
    if (!remove || !create) return;
    setBusy(true);
    setFailure(null);
    try {
      await writeRbac(cluster.id, remove);
      try {
        await writeRbac(cluster.id, create);
        notify('success', `${kind} ${binding.metadata.name} now grants ${role.kind} ${role.name}`);
        onClose();
      } catch (err) {
        try {
          await writeRbac(cluster.id, plan.rollback);
          setFailure(
            `Creating the new binding failed (${errorMessage(err)}). The original binding was restored; nothing changed.`,
          );
        } catch (rollbackErr) {
          setFailure(
            `Creating the new binding failed (${errorMessage(err)}) and restoring the original failed too (${errorMessage(rollbackErr)}). The binding is deleted: recreate it from its YAML.`,
          );
        }
      }
    } catch (err) {
      setFailure(`The old binding could not be deleted, so nothing changed: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
      await client.invalidateQueries({
        queryKey: k8sKeys.kind(cluster.id, rbacKinds[kind].plural),
      });
    }
  };

  return (
    <Dialog
      open={open}
      wide
      title={`Change the role of ${binding.metadata.name}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            onClick={() => void run()}
            disabled={
              busy || (!roleQuery.data && !unreadable) || same || prediction?.outcome === 'denied'
            }
          >
            {busy ? 'Re-creating…' : 'Re-create with new role'}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <p>
          Kubernetes does not allow changing a binding’s role (roleRef is immutable). Gatehouse will
          delete <strong>{binding.metadata.name}</strong> and create it again with the same name,
          labels and {binding.subjects.length} subject(s), granting the new role. If the second step
          fails, the original is restored.
        </p>
        <p className="text-slate-600 dark:text-slate-400">
          Currently: {binding.roleRef.kind} <strong>{binding.roleRef.name}</strong>
        </p>
        <RolePicker
          value={role}
          onChange={setRole}
          namespace={namespace}
          allowRole={kind === 'RoleBinding'}
          error={roleQuery.isError && !unreadable ? errorMessage(roleQuery.error) : undefined}
        />
        <EscalationNotice prediction={prediction} action={`bind ${role.kind} ${role.name}`} />
        {open && !same && role.name.trim() !== '' && (
          // The delete and the create, analysed together: the net effect of the swap.
          <ImpactPanel
            changes={[
              { operation: 'delete', object: { ...binding, kind } },
              {
                operation: 'create',
                object: {
                  ...rebindTo(binding, {
                    apiGroup: RBAC_GROUP,
                    kind: role.kind,
                    name: role.name.trim(),
                  }),
                  kind,
                },
              },
            ]}
          />
        )}
        {failure && (
          <Callout tone="error" title="The role was not changed">
            {failure}
          </Callout>
        )}
      </div>
    </Dialog>
  );
}
