import { useState } from 'react';
import { errorMessage } from '../../api/http.js';
import { useToast } from '../../app/toasts.js';
import { Button } from '../../ui/Button.js';
import { ConfirmDialog, Dialog } from '../../ui/Dialog.js';
import { Callout } from '../../ui/Panel.js';
import { reportOf, useProjectChange, type Collaborator, type ProjectDetail } from './api.js';
import { ChangeReportView } from './ChangeReportView.js';
import { ImpactView } from '../analysis/ImpactPanel.js';
import { clusterRoleOf, levelChanges, removeChanges } from './impactChanges.js';
import { nameWarnings } from './names.js';
import { describeSubject } from './subjects.js';

function Failure({ error }: { error: unknown }) {
  const report = reportOf(error);
  return (
    <div className="mt-3 space-y-2">
      <Callout tone="error" title="The change was not made">
        <p>{errorMessage(error)}</p>
      </Callout>
      {report && <ChangeReportView report={report} />}
    </div>
  );
}

/** Moves a collaborator to another level: new bindings are created in every namespace before the old ones go. */
export function ChangeLevelDialog({
  cluster,
  project,
  collaborator,
  onClose,
}: {
  cluster: string;
  project: ProjectDetail;
  collaborator: Collaborator;
  onClose: () => void;
}) {
  const change = useProjectChange(cluster, project.name);
  const { notify } = useToast();
  const [level, setLevel] = useState(collaborator.level);
  const who = describeSubject(collaborator.subject);
  const submit = () =>
    change.mutate(
      { action: 'level', subject: collaborator.subject, level },
      {
        onSuccess: () => {
          notify('success', `${who} is now ${level} in ${project.name}`);
          onClose();
        },
      },
    );
  return (
    <Dialog
      open
      title={`Change the level of ${who}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            onClick={submit}
            disabled={change.isPending || level === collaborator.level}
          >
            {change.isPending ? 'Changing…' : 'Change level'}
          </Button>
        </>
      }
    >
      <label className="block">
        <span className="font-medium">Access level</span>
        <select
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 dark:border-slate-600 dark:bg-slate-800"
          value={level}
          onChange={(e) => setLevel(e.target.value)}
        >
          {project.levels.map((l) => (
            <option
              key={l.name}
              value={l.name}
              disabled={!project.grantableLevels.includes(l.name)}
            >
              {l.name} (ClusterRole {l.clusterRole})
              {project.grantableLevels.includes(l.name) ? '' : ' — above your access'}
            </option>
          ))}
        </select>
      </label>
      <p className="mt-2 text-xs text-slate-500">
        The new access is granted in every namespace before the old one is removed, so {who} keeps
        access throughout.
      </p>
      <div className="mt-3">
        <ImpactView
          cluster={cluster}
          changes={levelChanges(collaborator, clusterRoleOf(project, level))}
        />
      </div>
      {change.error && <Failure error={change.error} />}
    </Dialog>
  );
}

export function RemoveCollaboratorDialog({
  cluster,
  project,
  collaborator,
  onClose,
}: {
  cluster: string;
  project: ProjectDetail;
  collaborator: Collaborator;
  onClose: () => void;
}) {
  const change = useProjectChange(cluster, project.name);
  const { notify } = useToast();
  const who = describeSubject(collaborator.subject);
  return (
    <ConfirmDialog
      open
      title={`Remove ${who} from ${project.name}?`}
      confirmLabel="Remove"
      busy={change.isPending}
      onClose={onClose}
      onConfirm={() =>
        change.mutate(
          { action: 'remove', subject: collaborator.subject },
          {
            onSuccess: (report) => {
              const files = report.revokedKubeconfigs?.length ?? 0;
              notify(
                'success',
                `${who} removed from ${project.name}`,
                files ? `${files} kubeconfig ${files === 1 ? 'file' : 'files'} revoked` : undefined,
              );
              onClose();
            },
          },
        )
      }
    >
      <NameWarning name={collaborator.subject.name} />
      <p>
        {who} loses {collaborator.level} access in {collaborator.namespaces.join(', ')} at once,
        including every kubeconfig file Gatehouse issued them for this project.
      </p>
      <div className="mt-3">
        <ImpactView cluster={cluster} changes={removeChanges(collaborator)} />
      </div>
      {change.error && <Failure error={change.error} />}
    </ConfirmDialog>
  );
}

/** Deleting a project deletes its namespaces and everything in them, so it asks for the name. */
export function DeleteProjectDialog({
  cluster,
  project,
  onClose,
  onDeleted,
}: {
  cluster: string;
  project: ProjectDetail;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const change = useProjectChange(cluster, project.name);
  const [typed, setTyped] = useState('');
  return (
    <ConfirmDialog
      open
      title={`Delete project ${project.name}?`}
      confirmLabel="Delete project"
      busy={change.isPending}
      disabled={typed !== project.name}
      onClose={onClose}
      onConfirm={() =>
        change.mutate({ action: 'delete', confirm: typed }, { onSuccess: onDeleted })
      }
    >
      <p>
        This deletes the namespaces <strong>{project.namespaces.join(', ')}</strong> and every
        object in them. It cannot be undone.
      </p>
      <label className="mt-3 block">
        <span>
          Type <strong>{project.name}</strong> to confirm
        </span>
        <input
          aria-label="Project name to confirm"
          className="mt-1 w-full rounded-md border border-slate-300 px-2.5 py-1.5 dark:border-slate-600 dark:bg-slate-800"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      </label>
      {change.error && <Failure error={change.error} />}
    </ConfirmDialog>
  );
}

/** Said before confirming a change for a name that may not be what it looks like. */
export function NameWarning({ name }: { name: string }) {
  const warnings = nameWarnings(name);
  if (warnings.length === 0) return null;
  return (
    <p
      role="alert"
      className="mb-2 rounded bg-amber-50 px-2 py-1 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      Check this name: it {warnings.join('; ')}. It is shown with those characters written out.
    </p>
  );
}
