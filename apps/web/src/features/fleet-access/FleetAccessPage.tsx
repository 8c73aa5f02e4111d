// Fleet → Access: who-can and check asked of every cluster at once (a column per cluster), and one
// subject's access compared side by side between two clusters.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { CompareRule, CompareSide } from '@gatehouse/bff/contract/fleet/access';
import { useCluster } from '../../app/cluster.js';
import { Badge } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { Tabs } from '../../ui/Tabs.js';
import { requestParams, subjectParams } from '../analysis/api.js';
import { inputClass, RequestFields, SubjectFields } from '../analysis/forms.js';
import {
  requestFromParams,
  requestReady,
  subjectFromParams,
  subjectReady,
} from '../analysis/urlState.js';
import { useFleetCheck, useFleetCompare, useFleetWhoCan } from './api.js';
import { checkColumns, whoCanColumns, type ColumnState } from './model.js';

const TABS = ['who-can', 'check', 'compare'] as const;
type Tab = (typeof TABS)[number];

function Columns({ count, children }: { count: number; children: ReactNode }) {
  return (
    <div
      className="grid gap-4"
      style={{ gridTemplateColumns: `repeat(${Math.max(1, count)}, minmax(16rem, 1fr))` }}
    >
      {children}
    </div>
  );
}

function ClusterColumn({
  cluster,
  status,
  summary,
  children,
}: {
  cluster: string;
  status: ColumnState;
  summary?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <section
      aria-label={`Cluster ${cluster}`}
      className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2.5 dark:border-slate-800">
        <h2 className="text-sm font-semibold">{cluster}</h2>
        {status.state === 'result' ? (
          summary
        ) : (
          <Badge tone={status.state === 'no-access' ? 'amber' : 'red'}>
            {status.state === 'no-access' ? 'No access' : 'Unreachable'}
          </Badge>
        )}
      </header>
      <div className="p-4 text-sm">
        {status.state === 'result' ? (
          children
        ) : (
          <p className="text-slate-600 dark:text-slate-300">{status.message}</p>
        )}
      </div>
    </section>
  );
}

function ClusterPicker({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const { session } = useCluster();
  return (
    <fieldset className="flex flex-wrap items-center gap-3 text-sm">
      <legend className="mb-1 text-xs font-medium">Clusters</legend>
      {session.clusters.map((c) => (
        <label key={c.id} className="inline-flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={value.includes(c.id)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? session.clusters
                      .map((x) => x.id)
                      .filter((id) => id === c.id || value.includes(id))
                  : value.filter((id) => id !== c.id),
              )
            }
          />
          {c.id}
        </label>
      ))}
    </fieldset>
  );
}

function QuestionForm({
  label,
  submit,
  onSubmit,
  children,
}: {
  label: string;
  submit: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const go = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Panel>
      <form className="space-y-3 p-4" aria-label={label} onSubmit={go}>
        {children}
        <Button type="submit" variant="primary">
          {submit}
        </Button>
      </form>
    </Panel>
  );
}

function useClusterChoice(params: URLSearchParams) {
  const { session } = useCluster();
  const all = session.clusters.map((c) => c.id);
  const asked = params.get('clusters');
  return asked ? asked.split(',').filter((c) => all.includes(c)) : all;
}

function WhoCanTab() {
  const [params, setParams] = useSearchParams();
  const [request, setRequest] = useState(() => requestFromParams(params));
  const chosen = useClusterChoice(params);
  const [clusters, setClusters] = useState(chosen);
  const asked = requestFromParams(params);
  const ready = params.get('tab') === 'who-can' && params.has('verb') && requestReady(asked);
  const query = useFleetWhoCan(
    ready ? { ...requestParams(asked), clusters: chosen.join(',') } : null,
  );
  return (
    <div className="space-y-4">
      <QuestionForm
        label="Who can, across clusters"
        submit="Find subjects"
        onSubmit={() =>
          setParams({ tab: 'who-can', ...requestParams(request), clusters: clusters.join(',') })
        }
      >
        <RequestFields value={request} onChange={setRequest} />
        <ClusterPicker value={clusters} onChange={setClusters} />
      </QuestionForm>
      {ready ? (
        <QueryState query={query} what="who can">
          {query.data && (
            <Columns count={query.data.clusters.length}>
              {whoCanColumns(query.data).map((col) => (
                <ClusterColumn
                  key={col.cluster}
                  cluster={col.cluster}
                  status={col.status}
                  summary={
                    <span className="text-xs text-slate-500">
                      {col.total} {col.total === 1 ? 'subject' : 'subjects'}
                    </span>
                  }
                >
                  {col.grants.length === 0 ? (
                    <p className="text-slate-500">Nobody is allowed this through RBAC.</p>
                  ) : (
                    <ul className="space-y-3" aria-label={`Grants on ${col.cluster}`}>
                      {col.grants.map((g) => (
                        <li key={g.key}>
                          <p className="text-xs text-slate-500 dark:text-slate-400">
                            {g.binding} → {g.role}
                          </p>
                          <ul className="mt-1 flex flex-wrap gap-1">
                            {g.subjects.map((s) => (
                              <li
                                key={`${s.kind}/${s.namespace ?? ''}/${s.name}`}
                                className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800"
                              >
                                <span className="text-slate-500">
                                  {s.kind === 'ServiceAccount' ? 'SA' : s.kind}{' '}
                                </span>
                                {s.namespace ? `${s.namespace}/` : ''}
                                {s.name}
                              </li>
                            ))}
                          </ul>
                        </li>
                      ))}
                    </ul>
                  )}
                </ClusterColumn>
              ))}
            </Columns>
          )}
        </QueryState>
      ) : (
        <EmptyState title="Describe a request">
          For example: verb get, resource secrets, namespace payments — asked of every cluster.
        </EmptyState>
      )}
    </div>
  );
}

function CheckTab() {
  const [params, setParams] = useSearchParams();
  const [subject, setSubject] = useState(() => subjectFromParams(params, 'User'));
  const [request, setRequest] = useState(() => requestFromParams(params));
  const chosen = useClusterChoice(params);
  const [clusters, setClusters] = useState(chosen);
  const s = subjectFromParams(params, 'User');
  const r = requestFromParams(params);
  const ready =
    params.get('tab') === 'check' && params.has('verb') && subjectReady(s) && requestReady(r);
  const query = useFleetCheck(
    ready ? { ...subjectParams(s), ...requestParams(r), clusters: chosen.join(',') } : null,
  );
  return (
    <div className="space-y-4">
      <QuestionForm
        label="Check access, across clusters"
        submit="Check"
        onSubmit={() =>
          setParams({
            tab: 'check',
            ...subjectParams(subject),
            ...requestParams(request),
            clusters: clusters.join(','),
          })
        }
      >
        <SubjectFields value={subject} onChange={setSubject} />
        <RequestFields value={request} onChange={setRequest} />
        <ClusterPicker value={clusters} onChange={setClusters} />
      </QuestionForm>
      {ready ? (
        <QueryState query={query} what="the check">
          {query.data && (
            <Columns count={query.data.clusters.length}>
              {checkColumns(query.data).map((col) => (
                <ClusterColumn
                  key={col.cluster}
                  cluster={col.cluster}
                  status={col.status}
                  summary={
                    <Badge tone={col.allowed ? 'green' : 'red'}>
                      {col.allowed ? 'Allowed' : 'Denied'}
                    </Badge>
                  }
                >
                  {col.chain.length > 0 && (
                    <ul
                      className="mb-2 space-y-1 text-xs"
                      aria-label={`Allowed by, on ${col.cluster}`}
                    >
                      {col.chain.map((c) => (
                        <li key={c} className="font-mono">
                          {c}
                        </li>
                      ))}
                    </ul>
                  )}
                  <ul className="space-y-1 text-xs text-slate-600 dark:text-slate-300">
                    {col.explanation.map((e, i) => (
                      <li key={i}>{e}</li>
                    ))}
                  </ul>
                  {col.agree === false && (
                    <p className="mt-2 text-xs text-red-700">The API server answered otherwise.</p>
                  )}
                </ClusterColumn>
              ))}
            </Columns>
          )}
        </QueryState>
      ) : (
        <EmptyState title="Describe a subject and a request">
          For example: User bob, verb get, resource secrets, namespace payments.
        </EmptyState>
      )}
    </div>
  );
}

export function ruleText(r: CompareRule): string {
  const verbs = r.rule.verbs.join(', ');
  if (r.rule.nonResourceURLs?.length) return `${verbs} ${r.rule.nonResourceURLs[0]}`;
  const group = r.rule.apiGroups?.[0] ?? '';
  const res = `${r.rule.resources?.[0] ?? ''}${group ? `.${group}` : ''}`;
  const name = r.rule.resourceNames?.[0];
  return `${verbs} ${res}${name ? ` "${name}"` : ''}`;
}

function bindingText(side: CompareSide | undefined, i: number): string {
  const b = side?.bindings[i];
  if (!b) return '';
  return `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} → ${b.roleRef.kind} ${b.roleRef.name}`;
}

function RuleTable({
  title,
  rules,
  a,
  b,
  sideA,
  sideB,
}: {
  title: string;
  rules: CompareRule[];
  a: string;
  b: string;
  sideA: CompareSide | undefined;
  sideB: CompareSide | undefined;
}) {
  const showA = rules.some((r) => r.a.length > 0);
  const showB = rules.some((r) => r.b.length > 0);
  return (
    <Panel title={`${title} (${rules.length})`}>
      <div role="region" aria-label={title} className="overflow-x-auto">
        {rules.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">None.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Namespace</th>
                <th className="px-4 py-2 font-medium">Permission</th>
                {showA && <th className="px-4 py-2 font-medium">Granted on {a} by</th>}
                {showB && <th className="px-4 py-2 font-medium">Granted on {b} by</th>}
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr
                  key={`${r.namespace}/${ruleText(r)}`}
                  className="border-t border-slate-100 dark:border-slate-800"
                >
                  <td className="px-4 py-1.5">
                    {r.namespace || <span className="text-slate-500">all (cluster-wide)</span>}
                  </td>
                  <td className="px-4 py-1.5 font-mono text-xs">{ruleText(r)}</td>
                  {showA && (
                    <td className="px-4 py-1.5 text-xs">
                      {r.a.map((i) => (
                        <div key={i}>{bindingText(sideA, i)}</div>
                      ))}
                    </td>
                  )}
                  {showB && (
                    <td className="px-4 py-1.5 text-xs">
                      {r.b.map((i) => (
                        <div key={i}>{bindingText(sideB, i)}</div>
                      ))}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Panel>
  );
}

function CompareTab() {
  const { session } = useCluster();
  const ids = session.clusters.map((c) => c.id);
  const [params, setParams] = useSearchParams();
  const [subject, setSubject] = useState(() => subjectFromParams(params, 'User'));
  const [a, setA] = useState(params.get('a') ?? ids[0] ?? '');
  const [b, setB] = useState(params.get('b') ?? ids[1] ?? '');
  const s = subjectFromParams(params, 'User');
  const qa = params.get('a') ?? '';
  const qb = params.get('b') ?? '';
  const ready =
    params.get('tab') === 'compare' && subjectReady(s) && qa !== '' && qb !== '' && qa !== qb;
  const query = useFleetCompare(ready ? { ...subjectParams(s), a: qa, b: qb } : null);
  const pick = (label: string, value: string, set: (v: string) => void) => (
    <label className="block text-xs font-medium">
      {label}
      <select className={inputClass} value={value} onChange={(e) => set(e.target.value)}>
        {ids.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
  const sideA = query.data?.a.state === 'result' ? query.data.a.result : undefined;
  const sideB = query.data?.b.state === 'result' ? query.data.b.result : undefined;
  return (
    <div className="space-y-4">
      <QuestionForm
        label="Compare a subject between two clusters"
        submit="Compare"
        onSubmit={() => setParams({ tab: 'compare', ...subjectParams(subject), a, b })}
      >
        <SubjectFields value={subject} onChange={setSubject} />
        <div className="grid max-w-md grid-cols-2 gap-3">
          {pick('Cluster A', a, setA)}
          {pick('Cluster B', b, setB)}
        </div>
        {a === b && <p className="text-xs text-amber-700">Pick two different clusters.</p>}
      </QuestionForm>
      {ready ? (
        <QueryState query={query} what="the comparison">
          {query.data && (
            <>
              <Columns count={2}>
                {[query.data.a, query.data.b].map((side) => (
                  <ClusterColumn
                    key={side.cluster}
                    cluster={side.cluster}
                    status={side.state === 'result' ? { state: 'result' } : side}
                    summary={
                      side.state === 'result' && (
                        <span className="text-xs text-slate-500">
                          {side.result.bindings.length}{' '}
                          {side.result.bindings.length === 1 ? 'binding' : 'bindings'}
                        </span>
                      )
                    }
                  >
                    {side.state === 'result' &&
                      (side.result.bindings.length === 0 ? (
                        <p className="text-slate-500">No binding names this subject.</p>
                      ) : (
                        <ul
                          className="space-y-1 text-xs"
                          aria-label={`Bindings on ${side.cluster}`}
                        >
                          {side.result.bindings.map((_, i) => (
                            <li key={i}>{bindingText(side.result, i)}</li>
                          ))}
                        </ul>
                      ))}
                  </ClusterColumn>
                ))}
              </Columns>
              {query.data.diff ? (
                <>
                  <RuleTable
                    title={`Only on ${qa}`}
                    rules={query.data.diff.onlyA}
                    a={qa}
                    b={qb}
                    sideA={sideA}
                    sideB={sideB}
                  />
                  <RuleTable
                    title={`Only on ${qb}`}
                    rules={query.data.diff.onlyB}
                    a={qa}
                    b={qb}
                    sideA={sideA}
                    sideB={sideB}
                  />
                  <RuleTable
                    title="On both"
                    rules={query.data.diff.both}
                    a={qa}
                    b={qb}
                    sideA={sideA}
                    sideB={sideB}
                  />
                </>
              ) : (
                <Callout tone="warning" title="No comparison">
                  Both clusters must answer to compare them.
                </Callout>
              )}
            </>
          )}
        </QueryState>
      ) : (
        <EmptyState title="Pick a subject and two clusters">
          For example: User bob, dev against staging.
        </EmptyState>
      )}
    </div>
  );
}

export function FleetAccessPage() {
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((t) => t === params.get('tab')) ?? 'who-can';
  const labels: Record<Tab, string> = {
    'who-can': 'Who can',
    check: 'Check access',
    compare: 'Compare clusters',
  };
  const content: Record<Tab, ReactNode> = {
    'who-can': <WhoCanTab />,
    check: <CheckTab />,
    compare: <CompareTab />,
  };
  return (
    <>
      <PageHeader
        title="Fleet access"
        crumbs={[{ label: 'Fleet' }]}
        description="Access questions asked of every cluster at once, each cluster answering for itself, as you."
      />
      <Tabs
        label="Fleet access"
        selected={tab}
        onSelect={(id) => setParams({ tab: id })}
        tabs={TABS.map((t) => ({
          id: t,
          label: labels[t],
          content: t === tab ? content[t] : null,
        }))}
      />
    </>
  );
}
