// "Copy to clusters…": a binding's plan per target cluster (create / update with its diff /
// unchanged, or what blocks it, and who gains what there), then each cluster's apply result.
import { useState } from 'react';
import { useCluster } from '../../app/cluster.js';
import { errorMessage } from '../../api/http.js';
import { Badge, type BadgeTone } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { Callout } from '../../ui/Panel.js';
import {
  freshPlanOf,
  useCopyApply,
  useCopyPlan,
  type CopyApplyResponse,
  type CopyPlanResponse,
  type CopySource,
} from './api.js';
import { planLines, planWrites, resultLines, type PlanLine } from './model.js';

const actionTone: Record<PlanLine['action'], BadgeTone> = {
  create: 'green',
  update: 'brand',
  unchanged: 'neutral',
  blocked: 'amber',
  'no-access': 'amber',
  unreachable: 'red',
};
const actionLabel: Record<PlanLine['action'], string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  blocked: 'Blocked',
  'no-access': 'No access',
  unreachable: 'Unreachable',
};
const resultTone: Record<string, BadgeTone> = {
  applied: 'green',
  unchanged: 'neutral',
  failed: 'red',
  skipped: 'amber',
};

function PlanView({ plan }: { plan: CopyPlanResponse }) {
  return (
    <ul className="space-y-3" aria-label="Plan per cluster">
      {planLines(plan).map((l) => (
        <li
          key={l.cluster}
          aria-label={`Plan for ${l.cluster}`}
          className="rounded-md border border-slate-200 p-3 dark:border-slate-700"
        >
          <p className="flex items-center gap-2 text-sm font-medium">
            {l.cluster} <Badge tone={actionTone[l.action]}>{actionLabel[l.action]}</Badge>
          </p>
          {l.details.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-xs text-slate-600 dark:text-slate-300">
              {l.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
          {l.gains.length > 0 && (
            <div className="mt-1 text-xs">
              <p className="font-medium">Who gains access there</p>
              <ul className="list-disc pl-5">
                {l.gains.map((g) => (
                  <li key={g}>{g}</li>
                ))}
              </ul>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function Results({ result }: { result: CopyApplyResponse }) {
  return (
    <ul className="space-y-2" aria-label="Results per cluster">
      {resultLines(result).map((r) => (
        <li key={r.cluster} aria-label={`Result for ${r.cluster}`} className="text-sm">
          <span className="font-medium">{r.cluster}</span>{' '}
          <Badge tone={resultTone[r.status] ?? 'neutral'}>{r.status}</Badge>{' '}
          <span className="text-xs text-slate-600 dark:text-slate-300">{r.text}</span>
        </li>
      ))}
    </ul>
  );
}

export function CopyBindingDialog({
  open,
  onClose,
  source,
}: {
  open: boolean;
  onClose: () => void;
  source: CopySource;
}) {
  const { session } = useCluster();
  const others = session.clusters.map((c) => c.id).filter((id) => id !== source.cluster);
  const [targets, setTargets] = useState<string[]>(others);
  const [plan, setPlan] = useState<CopyPlanResponse | undefined>();
  const [changed, setChanged] = useState(false);
  const planning = useCopyPlan();
  const applying = useCopyApply();
  const close = () => {
    setPlan(undefined);
    setChanged(false);
    planning.reset();
    applying.reset();
    onClose();
  };
  const makePlan = () => {
    applying.reset();
    setChanged(false);
    planning.mutate({ source, targets }, { onSuccess: (p) => setPlan(p) });
  };
  const apply = () => {
    if (!plan) return;
    applying.mutate(
      { source, targets, digest: plan.digest },
      {
        onError: (err) => {
          const fresh = freshPlanOf(err);
          if (fresh) {
            setPlan(fresh);
            setChanged(true);
            applying.reset();
          }
        },
      },
    );
  };
  const done = applying.data;
  const footer = done ? (
    <Button onClick={close}>Close</Button>
  ) : plan ? (
    <>
      <Button onClick={() => setPlan(undefined)}>Back</Button>
      <Button variant="primary" onClick={apply} disabled={applying.isPending || !planWrites(plan)}>
        {applying.isPending ? 'Applying…' : 'Apply'}
      </Button>
    </>
  ) : (
    <>
      <Button onClick={close}>Cancel</Button>
      <Button
        variant="primary"
        onClick={makePlan}
        disabled={targets.length === 0 || planning.isPending}
      >
        {planning.isPending ? 'Planning…' : 'Show plan'}
      </Button>
    </>
  );
  const what = `${source.kind} ${source.namespace ? `${source.namespace}/` : ''}${source.name}`;
  return (
    <Dialog open={open} onClose={close} title={`Copy ${what} to clusters`} wide footer={footer}>
      <div className="space-y-4">
        {!plan && !done && (
          <fieldset className="space-y-1 text-sm">
            <legend className="mb-1 text-xs font-medium">Target clusters</legend>
            {others.length === 0 && <p>There is no other cluster.</p>}
            {others.map((id) => (
              <label key={id} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={targets.includes(id)}
                  onChange={(e) =>
                    setTargets(
                      e.target.checked
                        ? others.filter((o) => o === id || targets.includes(o))
                        : targets.filter((t) => t !== id),
                    )
                  }
                />
                {id}
              </label>
            ))}
            <p className="text-xs text-slate-500">
              Nothing is written until you have read the plan and applied it. Each cluster is
              written as you, so its API server decides.
            </p>
          </fieldset>
        )}
        {planning.isError && (
          <Callout tone="error" title="Could not plan the copy">
            {errorMessage(planning.error)}
          </Callout>
        )}
        {changed && (
          <Callout tone="warning" title="The plan changed">
            Something changed since you read the plan; this is the new one. Read it and apply again.
          </Callout>
        )}
        {plan && !done && <PlanView plan={plan} />}
        {applying.isError && (
          <Callout tone="error" title="Could not apply">
            {errorMessage(applying.error)}
          </Callout>
        )}
        {done && <Results result={done} />}
      </div>
    </Dialog>
  );
}
