import type { ReactNode } from 'react';
import { Badge, type BadgeTone } from '../../ui/Badge.js';
import { DiffLines } from '../../ui/LineDiff.js';
import { Callout, Panel } from '../../ui/Panel.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { ruleText } from '../analysis/ImpactPanel.js';
import type { ApplyResponse, ClusterPlan, PolicyPlan } from './api.js';
import {
  applyHeadline,
  objectLabel,
  outcomeText,
  planClusterState,
  planHeadline,
  planRows,
  unifiedLines,
  type PlanAction,
} from './plan.js';

const actionTone: Record<PlanAction, BadgeTone> = {
  create: 'green',
  update: 'amber',
  delete: 'red',
};
const actionText: Record<PlanAction, string> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
};

const clusterStateText = {
  changes: ['Changes', 'brand'],
  unchanged: ['Up to date', 'green'],
  blocked: ['Blocked', 'red'],
  'no-access': ['No access', 'red'],
  unreachable: ['Unreachable', 'red'],
  untargeted: ['Not targeted', 'neutral'],
} as const satisfies Record<ReturnType<typeof planClusterState>, readonly [string, BadgeTone]>;

/** The cards of a per-cluster answer: side by side where there is room, one under another on a phone. */
export function ClusterColumns({ children }: { children: ReactNode }) {
  return <div className="grid gap-4 md:grid-cols-2 2xl:grid-cols-3">{children}</div>;
}

export function ClusterCard({
  label,
  cluster,
  badge,
  children,
}: {
  label: string;
  cluster: string;
  badge: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2.5 dark:border-slate-800">
        <h3 className="font-mono text-sm font-semibold">{cluster}</h3>
        {badge}
      </div>
      <div className="space-y-3 px-4 py-3 text-sm">{children}</div>
    </section>
  );
}

function Impact({ plan }: { plan: ClusterPlan }) {
  const impact = plan.impact;
  if (!impact) return null;
  return (
    <details className="rounded-md border border-slate-200 dark:border-slate-700">
      <summary className="cursor-pointer px-3 py-1.5 text-xs font-semibold">
        Impact:{' '}
        {impact.subjects.length === 0
          ? // From part of the cluster's RBAC (a role not readable), no change found is not no change.
            impact.scope.complete
            ? 'nobody gains or loses'
            : 'none found in what you may read'
          : `${impact.subjects.length} ${impact.subjects.length === 1 ? 'subject' : 'subjects'} affected`}
      </summary>
      <ul
        aria-label={`Impact on ${plan.cluster}`}
        className="divide-y divide-slate-100 dark:divide-slate-800"
      >
        {impact.subjects.map((s, i) => (
          <li
            key={i}
            className="space-y-1 px-3 py-2"
            aria-label={`${s.subject.kind} ${s.subject.name}`}
          >
            <SubjectChip subject={s.subject} />
            {(['gained', 'lost'] as const).map((side) =>
              s[side].length === 0 ? null : (
                <div key={side}>
                  <p
                    className={`text-xs font-semibold ${side === 'gained' ? 'text-emerald-700 dark:text-emerald-300' : 'text-red-700 dark:text-red-300'}`}
                  >
                    {side === 'gained' ? 'Gains' : 'Loses'}
                  </p>
                  <ul className="ml-4 list-disc text-xs">
                    {s[side].flatMap((scope) =>
                      scope.rules.map((r, k) => (
                        <li key={`${scope.namespace}-${k}`}>
                          <span className="font-mono">{ruleText(r)}</span>
                          {scope.namespace ? ` in ${scope.namespace}` : ' cluster-wide'}
                        </li>
                      )),
                    )}
                  </ul>
                </div>
              ),
            )}
          </li>
        ))}
      </ul>
      {!impact.scope.complete && (
        <p className="px-3 pb-2 text-xs text-slate-500">
          Worked out from the roles and bindings you may read there only.
        </p>
      )}
    </details>
  );
}

function ClusterPlanCard({ plan }: { plan: ClusterPlan }) {
  const state = planClusterState(plan);
  const [text, tone] = clusterStateText[state];
  const rows = planRows(plan);
  return (
    <ClusterCard
      label={`Plan for ${plan.cluster}`}
      cluster={plan.cluster}
      badge={<Badge tone={tone}>{text}</Badge>}
    >
      {plan.reason && (
        <p className="text-xs text-red-700 dark:text-red-300" data-testid="reason">
          {plan.reason}
        </p>
      )}
      {plan.blockers.length > 0 && (
        <ul
          aria-label={`Blockers on ${plan.cluster}`}
          className="list-inside list-disc text-xs text-red-700 dark:text-red-300"
        >
          {plan.blockers.map((b, i) => (
            <li key={i}>{b}</li>
          ))}
        </ul>
      )}
      {plan.missingNamespaces.length > 0 && (
        <p className="text-xs text-amber-800 dark:text-amber-300">
          Named namespaces missing here (not created):{' '}
          <span className="font-mono">{plan.missingNamespaces.join(', ')}</span>
        </p>
      )}
      {rows.length > 0 ? (
        <ul aria-label={`Changes on ${plan.cluster}`} className="space-y-2">
          {rows.map((r) => (
            <li key={`${r.action}/${objectLabel(r)}`} className="text-xs">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={actionTone[r.action]}>{actionText[r.action]}</Badge>
                <span className="font-mono break-all">{objectLabel(r)}</span>
              </div>
              {r.diff && r.diff.length > 0 && (
                <pre
                  aria-label={`Diff of ${objectLabel(r)}`}
                  className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-[11px] leading-4 dark:bg-slate-950"
                >
                  <DiffLines lines={unifiedLines(r.diff)} />
                </pre>
              )}
            </li>
          ))}
        </ul>
      ) : (
        plan.state === 'ok' && (
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {plan.targeted
              ? 'Nothing to change here.'
              : 'No placement selects this cluster and nothing of the policy is left on it.'}
          </p>
        )
      )}
      {plan.unchanged > 0 && (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {plan.unchanged} {plan.unchanged === 1 ? 'object' : 'objects'} already as compiled.
        </p>
      )}
      <Impact plan={plan} />
    </ClusterCard>
  );
}

/** A policy's plan, a column per cluster: what apply would create, update and delete, and for whom. */
export function PlanView({
  plan,
  title = 'Plan',
  children,
}: {
  plan: PolicyPlan;
  title?: string;
  /** The plan's actions (Apply, Cancel), under the columns. */
  children?: ReactNode;
}) {
  return (
    <Panel title={title}>
      <section aria-label={title} className="space-y-4 p-4">
        <p className="text-sm font-medium" data-testid="plan-headline">
          {planHeadline(plan)}
        </p>
        <ClusterColumns>
          {plan.clusters.map((c) => (
            <ClusterPlanCard key={c.cluster} plan={c} />
          ))}
        </ClusterColumns>
        {children}
      </section>
    </Panel>
  );
}

const outcomeTone = {
  applied: 'green',
  unchanged: 'green',
  failed: 'red',
  'rolled-back': 'amber',
  skipped: 'neutral',
} as const satisfies Record<keyof typeof outcomeText, BadgeTone>;

/** What apply did on each cluster, step by step; a failed cluster says why and what was undone. */
export function ApplyResultView({ result }: { result: ApplyResponse }) {
  const failed = result.clusters.some((c) => c.outcome !== 'applied' && c.outcome !== 'unchanged');
  return (
    <Panel title="Apply result">
      <section aria-label="Apply result" className="space-y-4 p-4">
        <Callout tone={failed ? 'warning' : 'info'} title={applyHeadline(result)}>
          {result.statusError && (
            <p>The policy’s status could not be written: {result.statusError}</p>
          )}
        </Callout>
        <ClusterColumns>
          {result.clusters.map((c) => (
            <ClusterCard
              key={c.cluster}
              label={`Result on ${c.cluster}`}
              cluster={c.cluster}
              badge={<Badge tone={outcomeTone[c.outcome]}>{outcomeText[c.outcome]}</Badge>}
            >
              {c.reason && <p className="text-xs text-red-700 dark:text-red-300">{c.reason}</p>}
              {c.steps.length > 0 ? (
                <ol aria-label={`Steps on ${c.cluster}`} className="space-y-1">
                  {c.steps.map((s, i) => (
                    <li key={i} className="text-xs">
                      <span className="flex flex-wrap justify-between gap-2">
                        <span className="font-mono break-all">
                          {s.action} {objectLabel(s)}
                        </span>
                        <span className="font-medium">
                          {s.rolledBack ? 'undone' : s.ok ? 'done' : 'failed'}
                        </span>
                      </span>
                      {s.error && (
                        <span className="block text-red-700 dark:text-red-300">{s.error}</span>
                      )}
                    </li>
                  ))}
                </ol>
              ) : (
                !c.reason && <p className="text-xs text-slate-500">No step was needed.</p>
              )}
            </ClusterCard>
          ))}
        </ClusterColumns>
      </section>
    </Panel>
  );
}
