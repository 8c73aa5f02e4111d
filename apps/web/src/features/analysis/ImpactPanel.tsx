import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod/mini';
import type { PolicyRule } from '@gatehouse/policy';
import { kindPaths } from '../../rbac/kindPaths.js';
import { ApiError, errorMessage } from '../../api/http.js';
import { useCluster } from '../../app/cluster.js';
import { Callout, Panel } from '../../ui/Panel.js';
import { Spinner } from '../../ui/Spinner.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { useChangesImpact, type Impact } from './api.js';
import { SeenMembers } from './GroupSourcesNotice.js';
import { ScopeNotice } from './ScopeNotice.js';

export interface ProposedChange {
  operation: 'create' | 'update' | 'delete';
  object: { kind: string; metadata: { name: string; namespace?: string } } & Record<
    string,
    unknown
  >;
}

export function ruleText(r: PolicyRule): string {
  if (r.nonResourceURLs?.length) return `${r.verbs.join(', ')} ${r.nonResourceURLs.join(', ')}`;
  const groups = (r.apiGroups ?? []).map((g) => (g === '' ? 'core' : g)).join(', ');
  const names = r.resourceNames?.length ? ` named ${r.resourceNames.join(', ')}` : '';
  return `${r.verbs.join(', ')} ${(r.resources ?? []).join(', ')} (${groups})${names}`;
}

function Changes({
  tone,
  label,
  scopes,
  plain = false,
}: {
  tone: 'gained' | 'lost';
  label: string;
  scopes: Impact['subjects'][number]['gained'];
  /** Rules of a role, not held anywhere: no scope after each. */
  plain?: boolean;
}) {
  if (scopes.length === 0) return null;
  return (
    <div>
      <p
        className={`text-xs font-semibold ${tone === 'gained' ? 'text-emerald-700 dark:text-emerald-300' : 'text-red-700 dark:text-red-300'}`}
      >
        {label}
      </p>
      <ul className="ml-4 list-disc text-xs">
        {scopes.flatMap((s) =>
          s.rules.map((r, i) => (
            <li key={`${s.namespace}-${i}`}>
              <span className="font-mono">{ruleText(r)}</span>
              {plain ? '' : s.namespace ? ` in ${s.namespace}` : ' cluster-wide'}
            </li>
          )),
        )}
      </ul>
    </div>
  );
}

/** Waits until the draft has been still for a moment, so typing does not fire a request per key. */
function useSettled<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

const resourceWords: Record<string, [string, string]> = {
  clusterroles: ['ClusterRoles', 'ClusterRoles'],
  clusterrolebindings: ['ClusterRoleBindings', 'ClusterRoleBindings'],
  roles: ['Roles in every namespace', 'Roles in namespace'],
  rolebindings: ['RoleBindings in every namespace', 'RoleBindings in namespace'],
};

const readNeedSchema = z.object({
  missing: z.array(z.object({ resource: z.string(), namespace: z.string() })),
});

/** What the person may not read, in words: from the BFF's list of missing reads, never its raw message. */
export function unavailableReason(error: unknown): string {
  const details = error instanceof ApiError ? readNeedSchema.safeParse(error.details) : null;
  const missing = details?.success ? details.data.missing : [];
  const what = missing.map((m) => {
    const [all, one] = resourceWords[m.resource] ?? [m.resource, m.resource];
    return m.namespace ? `${one} ${m.namespace}` : all;
  });
  const list =
    what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}` : what[0];
  return (
    `Impact unavailable: working out who gains or loses needs permission to list ${list ?? 'every role and binding involved'}, ` +
    'which you do not have. This does not stop the change: the API server decides when you save.'
  );
}

function groupsNote(g: NonNullable<Impact['userGroups']>[string] | undefined): string | null {
  if (!g) return null;
  const named = g.groups.filter((x) => x !== 'system:authenticated');
  const list = named.length ? named.join(', ') : 'none besides system:authenticated';
  switch (g.source) {
    case 'session':
      return `With your own groups: ${list}.`;
    case 'sign-in':
      return `With the groups of their last sign-in${g.at ? ` (${new Date(g.at).toLocaleString()})` : ''}: ${list}.`;
    case 'none':
      return 'Groups unknown (never signed in to Gatehouse): access held through a group is not counted.';
    case 'hidden':
      return 'Groups unknown to you: access held through a group is not counted.';
  }
}

function Dangling({
  cluster,
  bindings,
}: {
  cluster: string;
  bindings: NonNullable<Impact['danglingBindings']>;
}) {
  if (bindings.length === 0) return null;
  return (
    <section
      aria-label="Bindings left dangling"
      className="space-y-1 border-t border-slate-100 px-4 py-3 dark:border-slate-800"
    >
      <p className="text-xs font-semibold text-amber-800 dark:text-amber-300">
        {bindings.length} binding{bindings.length === 1 ? '' : 's'} left pointing at a missing role
      </p>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        They grant nothing until a role of that name exists again; delete or re-point them.
      </p>
      <ul className="ml-4 list-disc text-xs">
        {bindings.map((b) => (
          <li key={`${b.kind}/${b.namespace ?? ''}/${b.name}`}>
            <Link
              className="font-mono text-brand-700 hover:underline dark:text-indigo-300"
              to={kindPaths.detail(cluster, b.kind, b.namespace, b.name)}
            >
              {b.kind} {b.namespace ? `${b.namespace}/` : ''}
              {b.name}
            </Link>{' '}
            → {b.roleRef.kind} {b.roleRef.name}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Aggregated({
  cluster,
  roles,
}: {
  cluster: string;
  roles: NonNullable<Impact['aggregatedRoles']>;
}) {
  if (roles.length === 0) return null;
  return (
    <section
      aria-label="Aggregated roles that change"
      className="space-y-1 border-t border-slate-100 px-4 py-3 dark:border-slate-800"
    >
      <p className="text-xs font-semibold">
        Aggregated ClusterRoles rewritten by the aggregation controller
      </p>
      <ul className="space-y-1 text-xs">
        {roles.map((r) => (
          <li key={r.name} aria-label={`ClusterRole ${r.name}`}>
            <Link
              className="font-mono text-brand-700 hover:underline dark:text-indigo-300"
              to={kindPaths.detail(cluster, 'ClusterRole', undefined, r.name)}
            >
              ClusterRole {r.name}
            </Link>
            <RuleList tone="gained" label="Gains" rules={r.gained} />
            <RuleList tone="lost" label="Loses" rules={r.lost} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function RuleList({
  tone,
  label,
  rules,
}: {
  tone: 'gained' | 'lost';
  label: string;
  rules: PolicyRule[];
}) {
  if (rules.length === 0) return null;
  return <Changes tone={tone} label={label} scopes={[{ namespace: '', rules }]} plain />;
}

/**
 * Who gains and who loses which permissions if these changes are saved together, computed by the
 * BFF on its model of the cluster; shown before saving, in every dialog that writes RBAC.
 */
export function ImpactView({
  cluster,
  changes,
}: {
  cluster: string;
  changes: ProposedChange[] | null;
}) {
  const settled = useSettled(changes && changes.length > 0 ? JSON.stringify(changes) : null);
  const query = useChangesImpact(
    cluster,
    settled ? (JSON.parse(settled) as ProposedChange[]) : null,
  );
  if (!changes || changes.length === 0) return null;
  let body;
  if (query.error) {
    // Analysis is served from the bindings the user may read: with none, it is unavailable, not broken.
    const forbidden = query.error instanceof ApiError && query.error.status === 403;
    body = (
      <div className="p-4">
        <Callout
          tone={forbidden ? 'info' : 'warning'}
          title={
            forbidden
              ? 'Not shown: you may read no bindings to work out the impact from'
              : 'Impact could not be computed'
          }
        >
          {forbidden ? unavailableReason(query.error) : errorMessage(query.error)}
        </Callout>
      </div>
    );
  } else if (!query.enabled || query.isPending || !query.data)
    body = <Spinner label="Working out who is affected" />;
  else {
    const members = query.data.signedInMembers;
    const dangling = query.data.danglingBindings ?? [];
    const aggregated = query.data.aggregatedRoles ?? [];
    body = (
      <>
        {query.data.subjects.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">
            {query.data.scope.complete
              ? 'Nobody gains or loses any permission with this change.'
              : 'No gain or loss found among the RBAC objects you may read.'}
          </p>
        ) : (
          <ul
            className="divide-y divide-slate-100 dark:divide-slate-800"
            aria-label="Affected subjects"
          >
            {query.data.subjects.map((s, i) => {
              const note =
                s.subject.kind === 'User'
                  ? groupsNote(query.data?.userGroups?.[s.subject.name])
                  : null;
              return (
                <li
                  key={i}
                  className="space-y-1 px-4 py-2"
                  aria-label={`${s.subject.kind} ${s.subject.name}`}
                >
                  <SubjectChip subject={s.subject} />
                  {s.subject.kind === 'Group' && (
                    <SeenMembers group={s.subject.name} members={members} />
                  )}
                  {note && <p className="text-xs text-slate-600 dark:text-slate-400">{note}</p>}
                  <Changes tone="gained" label="Gains" scopes={s.gained} />
                  <Changes tone="lost" label="Loses" scopes={s.lost} />
                </li>
              );
            })}
          </ul>
        )}
        <Dangling cluster={cluster} bindings={dangling} />
        <Aggregated cluster={cluster} roles={aggregated} />
      </>
    );
  }
  return (
    <Panel
      title="Impact of this change"
      className={query.isFetching && !query.isPending ? 'opacity-70' : ''}
    >
      <section aria-label="Impact of this change">
        {query.data && !query.data.scope.complete && (
          <div className="px-4 pt-4">
            <ScopeNotice scope={query.data.scope} />
          </div>
        )}
        {body}
      </section>
    </Panel>
  );
}

/** The impact of one write (or several made as one change) on the current cluster. */
export function ImpactPanel({
  change,
  changes,
}: {
  change?: ProposedChange | null;
  changes?: ProposedChange[] | null;
}) {
  const { cluster } = useCluster();
  return <ImpactView cluster={cluster.id} changes={changes ?? (change ? [change] : null)} />;
}
