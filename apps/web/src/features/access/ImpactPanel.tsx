import { useEffect, useState } from 'react';
import type { PolicyRule } from '@gatehouse/policy';
import { ApiError, errorMessage } from '../../api/http.js';
import { useCluster } from '../../app/cluster.js';
import { Callout, Panel } from '../../ui/Panel.js';
import { Spinner } from '../../ui/Spinner.js';
import { SubjectChip } from '../../resources/shared/SubjectChip.js';
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
}: {
  tone: 'gained' | 'lost';
  label: string;
  scopes: Impact['subjects'][number]['gained'];
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
              <span className="font-mono">{ruleText(r)}</span>{' '}
              {s.namespace ? `in ${s.namespace}` : 'cluster-wide'}
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

/** Who gains and who loses which permissions if these changes are saved together; shown before saving. */
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
          {forbidden
            ? `Impact unavailable: ${errorMessage(query.error)}`
            : errorMessage(query.error)}
        </Callout>
      </div>
    );
  } else if (!query.enabled || query.isPending || !query.data)
    body = <Spinner label="Working out who is affected" />;
  else if (query.data.subjects.length === 0)
    body = (
      <p className="p-4 text-sm text-slate-500">
        {query.data.scope.complete
          ? 'Nobody gains or loses any permission with this change.'
          : 'No gain or loss found among the RBAC objects you may read.'}
      </p>
    );
  else {
    const members = query.data.signedInMembers;
    body = (
      <ul
        className="divide-y divide-slate-100 dark:divide-slate-800"
        aria-label="Affected subjects"
      >
        {query.data.subjects.map((s, i) => (
          <li
            key={i}
            className="space-y-1 px-4 py-2"
            aria-label={`${s.subject.kind} ${s.subject.name}`}
          >
            <SubjectChip subject={s.subject} />
            {s.subject.kind === 'Group' && <SeenMembers group={s.subject.name} members={members} />}
            <Changes tone="gained" label="Gains" scopes={s.gained} />
            <Changes tone="lost" label="Loses" scopes={s.lost} />
          </li>
        ))}
      </ul>
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

/** The impact of one write in the role and binding editors, on the current cluster. */
export function ImpactPanel({ change }: { change: ProposedChange | null }) {
  const { cluster } = useCluster();
  return <ImpactView cluster={cluster.id} changes={change ? [change] : null} />;
}
