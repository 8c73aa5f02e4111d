import type { ChangeReport } from './api.js';
import { Callout } from '../../ui/Panel.js';

const statusText = {
  done: 'done',
  failed: 'failed',
  'rolled-back': 'rolled back',
  'rollback-failed': 'could not be undone',
  'not-run': 'not run',
} as const;

/** What a multi-step change did, step by step: complete, rolled back, or partly done and which part. */
export function ChangeReportView({ report }: { report: ChangeReport }) {
  const tone =
    report.outcome === 'completed'
      ? 'info'
      : report.outcome === 'rolled-back'
        ? 'warning'
        : 'error';
  const title =
    report.outcome === 'completed'
      ? 'All changes made'
      : report.outcome === 'rolled-back'
        ? 'Nothing changed: the change was rolled back'
        : 'Partly applied: some steps remain';
  return (
    <Callout tone={tone} title={title}>
      {report.outcome !== 'completed' && <p>{report.message}</p>}
      <ol aria-label="Steps" className="mt-2 space-y-1">
        {report.steps.map((s, i) => (
          <li key={i} className="flex justify-between gap-3 text-xs">
            <span>{s.description}</span>
            <span className="shrink-0 font-medium">{statusText[s.status]}</span>
          </li>
        ))}
      </ol>
    </Callout>
  );
}
