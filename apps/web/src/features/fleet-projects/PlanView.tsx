import { Badge } from '../../ui/Badge.js';
import { Callout } from '../../ui/Panel.js';
import type { FleetChangeReport, FleetPlan, FleetPlanStep } from './api.js';
import { countsText, planColumns, reportTitle, resultLabel } from './model.js';

function who(b: NonNullable<FleetPlanStep['after']>): string {
  return b.subjects
    .map((s) => (s.kind === 'ServiceAccount' ? `${s.name} (kubeconfig)` : s.name))
    .join(', ');
}

function StepDiff({ step }: { step: FleetPlanStep }) {
  return (
    <li className="rounded border border-slate-200 px-2 py-1.5 text-xs dark:border-slate-700">
      <p>
        <span className="font-semibold uppercase">{step.op}</span>{' '}
        <span className="font-mono">{step.name}</span>
        {step.namespace && <span className="text-slate-500"> in {step.namespace}</span>}
      </p>
      {step.before && (
        <p className="mt-0.5 font-mono text-red-700 dark:text-red-300">
          − {step.before.clusterRole}: {who(step.before)}
        </p>
      )}
      {step.after && (
        <p className="mt-0.5 font-mono text-emerald-700 dark:text-emerald-300">
          + {step.after.clusterRole}: {who(step.after)}
        </p>
      )}
    </li>
  );
}

/** The plan, a column per cluster: its state, what it writes there, each write as a diff. */
export function PlanView({ plan }: { plan: FleetPlan }) {
  const columns = planColumns(plan);
  return (
    <div
      role="region"
      aria-label="Plan per cluster"
      className="grid gap-3"
      style={{ gridTemplateColumns: `repeat(${Math.max(columns.length, 1)}, minmax(0, 1fr))` }}
    >
      {columns.map((c) => (
        <section
          key={c.cluster}
          aria-label={`Plan on ${c.cluster}`}
          className="rounded-md border border-slate-200 p-3 dark:border-slate-700"
        >
          <h3 className="flex items-center justify-between gap-2 text-sm font-semibold">
            <span>{c.cluster}</span>
            <Badge tone={c.tone}>{c.label}</Badge>
          </h3>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {c.status === 'ready' ? countsText(c.counts) : c.message}
          </p>
          {c.steps.length > 0 && (
            <ol aria-label={`Writes on ${c.cluster}`} className="mt-2 space-y-1.5">
              {c.steps.map((s, i) => (
                <StepDiff key={i} step={s} />
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  );
}

/** What each cluster did: applied, failed (the API server's reason), rolled back, or not run. */
export function ResultView({ report }: { report: FleetChangeReport }) {
  const { title, tone } = reportTitle(report);
  return (
    <div className="space-y-3">
      <Callout tone={tone} title={title}>
        {report.outcome !== 'completed' && <p>{report.message}</p>}
      </Callout>
      <div
        role="region"
        aria-label="Result per cluster"
        className="grid gap-3"
        style={{
          gridTemplateColumns: `repeat(${Math.max(report.clusters.length, 1)}, minmax(0, 1fr))`,
        }}
      >
        {report.clusters.map((c) => {
          const label = resultLabel(c.status);
          return (
            <section
              key={c.cluster}
              aria-label={`Result on ${c.cluster}`}
              className="rounded-md border border-slate-200 p-3 dark:border-slate-700"
            >
              <h3 className="flex items-center justify-between gap-2 text-sm font-semibold">
                <span>{c.cluster}</span>
                <Badge tone={label.tone}>{label.text}</Badge>
              </h3>
              {c.message && (
                <p className="mt-1 text-xs break-words text-slate-600 dark:text-slate-400">
                  {c.message}
                </p>
              )}
              {c.report && c.report.steps.length > 0 && (
                <ol aria-label={`Steps on ${c.cluster}`} className="mt-2 space-y-1 text-xs">
                  {c.report.steps.map((s, i) => (
                    <li key={i} className="flex justify-between gap-2">
                      <span>{s.description}</span>
                      <span className="shrink-0 font-medium">{s.status}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
