import { useDeferredValue, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCluster, paths } from '../../app/cluster.js';
import { EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { SubjectChip, subjectLabel } from '../../rbac/SubjectChip.js';
import { ResourceTable, type Column } from '../../ui/ResourceTable.js';
import { requestParams, useWhoCan, type SubjectMatch, type WhoCan } from './api.js';
import { AnalysisPage } from './AnalysisPage.js';
import { SeenMembers } from './GroupSourcesNotice.js';
import { RequestFields } from './forms.js';
import { ScopeNotice } from './ScopeNotice.js';
import { ObjectLink } from './ObjectLink.js';
import { requestFromParams, requestReady } from './urlState.js';

function subjectViewLink(cluster: string, m: SubjectMatch): string {
  const q = new URLSearchParams({
    subjectKind: m.kind,
    subjectName: m.name,
    ...(m.namespace ? { subjectNamespace: m.namespace } : {}),
  });
  return `${paths.clusterPage(cluster, 'access/subject')}?${q}`;
}

type Members = WhoCan['signedInMembers'];

const KINDS = ['User', 'Group', 'ServiceAccount'] as const;
const kindPlural: Record<string, string> = {
  User: 'Users',
  Group: 'Groups',
  ServiceAccount: 'ServiceAccounts',
};
/** Up to this many matches every grant starts open; above it the page shows counts first. */
const OPEN_UP_TO = 50;

/** The subjects one binding gives through one role. */
interface Grant {
  key: string;
  bindingKind: string;
  bindingName: string;
  bindingNamespace: string;
  roleKind: string;
  roleName: string;
  rules: number[];
  rows: SubjectMatch[];
  /** Subjects of this grant by kind. */
  kinds: Map<string, number>;
}

export interface Summary {
  /** Grants, largest first; each subject once per grant. */
  grants: Grant[];
  /** Distinct subjects by kind (a subject bound twice counts once). */
  kinds: Map<string, number>;
  total: number;
}

/** Matches grouped by the binding (and role) that grants them and counted by kind, in one pass. */
export function summarize(rows: readonly SubjectMatch[]): Summary {
  const grants = new Map<string, Grant & { seen: Set<string> }>();
  const everyone = new Set<string>();
  const kinds = new Map<string, number>();
  for (const m of rows) {
    const key = `${m.bindingKind}/${m.bindingNamespace}/${m.bindingName}`;
    let g = grants.get(key);
    if (!g) {
      g = {
        key,
        bindingKind: m.bindingKind,
        bindingName: m.bindingName,
        bindingNamespace: m.bindingNamespace,
        roleKind: m.roleKind,
        roleName: m.roleName,
        rules: [],
        rows: [],
        kinds: new Map(),
        seen: new Set(),
      };
      grants.set(key, g);
    }
    if (!g.rules.includes(m.ruleIndex)) g.rules.push(m.ruleIndex);
    const who = subjectKey(m);
    if (g.seen.has(who)) continue;
    g.seen.add(who);
    g.rows.push(m);
    g.kinds.set(m.kind, (g.kinds.get(m.kind) ?? 0) + 1);
    if (everyone.has(who)) continue;
    everyone.add(who);
    kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  }
  return {
    grants: [...grants.values()]
      .map(({ seen: _seen, ...g }) => ({ ...g, rules: g.rules.sort((a, b) => a - b) }))
      .sort((a, b) => b.rows.length - a.rows.length || a.key.localeCompare(b.key)),
    kinds,
    total: everyone.size,
  };
}

function subjectKey(m: SubjectMatch): string {
  return `${m.kind}/${m.namespace ?? ''}/${m.name}`;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function GrantGroup({
  grant,
  open,
  onToggle,
  members,
}: {
  grant: Grant;
  open: boolean;
  onToggle: () => void;
  members: Members;
}) {
  const { cluster } = useCluster();
  const id = useId();
  const bindingLabel = `${grant.bindingKind} ${grant.bindingNamespace ? `${grant.bindingNamespace}/` : ''}${grant.bindingName}`;
  const kinds = grant.kinds;
  const hasGroups = members && grant.rows.some((m) => m.kind === 'Group' && members[m.name]);
  const columns: Column<SubjectMatch>[] = [
    {
      id: 'subject',
      header: 'Subject',
      sortValue: (m) => `${m.kind}/${subjectLabel(m)}`,
      cell: (m) => (
        <Link
          to={subjectViewLink(cluster.id, m)}
          // The chip's own words ("SA ns/name") lead, so the name a screen reader hears matches what is seen.
          aria-label={`What ${m.kind === 'ServiceAccount' ? 'SA' : m.kind} ${subjectLabel(m)} can do`}
        >
          <SubjectChip subject={m} />
        </Link>
      ),
    },
    ...(hasGroups
      ? [
          {
            id: 'seen',
            header: 'Seen at sign-in',
            className: 'hidden sm:table-cell',
            cell: (m: SubjectMatch) =>
              m.kind === 'Group' ? <SeenMembers group={m.name} members={members} /> : null,
          },
        ]
      : []),
  ];
  return (
    <li className="border-t border-slate-100 first:border-t-0 dark:border-slate-800">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={id}
          onClick={onToggle}
          className="inline-flex items-center gap-1.5 rounded text-sm font-medium hover:underline"
        >
          <span aria-hidden="true" className="w-3 text-slate-500">
            {open ? '▾' : '▸'}
          </span>
          {fmt(grant.rows.length)} {grant.rows.length === 1 ? 'subject' : 'subjects'}
          <span className="sr-only"> through {bindingLabel}</span>
        </button>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {KINDS.filter((k) => kinds.get(k))
            .map((k) => `${fmt(kinds.get(k)!)} ${kinds.get(k) === 1 ? k : kindPlural[k]}`)
            .join(' · ')}
        </span>
        <span className="flex min-w-0 flex-wrap items-center gap-x-1.5 text-xs">
          <ObjectLink
            kind={grant.bindingKind}
            name={grant.bindingName}
            namespace={grant.bindingNamespace || undefined}
          />
          <span className="text-slate-500 dark:text-slate-400">grants</span>
          <ObjectLink
            kind={grant.roleKind}
            name={grant.roleName}
            namespace={grant.roleKind === 'Role' ? grant.bindingNamespace : undefined}
          />
          <span className="text-slate-500 dark:text-slate-400">
            {grant.rules.length === 1 ? 'rule' : 'rules'} {grant.rules.map((r) => r + 1).join(', ')}
          </span>
        </span>
      </div>
      <div id={id} hidden={!open}>
        {open && (
          <ResourceTable
            rows={grant.rows}
            columns={columns}
            rowKey={subjectKey}
            label={`Subjects through ${bindingLabel}`}
            empty={null}
          />
        )}
      </div>
    </li>
  );
}

function MatchTable({
  title,
  rows,
  empty,
  members,
}: {
  title: string;
  rows: SubjectMatch[];
  empty: string;
  members: Members;
}) {
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<string | null>(null);
  const deferredSearch = useDeferredValue(search);
  const whole = useMemo(() => summarize(rows), [rows]);
  const all = whole.kinds;
  const total = whole.total;
  const shown = useMemo(() => {
    const q = deferredSearch.trim().toLowerCase();
    if (!q && !kind) return rows;
    return rows.filter(
      (m) =>
        (!kind || m.kind === kind) &&
        (!q ||
          m.name.toLowerCase().includes(q) ||
          (m.namespace ?? '').toLowerCase().includes(q) ||
          m.bindingName.toLowerCase().includes(q) ||
          m.roleName.toLowerCase().includes(q)),
    );
  }, [rows, deferredSearch, kind]);
  const view = useMemo(() => (shown === rows ? whole : summarize(shown)), [shown, rows, whole]);
  const grants = view.grants;
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const openByDefault = rows.length <= OPEN_UP_TO;
  const isOpen = (key: string) => toggled.has(key) !== openByDefault;
  const toggle = (key: string) =>
    setToggled((t) => {
      const next = new Set(t);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const filtered = Boolean(deferredSearch.trim() || kind);
  const shownTotal = view.total;
  return (
    <Panel title={`${title} (${fmt(total)})`}>
      <div role="region" aria-label={title}>
        {rows.length === 0 ? (
          <p className="p-4 text-sm text-slate-500 dark:text-slate-400">{empty}</p>
        ) : (
          <>
            <div className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-4 py-3 dark:border-slate-800">
              <p className="w-full text-sm" aria-live="polite">
                <strong>{fmt(filtered ? shownTotal : total)}</strong>
                {filtered ? ` of ${fmt(total)}` : ''} {total === 1 ? 'subject' : 'subjects'} through{' '}
                {fmt(grants.length)} {grants.length === 1 ? 'binding' : 'bindings'}
              </p>
              <div
                className="flex flex-wrap gap-1.5"
                role="group"
                aria-label={`${title}: subject kinds`}
              >
                {KINDS.filter((k) => all.get(k)).map((k) => (
                  <button
                    key={k}
                    type="button"
                    aria-pressed={kind === k}
                    onClick={() => setKind(kind === k ? null : k)}
                    className={`rounded-full border px-2.5 py-0.5 text-xs ${kind === k ? 'border-brand-700 bg-brand-700 text-white' : 'border-slate-300 hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800'}`}
                  >
                    {kindPlural[k]} {fmt(all.get(k)!)}
                  </button>
                ))}
              </div>
              {total > 1 && (
                <label className="text-xs font-medium text-slate-600 dark:text-slate-400">
                  Filter subjects
                  <input
                    type="search"
                    value={search}
                    onChange={(e) => setSearch(e.target.value)}
                    placeholder="Name, namespace, binding or role"
                    className="mt-1 block w-64 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
                  />
                </label>
              )}
            </div>
            {grants.length === 0 ? (
              <p className="p-4 text-sm text-slate-500 dark:text-slate-400">
                No subject matches the filter.
              </p>
            ) : (
              <ul aria-label={`${title}: bindings`}>
                {grants.map((g) => (
                  <GrantGroup
                    key={g.key}
                    grant={g}
                    open={isOpen(g.key)}
                    onToggle={() => toggle(g.key)}
                    members={members}
                  />
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </Panel>
  );
}

function WhoCanResult({ result }: { result: WhoCan }) {
  const ns = 'namespace' in result.request ? result.request.namespace : undefined;
  return (
    <div className="space-y-4">
      <ScopeNotice scope={result.scope} />
      <MatchTable
        title="Cluster-wide (ClusterRoleBindings)"
        rows={result.clusterWide}
        empty="No ClusterRoleBinding grants this."
        members={result.signedInMembers}
      />
      {ns ? (
        <MatchTable
          title={`In namespace ${ns} (RoleBindings)`}
          rows={result.namespaced}
          empty={`No RoleBinding in ${ns} grants this.`}
          members={result.signedInMembers}
        />
      ) : (
        <p className="text-sm text-slate-500">
          Give a namespace to see who is allowed there through RoleBindings.
        </p>
      )}
      <p className="text-xs text-slate-500">
        Members of {result.privilegedGroups.join(', ')} are allowed everything before RBAC is asked.
      </p>
    </div>
  );
}

export function WhoCanPage() {
  const { cluster } = useCluster();
  const [params, setParams] = useSearchParams();
  const [request, setRequest] = useState(() => requestFromParams(params));
  const asked = requestFromParams(params);
  const ready = params.has('verb') && requestReady(asked);
  const query = useWhoCan(cluster.id, ready ? requestParams(asked) : null);
  return (
    <AnalysisPage
      title="Who can"
      description="Every user, group and ServiceAccount allowed to make a request, and the binding that allows each."
      submitLabel="Find subjects"
      onSubmit={() => setParams(requestParams(request))}
      form={<RequestFields value={request} onChange={setRequest} />}
    >
      {ready ? (
        <QueryState query={query} what="who can">
          {query.data && <WhoCanResult result={query.data} />}
        </QueryState>
      ) : (
        <EmptyState title="Describe a request">
          For example: verb delete, resource pods, namespace payments.
        </EmptyState>
      )}
    </AnalysisPage>
  );
}
