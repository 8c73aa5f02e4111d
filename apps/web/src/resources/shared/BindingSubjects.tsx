import { useState } from 'react';
import type { BindingObject, Subject } from '../../api/rbacSchemas.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { errorMessage } from '../../api/http.js';
import { useCluster } from '../../app/cluster.js';
import { useToast } from '../../app/toasts.js';
import { Can } from '../../access/Can.js';
import { Button } from '../../ui/Button.js';
import { ConfirmDialog, Dialog } from '../../ui/Dialog.js';
import { EmptyState, Panel } from '../../ui/Panel.js';
import { SubjectForm } from '../../features/binding-subjects/SubjectForm.js';
import { ConflictDialog } from '../../features/binding-subjects/ConflictDialog.js';
import { useSubjectChange } from '../../features/binding-subjects/useSubjectChange.js';
import type { SubjectChange } from '../../features/binding-subjects/plan.js';
import { sameSubject } from '../../features/binding-subjects/plan.js';
import { ImpactPanel } from '../../features/analysis/ImpactPanel.js';
import { bindingsOfMe, stillBoundAfter } from '../../features/self-lockout/lockout.js';
import { LockoutWarning } from '../../features/self-lockout/LockoutWarning.js';
import { subjectLabel } from '../../rbac/SubjectChip.js';

/** Subjects by kind, each removable alone; new subjects are appended, never replacing the others. */
export function BindingSubjects({
  kind,
  binding,
  readOnly,
}: {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  binding: BindingObject;
  readOnly: boolean;
}) {
  const { cluster, session } = useCluster();
  const { notify } = useToast();
  const { apply, conflict, discard, pending } = useSubjectChange(cluster.id, kind);
  const [removing, setRemoving] = useState<Subject | null>(null);
  // A subject to add waits here while its impact is shown, as a removal does.
  const [adding, setAdding] = useState<Subject | null>(null);
  const [ack, setAck] = useState(false);
  const { namespace, name } = binding.metadata;
  const update = {
    verb: 'update',
    apiGroup: RBAC_GROUP,
    resource: kind === 'ClusterRoleBinding' ? 'clusterrolebindings' : 'rolebindings',
    namespace,
    name,
  };

  const run = async (target: BindingObject, change: SubjectChange) => {
    try {
      const saved = await apply(target, change);
      if (saved)
        notify(
          'success',
          `${change.op === 'add' ? 'Added' : 'Removed'} ${change.subject.kind} ${subjectLabel(change.subject)}`,
          `${kind} ${name}`,
        );
    } catch (err) {
      notify(
        'error',
        `Could not ${change.op} ${change.subject.kind} ${subjectLabel(change.subject)}`,
        errorMessage(err),
      );
    }
  };

  const remaining = removing
    ? binding.subjects.filter((s) => !sameSubject(s, removing, namespace ?? ''))
    : binding.subjects;
  const lockout =
    removing !== null &&
    bindingsOfMe([binding], session.user).length > 0 &&
    !stillBoundAfter(binding, remaining, session.user);
  const kinds = ['User', 'Group', 'ServiceAccount'];
  const others = binding.subjects.filter((s) => !kinds.includes(s.kind));

  return (
    <div className="space-y-4">
      {binding.subjects.length === 0 && (
        <EmptyState title="No subjects">This binding grants its role to nobody yet.</EmptyState>
      )}
      {[...kinds, ...(others.length ? ['Other'] : [])].map((k) => {
        const list = k === 'Other' ? others : binding.subjects.filter((s) => s.kind === k);
        if (list.length === 0) return null;
        return (
          <Panel
            key={k}
            title={`${k === 'ServiceAccount' ? 'Service accounts' : `${k}s`} (${list.length})`}
          >
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {list.map((s, i) => (
                <li
                  key={`${s.kind}/${s.namespace ?? ''}/${s.name}/${i}`}
                  className="flex items-center justify-between px-4 py-2"
                >
                  <span className="font-mono text-sm">{subjectLabel(s)}</span>
                  {!readOnly && (
                    <Can request={update}>
                      <Button
                        variant="ghost"
                        aria-label={`Remove ${s.kind} ${subjectLabel(s)}`}
                        onClick={() => {
                          setAck(false);
                          setRemoving(s);
                        }}
                      >
                        Remove
                      </Button>
                    </Can>
                  )}
                </li>
              ))}
            </ul>
          </Panel>
        );
      })}
      {!readOnly && (
        <Can request={update}>
          <Panel title="Add a subject">
            <div className="p-4">
              <SubjectForm busy={pending} defaultNamespace={namespace ?? ''} onAdd={setAdding} />
            </div>
          </Panel>
        </Can>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={removing ? `Remove ${removing.kind} ${subjectLabel(removing)}?` : 'Remove subject'}
        confirmLabel="Remove subject"
        busy={pending}
        disabled={lockout && !ack}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing)
            void run(binding, { op: 'remove', subject: removing }).then(() => setRemoving(null));
        }}
      >
        <div className="space-y-3">
          <p>
            {removing && `${removing.kind} ${subjectLabel(removing)}`} loses what{' '}
            {binding.roleRef.kind} {binding.roleRef.name} grants through this binding. The other{' '}
            {binding.subjects.length - 1} subject(s) keep it.
          </p>
          {lockout && (
            <LockoutWarning
              what={`${binding.roleRef.kind} ${binding.roleRef.name}`}
              via={[`${kind} ${name}`]}
              acknowledged={ack}
              onAcknowledge={setAck}
            />
          )}
          {removing && (
            <ImpactPanel
              change={{
                operation: 'update',
                object: {
                  ...binding,
                  kind,
                  subjects: binding.subjects.filter((s) => s !== removing),
                },
              }}
            />
          )}
        </div>
      </ConfirmDialog>
      <Dialog
        open={adding !== null}
        title={adding ? `Add ${adding.kind} ${subjectLabel(adding)}?` : 'Add subject'}
        onClose={() => setAdding(null)}
        footer={
          <>
            <Button onClick={() => setAdding(null)}>Cancel</Button>
            <Button
              variant="primary"
              disabled={pending}
              onClick={() => {
                if (adding)
                  void run(binding, { op: 'add', subject: adding }).then(() => setAdding(null));
              }}
            >
              {pending ? 'Saving…' : 'Add to binding'}
            </Button>
          </>
        }
      >
        <div className="space-y-3">
          <p>
            {adding && `${adding.kind} ${subjectLabel(adding)}`} gets what {binding.roleRef.kind}{' '}
            {binding.roleRef.name} grants through this binding.
          </p>
          {adding && (
            <ImpactPanel
              change={{
                operation: 'update',
                object: { ...binding, kind, subjects: [...binding.subjects, adding] },
              }}
            />
          )}
        </div>
      </Dialog>
      <ConflictDialog
        conflict={conflict}
        current={
          conflict && binding.metadata.resourceVersion !== conflict.mine.metadata.resourceVersion
            ? binding
            : undefined
        }
        busy={pending}
        onDiscard={discard}
        onReapply={() => conflict && void run(binding, conflict.change)}
      />
    </div>
  );
}
