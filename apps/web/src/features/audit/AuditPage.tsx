import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import { paths, useCluster } from '../../app/cluster.js';
import { Badge, type BadgeTone } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { ObjectLink } from '../analysis/ObjectLink.js';
import { inputClass } from '../analysis/forms.js';
import {
  auditResources,
  auditStatuses,
  filtersFromParams,
  useAudit,
  type AuditEntry,
  type AuditFilters,
} from './api.js';
import { snapshotDiff } from './diff.js';
import { DiffLines } from '../../ui/LineDiff.js';

const pageSize = 200;
const statusTone: Record<AuditEntry['outcome']['status'], BadgeTone> = {
  success: 'green',
  denied: 'red',
  rejected: 'amber',
  failure: 'purple',
};
const kindOf: Record<string, string> = {
  roles: 'Role',
  clusterroles: 'ClusterRole',
  rolebindings: 'RoleBinding',
  clusterrolebindings: 'ClusterRoleBinding',
};

/**
 * Who changed what, when, from where, and how it ended: the audit records the answering replica can
 * read back and the signed-in person may see (changes to what they may list there, and their own
 * sign-ins), newest first, with a diff of each RBAC object before and after.
 */
export function AuditPage() {
  const { cluster } = useCluster();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const [draft, setDraft] = useState<AuditFilters>(filters);
  const [limit, setLimit] = useState(pageSize);
  const query = useAudit(cluster.id, filters, limit);
  const entries = query.data?.entries ?? [];
  const set = (patch: Partial<AuditFilters>) => setDraft({ ...draft, ...patch });
  const apply = (f: AuditFilters) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v.trim()) next.set(k, v.trim());
    setParams(next, { replace: true });
    setLimit(pageSize);
  };
  return (
    <>
      <PageHeader
        title="Audit log"
        crumbs={[{ label: cluster.name, to: paths.cluster(cluster.id) }]}
        description="Every change made through Gatehouse, allowed or refused, as the person who made it. You see changes to what you may list, and your own sign-ins."
      />
      <div className="space-y-4 p-6">
        <form
          aria-label="Audit filters"
          className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
        >
          <label className="block text-xs font-medium">
            Person
            <input
              className={inputClass}
              value={draft.user}
              placeholder="name contains…"
              onChange={(e) => set({ user: e.target.value })}
            />
          </label>
          <label className="block text-xs font-medium">
            Kind
            <select
              className={inputClass}
              value={draft.resource}
              onChange={(e) => set({ resource: e.target.value })}
            >
              <option value="">Any</option>
              {auditResources.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-xs font-medium">
            Object name
            <input
              className={inputClass}
              value={draft.name}
              placeholder="name contains…"
              onChange={(e) => set({ name: e.target.value })}
            />
          </label>
          <label className="block text-xs font-medium">
            Namespace
            <input
              className={inputClass}
              value={draft.namespace}
              onChange={(e) => set({ namespace: e.target.value })}
            />
          </label>
          <label className="block text-xs font-medium">
            Outcome
            <select
              className={inputClass}
              value={draft.status}
              onChange={(e) => set({ status: e.target.value })}
            >
              <option value="">Any</option>
              {auditStatuses.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-xs font-medium">
            From
            <input
              type="datetime-local"
              className={inputClass}
              value={draft.since}
              onChange={(e) => set({ since: e.target.value })}
            />
          </label>
          <label className="block text-xs font-medium">
            Until
            <input
              type="datetime-local"
              className={inputClass}
              value={draft.until}
              onChange={(e) => set({ until: e.target.value })}
            />
          </label>
          <div className="flex items-end gap-2">
            <Button type="submit">Filter</Button>
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                const empty = filtersFromParams(new URLSearchParams());
                setDraft(empty);
                apply(empty);
              }}
            >
              Clear
            </Button>
          </div>
        </form>
        <QueryState query={query} what="the audit log">
          {query.data?.source === 'memory' && (
            <Callout tone="info" title={`Records kept by replica ${query.data.replica}`}>
              This replica keeps no audit file: it shows the records it wrote itself since it
              started. Every replica&apos;s records are in the cluster&apos;s logs (lines with an
              &quot;audit&quot; key).
            </Callout>
          )}
          <Panel>
            {entries.length === 0 ? (
              <EmptyState title="No records">Nothing you may see matches these filters.</EmptyState>
            ) : (
              <AuditTable entries={entries} />
            )}
          </Panel>
          {entries.length >= limit && (
            <Button variant="ghost" onClick={() => setLimit(limit + pageSize)}>
              Show older records
            </Button>
          )}
        </QueryState>
      </div>
    </>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const [open, setOpen] = useState<string | undefined>();
  return (
    // relative: the table's visually hidden (absolutely positioned) labels take this scroll box as
    // their containing block; without it they escape its clipping and widen the whole page (at
    // 360 px a log with long rows made the document ~1,800 px wide). On a small screen the table
    // scrolls sideways in this box, which the keyboard can reach too; @container: an open record's
    // details are as wide as the box (100cqw), not the table, and stay in view while it scrolls.
    <div
      className="@container relative overflow-x-auto"
      // Focusable so a keyboard can scroll it sideways (as RulesTable's box).
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      role="region"
      aria-label="Audit records, scrollable"
    >
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>
            <th className="px-4 py-2 font-medium">When</th>
            <th className="px-4 py-2 font-medium">Who</th>
            <th className="px-4 py-2 font-medium">Did</th>
            <th className="px-4 py-2 font-medium">Object</th>
            <th className="px-4 py-2 font-medium">Outcome</th>
            <th className="hidden px-4 py-2 font-medium md:table-cell">From</th>
            <th className="px-4 py-2">
              <span className="sr-only">Details</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {entries.map((e) => {
            const key = `${e.requestId}/${e.time}/${e.verb}/${e.name ?? ''}`;
            const expanded = open === key;
            const label = `${e.verb} ${e.resource ?? e.path ?? ''} ${e.name ?? ''}`.trim();
            return (
              <Fragment key={key}>
                <tr aria-label={`audit ${label} by ${e.user || 'nobody'}`}>
                  <td className="px-4 py-2 text-xs sm:whitespace-nowrap">
                    <time dateTime={e.time}>{new Date(e.time).toLocaleString()}</time>
                  </td>
                  <td className="px-4 py-2">
                    <span title={e.groups.length ? `groups: ${e.groups.join(', ')}` : undefined}>
                      {e.user || <span className="text-slate-400">(no session)</span>}
                    </span>
                    {e.authMode === 'controller' && (
                      <Badge tone="brand" title="The console's own expiry sweep">
                        sweep
                      </Badge>
                    )}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">
                    {e.verb}
                    {e.dryRun && <span className="text-slate-400"> (dry run)</span>}
                    {e.rollback && <span className="text-amber-700"> (rollback)</span>}
                  </td>
                  <td className="min-w-40 px-4 py-2 break-all">
                    <AuditObject entry={e} />
                  </td>
                  <td className="px-4 py-2">
                    <Badge tone={statusTone[e.outcome.status]} title={e.outcome.message}>
                      {e.outcome.status} {e.outcome.code}
                    </Badge>
                  </td>
                  <td className="hidden px-4 py-2 font-mono text-xs md:table-cell">
                    {e.sourceIp ?? ''}
                    {e.replica && <span className="block text-slate-400">{e.replica}</span>}
                  </td>
                  <td className="px-4 py-2 text-right">
                    <Button
                      variant="ghost"
                      aria-expanded={expanded}
                      aria-label={`${expanded ? 'Hide' : 'Show'} details of ${label}`}
                      onClick={() => setOpen(expanded ? undefined : key)}
                    >
                      {expanded ? 'Hide' : 'Details'}
                    </Button>
                  </td>
                </tr>
                {expanded && (
                  <tr>
                    <td colSpan={7} className="bg-slate-50 px-4 py-3 dark:bg-slate-950">
                      <div className="sticky left-4 max-w-[calc(100cqw-2rem)]">
                        <AuditDetails entry={e} />
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AuditObject({ entry: e }: { entry: AuditEntry }) {
  if (!e.resource) return <span className="font-mono text-xs">{e.path ?? ''}</span>;
  const kind = kindOf[e.resource];
  // A link only to what still exists under that name: not after a successful delete.
  const gone = e.verb === 'delete' && e.outcome.status === 'success';
  if (kind && e.name && !gone)
    return <ObjectLink kind={kind} name={e.name} namespace={e.namespace} />;
  return (
    <span className="font-mono text-xs">
      {e.resource}
      {e.subresource ? `/${e.subresource}` : ''} {e.namespace ? `${e.namespace}/` : ''}
      {e.name ?? ''}
    </span>
  );
}

function AuditDetails({ entry: e }: { entry: AuditEntry }) {
  const change = e.change;
  return (
    <div className="space-y-2 text-xs">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="font-medium">Request</dt>
        <dd className="font-mono break-all">{e.requestId}</dd>
        {e.groups.length > 0 && (
          <>
            <dt className="font-medium">Groups</dt>
            <dd>{e.groups.join(', ')}</dd>
          </>
        )}
        {e.outcome.message && (
          <>
            <dt className="font-medium">Message</dt>
            <dd>
              {e.outcome.reason ? `${e.outcome.reason}: ` : ''}
              {e.outcome.message}
            </dd>
          </>
        )}
      </dl>
      {change?.truncated && <p>The object was too large to keep a copy of in the log.</p>}
      {change && !change.truncated && (
        <figure>
          <figcaption className="mb-1 font-medium">
            {change.before === null ? 'Created' : change.after === null ? 'Deleted' : 'Changed'} (
            <span className="text-emerald-700 dark:text-emerald-400">+ added</span>,{' '}
            <span className="text-red-700 dark:text-red-400">− removed</span>)
          </figcaption>
          <pre
            aria-label="Object diff"
            // Long lines wrap: a scroll box here would still give the table its full width (a
            // table cell's minimum is its content's), and the whole log would scroll for one diff.
            className="rounded border border-slate-200 bg-white p-2 font-mono break-all whitespace-pre-wrap dark:border-slate-700 dark:bg-slate-900"
          >
            <DiffLines lines={snapshotDiff(change.before, change.after)} />
          </pre>
        </figure>
      )}
    </div>
  );
}
