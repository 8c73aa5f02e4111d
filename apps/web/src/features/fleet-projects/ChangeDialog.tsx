import { useState } from 'react';
import { errorMessage } from '../../api/http.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { Callout } from '../../ui/Panel.js';
import {
  useApplyFleetChange,
  usePlanFleetChange,
  type FleetCollaboratorChange,
  type FleetPlan,
  type FleetProjectDetail,
} from './api.js';
import { applyVerdict, outcomeOf, type Subject } from './model.js';
import { PlanView, ResultView } from './PlanView.js';

const field =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:ring-1 focus:ring-brand-500 focus:outline-none dark:border-slate-600 dark:bg-slate-800';

export type ChangeIntent =
  | { kind: 'invite' }
  | { kind: 'change-level'; subject: Subject; level?: string }
  | { kind: 'remove'; subject: Subject };

const titles = {
  invite: 'Invite to',
  'change-level': 'Change level in',
  remove: 'Remove from',
} as const;

/**
 * A collaborator change across the project's clusters, in three steps: say what, read the plan (a
 * column per cluster), apply it and read what each cluster did.
 */
export function ChangeDialog({
  project,
  intent,
  grantable,
  onClose,
}: {
  project: FleetProjectDetail;
  intent: ChangeIntent;
  grantable: string[];
  onClose: () => void;
}) {
  const [subjectKind, setSubjectKind] = useState<Subject['kind']>('User');
  const [subjectName, setSubjectName] = useState('');
  const [level, setLevel] = useState(
    intent.kind === 'change-level' ? (intent.level ?? '') : (grantable[0] ?? ''),
  );
  const [plan, setPlan] = useState<FleetPlan>();
  const [note, setNote] = useState<string>();
  const planning = usePlanFleetChange(project.name);
  const applying = useApplyFleetChange(project.name);
  const [sent, setSent] = useState('');

  const change: FleetCollaboratorChange | undefined =
    intent.kind === 'invite'
      ? subjectName.trim() && level
        ? { kind: 'invite', subjects: [{ kind: subjectKind, name: subjectName.trim() }], level }
        : undefined
      : intent.kind === 'change-level'
        ? level
          ? { kind: 'change-level', subject: intent.subject, level }
          : undefined
        : { kind: 'remove', subject: intent.subject };

  const review = () => {
    if (!change) return;
    setNote(undefined);
    planning.mutate(change, { onSuccess: (p) => setPlan(p) });
  };
  const outcome = outcomeOf(applying.data, applying.error, sent);
  const apply = () => {
    if (!change || !plan) return;
    setSent(plan.digest);
    applying.mutate(
      { change, digest: plan.digest },
      {
        onError: (err) => {
          const o = outcomeOf(undefined, err, plan.digest);
          if (o?.kind === 'stale') {
            setPlan(o.plan);
            setNote(`${o.message} The plan below is the new one.`);
            applying.reset();
          }
        },
      },
    );
  };
  const verdict = plan && applyVerdict(plan);
  const done = outcome?.kind === 'report';
  const who =
    intent.kind === 'invite'
      ? ''
      : ` ${intent.subject.kind === 'Group' ? 'group ' : ''}${intent.subject.name}`;

  return (
    <Dialog
      open
      wide
      title={`${titles[intent.kind]} ${project.name}${who ? ` —${who}` : ''}`}
      onClose={onClose}
      footer={
        done ? (
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        ) : plan ? (
          <>
            <Button onClick={() => setPlan(undefined)}>Back</Button>
            <Button
              variant={intent.kind === 'remove' ? 'danger' : 'primary'}
              onClick={apply}
              disabled={!verdict?.ok || applying.isPending}
            >
              {applying.isPending ? 'Applying…' : verdict?.ok ? verdict.label : 'Apply'}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" onClick={review} disabled={!change || planning.isPending}>
              {planning.isPending ? 'Planning…' : 'Review plan'}
            </Button>
          </>
        )
      }
    >
      {done ? (
        <ResultView report={outcome.report} />
      ) : plan ? (
        <div className="space-y-3">
          <p>
            Nothing is written until you apply. The change is made on every cluster of the project
            or on none: if one cluster fails, the clusters already changed are rolled back.
          </p>
          {note && (
            <Callout tone="warning" title="The plan changed">
              <p>{note}</p>
            </Callout>
          )}
          <PlanView plan={plan} />
          {verdict && !verdict.ok && <Callout tone="warning" title={verdict.why} />}
          {outcome && outcome.kind !== 'stale' && (
            <Callout tone="error" title="Not applied">
              <p>{outcome.message}</p>
            </Callout>
          )}
        </div>
      ) : (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            review();
          }}
        >
          {intent.kind === 'invite' && (
            <div className="flex gap-3">
              <label className="block w-32">
                <span className="font-medium">Kind</span>
                <select
                  className={field}
                  value={subjectKind}
                  onChange={(e) => setSubjectKind(e.target.value as Subject['kind'])}
                >
                  <option value="User">User</option>
                  <option value="Group">Group</option>
                </select>
              </label>
              <label className="block flex-1">
                <span className="font-medium">Name</span>
                <input
                  className={field}
                  value={subjectName}
                  onChange={(e) => setSubjectName(e.target.value)}
                  placeholder="A user name or email, or a group"
                />
              </label>
            </div>
          )}
          {intent.kind === 'remove' ? (
            <p>
              Removes{who} from every namespace of {project.name} on{' '}
              {project.clusters.map((c) => c.cluster).join(', ')}, and revokes the kubeconfig files
              their membership ended.
            </p>
          ) : (
            <label className="block">
              <span className="font-medium">Access level</span>
              <span className="block text-xs text-slate-500">
                The same level on every cluster; levels above your own access on a cluster are not
                offered.
              </span>
              <select className={field} value={level} onChange={(e) => setLevel(e.target.value)}>
                {intent.kind === 'change-level' && !level && <option value="">Choose…</option>}
                {project.levels.map((l) => (
                  <option key={l.name} value={l.name} disabled={!grantable.includes(l.name)}>
                    {l.name} (ClusterRole {l.clusterRole})
                  </option>
                ))}
              </select>
            </label>
          )}
          {planning.error && (
            <Callout tone="error" title="Could not plan the change">
              <p>{errorMessage(planning.error)}</p>
            </Callout>
          )}
        </form>
      )}
    </Dialog>
  );
}
