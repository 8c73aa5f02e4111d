import { useMemo, useState } from 'react';
import { useCluster } from '../../app/cluster.js';
import { EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { useRisks, type Finding } from './api.js';
import { AnalysisPage } from './AnalysisPage.js';
import { inputClass } from './forms.js';
import { ObjectLink } from './ObjectLink.js';
import { ScopeNotice } from './ScopeNotice.js';
import { SeverityBadge } from './severity.js';

const severities: Array<Finding['severity']> = ['critical', 'high', 'medium', 'low'];

function FindingRow({ f }: { f: Finding }) {
  return (
    <li
      className="space-y-1 border-t border-slate-100 px-4 py-3 text-sm dark:border-slate-800"
      aria-label={`${f.severity}: ${f.title} on ${f.object.kind} ${f.object.name}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={f.severity} />
        <span className="font-medium">{f.title}</span>
        <ObjectLink kind={f.object.kind} name={f.object.name} namespace={f.object.namespace} />
        {f.role && (
          <>
            <span className="text-xs text-slate-500">via</span>
            <ObjectLink kind={f.role.kind} name={f.role.name} namespace={f.role.namespace} />
          </>
        )}
        {f.bootstrap && <span className="text-xs text-slate-500">Kubernetes default</span>}
      </div>
      {f.subjects.length > 0 && (
        <div className="flex flex-wrap gap-1">
          {f.subjects.map((s, i) => (
            <SubjectChip key={i} subject={s} />
          ))}
        </div>
      )}
      <p className="text-slate-600 dark:text-slate-400">{f.why}</p>
      <p>
        <span className="font-semibold">Fix:</span> {f.fix}
      </p>
    </li>
  );
}

export function RisksPage() {
  const { cluster } = useCluster();
  const query = useRisks(cluster.id);
  const [minimum, setMinimum] = useState<Finding['severity']>('low');
  const [showDefaults, setShowDefaults] = useState(false);
  const [text, setText] = useState('');
  const shown = useMemo(() => {
    const limit = severities.indexOf(minimum);
    const t = text.trim().toLowerCase();
    return (query.data?.findings ?? []).filter(
      (f) =>
        severities.indexOf(f.severity) <= limit &&
        (showDefaults || !f.bootstrap) &&
        (!t ||
          `${f.title} ${f.object.name} ${f.subjects.map((s) => s.name).join(' ')}`
            .toLowerCase()
            .includes(t)),
    );
  }, [query.data, minimum, showDefaults, text]);
  const counts = severities.map((s) => [s, shown.filter((f) => f.severity === s).length] as const);
  return (
    <AnalysisPage
      title="Risks"
      description="Risky permissions and RBAC hygiene: who can escalate, read Secrets, exec into Pods, act as others — with a suggested fix for each."
    >
      <QueryState query={query} what="risk findings">
        {query.data && <ScopeNotice scope={query.data.scope} />}
        <Panel
          title={`Findings (${shown.length})`}
          actions={
            <span className="flex gap-2 text-xs">
              {counts.map(([s, n]) => (
                <span key={s}>
                  {s}: {n}
                </span>
              ))}
            </span>
          }
        >
          <div
            className="grid items-end gap-3 p-4 md:grid-cols-4"
            role="group"
            aria-label="Risk filters"
          >
            <label className="text-xs font-medium">
              Minimum severity
              <select
                className={inputClass}
                value={minimum}
                onChange={(e) => setMinimum(e.target.value as Finding['severity'])}
              >
                {severities.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-xs font-medium">
              Search
              <input
                className={inputClass}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="role, binding or subject"
              />
            </label>
            <label className="flex items-center gap-1.5 text-xs">
              <input
                type="checkbox"
                checked={showDefaults}
                onChange={(e) => setShowDefaults(e.target.checked)}
              />{' '}
              Include Kubernetes defaults
            </label>
          </div>
          {shown.length === 0 ? (
            <EmptyState title="No findings">Nothing risky matches these filters.</EmptyState>
          ) : (
            <ul aria-label="Findings">
              {shown.map((f) => (
                <FindingRow key={f.id} f={f} />
              ))}
            </ul>
          )}
        </Panel>
      </QueryState>
    </AnalysisPage>
  );
}
