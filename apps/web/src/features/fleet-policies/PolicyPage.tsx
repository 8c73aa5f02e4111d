import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/http.js';
import { useToast } from '../../app/toasts.js';
import { Badge } from '../../ui/Badge.js';
import { Button, ButtonLink } from '../../ui/Button.js';
import { DiffLines } from '../../ui/LineDiff.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { Spinner } from '../../ui/Spinner.js';
import { RulesTable } from '../../rbac/RulesTable.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import {
  isStalePlan,
  useApply,
  usePlan,
  usePolicy,
  type ClusterStatus,
  type PolicyDetail,
} from './api.js';
import { ApplyResultView, ClusterCard, ClusterColumns, PlanView } from './PlanView.js';
import { grantSummary, placementSummary } from './placement.js';
import { canApply, needsApply, objectLabel, planTotals, unifiedLines } from './plan.js';
import { StatusChip } from './StatusChip.js';
import { createPolicyPath, editPolicyPath, policiesPath } from './paths.js';

function when(iso: string | undefined): string | undefined {
  return iso ? new Date(iso).toLocaleString() : undefined;
}

function StatusCard({ status, generation }: { status: ClusterStatus; generation: number }) {
  const drift = status.drift ?? [];
  const pending = status.pendingNamespaces ?? [];
  // The drift and pending lists below say it in full; a refusal's message is its reason again.
  const message =
    status.message && status.message !== status.reason && drift.length === 0 && pending.length === 0
      ? status.message
      : undefined;
  return (
    <ClusterCard
      label={`Status on ${status.cluster}`}
      cluster={status.cluster}
      badge={<StatusChip status={status} />}
    >
      {status.reason && <p className="text-xs text-red-700 dark:text-red-300">{status.reason}</p>}
      {message && <p className="text-xs">{message}</p>}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        {status.appliedGeneration !== undefined && (
          <>
            <dt className="text-slate-500 dark:text-slate-400">Applied</dt>
            <dd>
              generation {status.appliedGeneration}
              {status.appliedGeneration !== generation && ` (current ${generation})`}
            </dd>
          </>
        )}
        {status.lastAppliedBy && (
          <>
            <dt className="text-slate-500 dark:text-slate-400">By</dt>
            <dd className="font-mono break-all">{status.lastAppliedBy}</dd>
          </>
        )}
        {status.lastAppliedAt && (
          <>
            <dt className="text-slate-500 dark:text-slate-400">At</dt>
            <dd>{when(status.lastAppliedAt)}</dd>
          </>
        )}
      </dl>
      {pending.length > 0 && (
        <p className="text-xs text-purple-800 dark:text-purple-300">
          Pending (new namespaces the policy selects, not bound until someone applies):{' '}
          <span className="font-mono">{pending.join(', ')}</span>
        </p>
      )}
      {drift.length > 0 && (
        <div>
          <p className="text-xs font-semibold text-amber-800 dark:text-amber-300">
            Drift: {drift.length} managed {drift.length === 1 ? 'object differs' : 'objects differ'}{' '}
            from the policy
          </p>
          <ul aria-label={`Drift on ${status.cluster}`} className="mt-1 space-y-2">
            {drift.map((d) => (
              <li key={objectLabel(d)} className="text-xs">
                <span className="font-mono break-all">{objectLabel(d)}</span>
                {d.missing ? (
                  <span className="ml-2 text-red-700 dark:text-red-300">deleted by hand</span>
                ) : (
                  <span className="ml-2 text-slate-500">edited by hand</span>
                )}
                {d.diff.length > 0 && (
                  <pre
                    aria-label={`Drift diff of ${objectLabel(d)}`}
                    className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-[11px] leading-4 dark:bg-slate-950"
                  >
                    <DiffLines lines={unifiedLines(d.diff)} />
                  </pre>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </ClusterCard>
  );
}

type Flow = { kind: 'apply' | 'remove' } | null;

function PlanFlow({
  detail,
  flow,
  onClose,
}: {
  detail: PolicyDetail;
  flow: NonNullable<Flow>;
  onClose: () => void;
}) {
  const name = detail.policy.metadata.name;
  const remove = flow.kind === 'remove';
  const plan = usePlan();
  const apply = useApply(name);
  const navigate = useNavigate();
  const { notify } = useToast();
  const [stale, setStale] = useState(false);
  const { mutate } = plan;
  useEffect(() => {
    mutate({ name, ...(remove ? { remove: true } : {}) });
  }, [mutate, name, remove]);
  const region = useRef<HTMLDivElement>(null);
  // Braces: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
  useEffect(() => {
    region.current?.scrollIntoView?.({ block: 'start' });
  }, []);

  const run = () => {
    if (!plan.data) return;
    setStale(false);
    apply.mutate(
      { digest: plan.data.digest, ...(remove ? { remove: true } : {}) },
      {
        onSuccess: (result) => {
          if (remove && result.deleted) {
            notify(
              'success',
              `AccessPolicy ${name} deleted`,
              'Its objects were removed from every cluster.',
            );
            navigate(policiesPath);
          }
        },
        onError: (err) => {
          if (isStalePlan(err)) {
            setStale(true);
            apply.reset();
            mutate({ name, ...(remove ? { remove: true } : {}) });
          }
        },
      },
    );
  };

  const totals = plan.data ? planTotals(plan.data) : null;
  const changes = totals ? totals.creates + totals.updates + totals.deletes : 0;
  return (
    <div ref={region} className="space-y-3">
      {stale && (
        <Callout tone="warning" title="The plan changed since you reviewed it">
          Something changed on a cluster or in the policy. Here is the new plan: review it and apply
          again.
        </Callout>
      )}
      {plan.isPending && <Spinner label="Working out the plan" />}
      {plan.error && (
        <Callout tone="error" title="The plan could not be worked out">
          {errorMessage(plan.error)}
        </Callout>
      )}
      {apply.data ? (
        <>
          <ApplyResultView result={apply.data} />
          <Button onClick={onClose}>Close</Button>
        </>
      ) : (
        plan.data && (
          <PlanView plan={plan.data} title={remove ? 'Removal plan' : 'Plan'}>
            {apply.error && !isStalePlan(apply.error) && (
              <Callout tone="error" title="Apply failed">
                {errorMessage(apply.error)}
              </Callout>
            )}
            {remove && (
              <p className="text-sm">
                Applying deletes exactly the objects labelled with this policy on each cluster, then
                the AccessPolicy {name} itself.
              </p>
            )}
            <div className="flex flex-wrap gap-2">
              <Button
                variant={remove ? 'danger' : 'primary'}
                onClick={run}
                disabled={apply.isPending || (!remove && !canApply(plan.data))}
              >
                {apply.isPending
                  ? 'Applying…'
                  : remove
                    ? `Delete policy and remove ${changes} ${changes === 1 ? 'object' : 'objects'}`
                    : 'Apply'}
              </Button>
              <Button onClick={onClose} disabled={apply.isPending}>
                Cancel
              </Button>
            </div>
          </PlanView>
        )
      )}
    </div>
  );
}

function Overview({ detail }: { detail: PolicyDetail }) {
  const { spec } = detail.policy;
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_2fr]">
      <Panel title={`Subjects (${spec.subjects.length})`}>
        <div className="p-4">
          {spec.subjects.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">
              None: a template. Create a policy from it to grant it to someone.
            </p>
          ) : (
            <ul aria-label="Subjects" className="flex flex-wrap gap-1.5">
              {spec.subjects.map((s, i) => (
                <li key={i}>
                  <SubjectChip subject={s} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </Panel>
      <Panel title={`Statements (${spec.statements.length})`}>
        <ol aria-label="Statements" className="divide-y divide-slate-100 dark:divide-slate-800">
          {spec.statements.map((s, i) => (
            <li key={i} className="space-y-1 px-4 py-3 text-sm">
              <p className="font-medium">
                {i + 1}. {grantSummary(s)}
              </p>
              <ul className="ml-5 list-disc text-xs text-slate-600 dark:text-slate-300">
                {s.placements.map((p, j) => (
                  <li key={j}>{placementSummary(p)}</li>
                ))}
              </ul>
              {s.rules && <RulesTable rules={s.rules} />}
            </li>
          ))}
        </ol>
      </Panel>
    </div>
  );
}

function Detail({ detail }: { detail: PolicyDetail }) {
  const location = useLocation();
  const navigate = useNavigate();
  const name = detail.policy.metadata.name;
  const review = (location.state as { review?: boolean } | null)?.review === true;
  const [flow, setFlow] = useState<Flow>(review && !detail.builtin ? { kind: 'apply' } : null);
  const close = () => {
    setFlow(null);
    // The saved-and-review hand-over is used once; a reload shows the status, not the plan again.
    if (review) navigate(location.pathname, { replace: true, state: null });
  };
  const drifted = needsApply(detail.clusters);
  // “Re-apply” once something was applied somewhere; a policy never applied is reviewed first.
  const appliedBefore = detail.clusters.some((c) => c.appliedGeneration !== undefined);
  const mayApply = !detail.builtin && detail.canEdit;
  return (
    <>
      <PageHeader
        title={name}
        crumbs={[{ label: 'Fleet' }, { label: 'Policies', to: policiesPath }]}
        badges={
          <>
            <Badge>AccessPolicy</Badge>
            {detail.builtin && <Badge tone="brand">Built-in</Badge>}
            <Badge title="The policy's generation: each change to its spec counts one">
              generation {detail.policy.metadata.generation}
            </Badge>
          </>
        }
        description={detail.policy.spec.description}
        actions={
          <>
            {mayApply && (
              <Button
                variant={drifted ? 'primary' : 'secondary'}
                onClick={() => setFlow({ kind: 'apply' })}
                disabled={flow !== null}
              >
                {drifted && appliedBefore ? 'Re-apply' : 'Review plan'}
              </Button>
            )}
            {!detail.builtin && detail.canEdit && (
              <ButtonLink to={editPolicyPath(name)}>Edit</ButtonLink>
            )}
            <ButtonLink to={createPolicyPath(name)}>Create from</ButtonLink>
            {!detail.builtin && detail.canDelete && (
              <Button
                variant="danger"
                onClick={() => setFlow({ kind: 'remove' })}
                disabled={flow !== null}
              >
                Delete policy
              </Button>
            )}
          </>
        }
      />
      <div className="space-y-4 p-4 sm:p-6">
        {detail.builtin && (
          <Callout tone="info" title="A built-in policy: read-only">
            It cannot be changed or deleted, and has no subjects: use “Create from” to grant its
            access to someone with a policy of your own.
          </Callout>
        )}
        {flow && <PlanFlow key={flow.kind} detail={detail} flow={flow} onClose={close} />}
        <Overview detail={detail} />
        <section aria-labelledby="status-heading" className="space-y-2">
          <h2 id="status-heading" className="text-sm font-semibold">
            Status per cluster
          </h2>
          <ClusterColumns>
            {detail.clusters.map((c) => (
              <StatusCard
                key={c.cluster}
                status={c}
                generation={detail.policy.metadata.generation}
              />
            ))}
          </ClusterColumns>
        </section>
      </div>
    </>
  );
}

/** /fleet/policies/:name: a policy, its state on each cluster with drift, and plan → apply. */
export function PolicyPage() {
  const { name = '' } = useParams();
  const query = usePolicy(name);
  return (
    <QueryState query={query} what={`policy ${name}`}>
      {query.data && <Detail detail={query.data} />}
    </QueryState>
  );
}
