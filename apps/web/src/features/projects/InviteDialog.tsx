import { useState } from 'react';
import { errorMessage } from '../../api/http.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { Callout } from '../../ui/Panel.js';
import { CopyButton } from '../kubeconfig/CopyButton.js';
import { reportOf, useProjectChange, type ChangeReport, type ProjectDetail } from './api.js';
import { ChangeReportView } from './ChangeReportView.js';
import { ImpactView } from '../analysis/ImpactPanel.js';
import { clusterRoleOf, inviteChanges } from './impactChanges.js';
import { nameWarnings } from './names.js';
import { describeSubject, expiryFromInput, parseSubjects } from './subjects.js';
import { SubjectCombobox } from '../subjects/SubjectCombobox.js';

/** Adds a name to a comma separated list, unless it is in it already. */
function appendName(list: string, name: string): string {
  const names = list.split(/[\n,]+/).map((x) => x.trim());
  if (names.includes(name)) return list;
  const head = list.replace(/[\s,]+$/, '');
  return head ? `${head}, ${name}` : name;
}

const field =
  'mt-1 w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-800';
const CUSTOM = '__custom__';

/** Invite one or many users and groups at one level, optionally until a date; then offer the kubeconfig link to send. */
export function InviteDialog({
  open,
  onClose,
  cluster,
  project,
}: {
  open: boolean;
  onClose: () => void;
  cluster: string;
  project: ProjectDetail;
}) {
  const change = useProjectChange(cluster, project.name);
  const [users, setUsers] = useState('');
  const [groups, setGroups] = useState('');
  const [find, setFind] = useState('');
  const [level, setLevel] = useState(project.grantableLevels[0] ?? '');
  const [custom, setCustom] = useState('');
  const [expiry, setExpiry] = useState('');
  const [done, setDone] = useState<ChangeReport>();
  const subjects = parseSubjects(users, groups);
  const chosen = level === CUSTOM ? custom.trim() : level;

  const close = () => {
    change.reset();
    setDone(undefined);
    setUsers('');
    setGroups('');
    setFind('');
    setExpiry('');
    onClose();
  };
  const submit = () => {
    const expiresAt = expiryFromInput(expiry);
    change.mutate(
      { action: 'invite', subjects, level: chosen, ...(expiresAt ? { expiresAt } : {}) },
      { onSuccess: setDone },
    );
  };
  const failed = change.error ? reportOf(change.error) : undefined;

  if (done) {
    return (
      <Dialog
        open={open}
        title={`Invited to ${project.name}`}
        onClose={close}
        footer={
          <Button variant="primary" onClick={close}>
            Done
          </Button>
        }
      >
        <div className="space-y-3">
          <ChangeReportView report={done} />
          <p>
            Send this link to the people you invited. It holds no secret: each person signs in and
            downloads a kubeconfig of their own.
          </p>
          <p className="rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all dark:bg-slate-800">
            {done.kubeconfigLink ?? project.kubeconfigLink}
          </p>
          <CopyButton
            text={done.kubeconfigLink ?? project.kubeconfigLink}
            label="Copy kubeconfig link"
          />
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog
      open={open}
      title={`Invite to ${project.name}`}
      onClose={close}
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="primary"
            onClick={submit}
            disabled={change.isPending || subjects.length === 0 || !chosen}
          >
            {change.isPending ? 'Inviting…' : `Invite ${subjects.length || ''}`.trim()}
          </Button>
        </>
      }
    >
      <form className="space-y-4" onSubmit={(e) => e.preventDefault()}>
        <SubjectCombobox
          cluster={cluster}
          label={
            <>
              <span className="font-medium">Find people and groups</span>
              <span className="block text-xs text-slate-500">
                From bindings you can see and people who signed in; the choice is added below
              </span>
            </>
          }
          labelClassName="block"
          listLabel="People and groups"
          kinds={['User', 'Group']}
          className={field}
          value={find}
          onChange={setFind}
          onSelect={(s) => {
            if (s.kind === 'Group') setGroups((g) => appendName(g, s.name));
            else setUsers((u) => appendName(u, s.name));
            setFind('');
          }}
          placeholder="Type a name"
        />
        <label className="block">
          <span className="font-medium">Users</span>
          <span className="block text-xs text-slate-500">
            User names or emails, separated by commas or lines
          </span>
          <textarea
            rows={2}
            className={field}
            value={users}
            onChange={(e) => setUsers(e.target.value)}
          />
        </label>
        <label className="block">
          <span className="font-medium">Groups</span>
          <textarea
            rows={1}
            className={field}
            value={groups}
            onChange={(e) => setGroups(e.target.value)}
          />
        </label>
        {subjects
          .filter((s) => nameWarnings(s.name).length > 0)
          .map((s) => (
            <p
              key={`${s.kind}:${s.name}`}
              role="alert"
              className="rounded bg-amber-50 px-2 py-1 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
            >
              “{describeSubject(s)}” {nameWarnings(s.name).join('; ')}. Check it before inviting.
            </p>
          ))}
        <fieldset>
          <legend className="font-medium">Access level</legend>
          <div className="mt-1 space-y-1.5">
            {project.levels.map((l) => {
              const allowed = project.grantableLevels.includes(l.name);
              return (
                <label
                  key={l.name}
                  className={`flex items-start gap-2 ${allowed ? '' : 'opacity-60'}`}
                >
                  <input
                    type="radio"
                    name="level"
                    value={l.name}
                    checked={level === l.name}
                    disabled={!allowed}
                    onChange={() => setLevel(l.name)}
                    className="mt-1"
                  />
                  <span>
                    <span className="font-medium">{l.name}</span>{' '}
                    <span className="text-xs text-slate-500">ClusterRole {l.clusterRole}</span>
                    <span className="block text-xs text-slate-500">
                      {allowed
                        ? l.description
                        : 'Above your own access here: the API server would refuse it.'}
                    </span>
                  </span>
                </label>
              );
            })}
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name="level"
                value={CUSTOM}
                checked={level === CUSTOM}
                onChange={() => setLevel(CUSTOM)}
                className="mt-1"
              />
              <span className="flex-1">
                <span className="font-medium">Custom ClusterRole</span>
                {level === CUSTOM && (
                  <input
                    aria-label="ClusterRole name"
                    className={field}
                    value={custom}
                    onChange={(e) => setCustom(e.target.value)}
                    placeholder="e.g. gatehouse:monitoring"
                  />
                )}
              </span>
            </label>
          </div>
        </fieldset>
        <label className="block">
          <span className="font-medium">Expires</span>
          <span className="block text-xs text-slate-500">
            Optional: Gatehouse removes the access after this time
          </span>
          <input
            type="datetime-local"
            className={field}
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
          />
        </label>
        <ImpactView
          cluster={cluster}
          changes={inviteChanges(
            project,
            subjects,
            level === CUSTOM ? chosen : clusterRoleOf(project, chosen),
          )}
        />
        {change.error && (
          <Callout tone="error" title="The invitation was not made">
            <p>{errorMessage(change.error)}</p>
          </Callout>
        )}
        {failed && <ChangeReportView report={failed} />}
      </form>
    </Dialog>
  );
}
