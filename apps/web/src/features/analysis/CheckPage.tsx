import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useCluster } from '../../app/cluster.js';
import { Badge } from '../../ui/Badge.js';
import { Callout, EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { requestParams, subjectParams, useAccessCheck, type AccessCheck } from './api.js';
import { AnalysisPage } from './AnalysisPage.js';
import { GroupSourcesNotice } from './GroupSourcesNotice.js';
import { ScopeNotice } from './ScopeNotice.js';
import { RequestFields, SubjectFields } from './forms.js';
import { ObjectLink } from './ObjectLink.js';
import { requestFromParams, requestReady, subjectFromParams, subjectReady } from './urlState.js';

function Verdict({ allowed, label }: { allowed: boolean; label: string }) {
  return (
    <span
      aria-label={`${label}: ${allowed ? 'allowed' : 'denied'}`}
      className={`inline-flex items-center rounded-md px-2.5 py-1 text-sm font-semibold ${allowed ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200' : 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200'}`}
    >
      {allowed ? 'Allowed' : 'Denied'}
    </span>
  );
}

function Chain({ result }: { result: AccessCheck }) {
  const { policy } = result;
  if (policy.matches.length === 0) {
    return (
      <ul className="space-y-1 text-sm">
        {policy.explanation.map((line) => (
          <li key={line}>{line}</li>
        ))}
        {policy.considered.map((c) => (
          <li
            key={`${c.bindingKind}/${c.bindingNamespace}/${c.bindingName}`}
            className="flex flex-wrap items-center gap-1 text-xs text-slate-600 dark:text-slate-400"
          >
            Considered{' '}
            <ObjectLink
              kind={c.bindingKind}
              name={c.bindingName}
              namespace={c.bindingNamespace || undefined}
            />{' '}
            →{' '}
            <ObjectLink
              kind={c.roleKind}
              name={c.roleName}
              namespace={c.roleKind === 'Role' ? c.bindingNamespace : undefined}
            />
            {!c.roleFound &&
              (c.roleKind === 'ClusterRole' && result.scope.unreadableRoles.includes(c.roleName) ? (
                <Badge tone="amber">role not readable by you</Badge>
              ) : (
                <Badge tone="amber">role missing</Badge>
              ))}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <ol className="space-y-2" aria-label="Binding → role → rule chain">
      {policy.matches.map((m, i) => (
        <li
          key={i}
          className="flex flex-wrap items-center gap-1.5 rounded border border-slate-200 p-2 text-sm dark:border-slate-700"
        >
          <SubjectChip subject={m.subject} />
          <span aria-hidden="true">→</span>
          <ObjectLink
            kind={m.bindingKind}
            name={m.bindingName}
            namespace={m.bindingNamespace || undefined}
          />
          <span aria-hidden="true">→</span>
          <ObjectLink
            kind={m.roleKind}
            name={m.roleName}
            namespace={m.roleKind === 'Role' ? m.bindingNamespace : undefined}
          />
          <span aria-hidden="true">→</span>
          <span className="min-w-0 font-mono text-xs break-all">
            rule {m.ruleIndex + 1}: {m.rule.verbs.join(',')}{' '}
            {m.rule.nonResourceURLs?.length
              ? m.rule.nonResourceURLs.join(',')
              : `${(m.rule.resources ?? []).join(',')}${m.rule.apiGroups?.some((g) => g !== '') ? ` (${(m.rule.apiGroups ?? []).join(',')})` : ''}`}
            {m.rule.resourceNames?.length ? ` [${m.rule.resourceNames.join(',')}]` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

function CheckResult({ result, onInclude }: { result: AccessCheck; onInclude: () => void }) {
  const { policy, apiServer } = result;
  return (
    <div className="space-y-4">
      <ScopeNotice scope={result.scope} denied={!policy.allowed} />
      <GroupSourcesNotice
        name={result.user.name}
        sources={result.groupSources}
        onInclude={onInclude}
      />
      {result.agree === false && (
        <Callout tone="error" title="Gatehouse and the API server disagree">
          This is a bug in Gatehouse’s RBAC engine: the API server’s answer is the one that counts.
          Please report the request shown here.
        </Callout>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Panel title="Gatehouse engine">
          <div className="space-y-3 p-4">
            <Verdict allowed={policy.allowed} label="Gatehouse engine" />
            {policy.privilegedGroup && (
              <p className="text-sm">Member of system:masters: allowed before RBAC is asked.</p>
            )}
            <Chain result={result} />
            {policy.reason && (
              <p className="font-mono text-xs text-slate-500 break-all">{policy.reason}</p>
            )}
          </div>
        </Panel>
        <Panel title="API server (SubjectAccessReview)">
          <div className="space-y-3 p-4">
            {apiServer.answered ? (
              <>
                <Verdict allowed={apiServer.allowed} label="API server" />
                {apiServer.reason && (
                  <p className="font-mono text-xs text-slate-500 break-all">{apiServer.reason}</p>
                )}
                {apiServer.evaluationError && (
                  <p className="text-xs text-amber-700">{apiServer.evaluationError}</p>
                )}
                {result.agree && <p className="text-xs text-slate-500">Both answers agree.</p>}
              </>
            ) : (
              <Callout tone="warning" title="The API server’s answer is not available">
                {apiServer.message}
              </Callout>
            )}
          </div>
        </Panel>
      </div>
      <p className="text-xs text-slate-500">
        Evaluated as user <span className="font-mono">{result.user.name || '(none)'}</span>
        {result.user.groups.length > 0 && (
          <>
            {' '}
            with groups <span className="font-mono">{result.user.groups.join(', ')}</span>
          </>
        )}
        .
      </p>
    </div>
  );
}

export function CheckPage() {
  const { cluster } = useCluster();
  const [params, setParams] = useSearchParams();
  const [subject, setSubject] = useState(() => subjectFromParams(params));
  const [request, setRequest] = useState(() => requestFromParams(params));
  const asked = subjectFromParams(params);
  const askedRequest = requestFromParams(params);
  const ready = params.has('verb') && subjectReady(asked) && requestReady(askedRequest);
  const query = useAccessCheck(
    cluster.id,
    ready ? { ...subjectParams(asked), ...requestParams(askedRequest) } : null,
  );
  return (
    <AnalysisPage
      title="Check access"
      description="Can a subject make a request? Gatehouse’s decision with the binding → role → rule that grants it, beside the API server’s own answer."
      submitLabel="Check"
      onSubmit={() => setParams({ ...subjectParams(subject), ...requestParams(request) })}
      form={
        <>
          <SubjectFields value={subject} onChange={setSubject} />
          <RequestFields value={request} onChange={setRequest} />
        </>
      }
    >
      {ready ? (
        <QueryState query={query} what="the access check">
          {query.data && (
            <CheckResult
              result={query.data}
              onInclude={() => {
                const next = { ...asked, signInGroups: true };
                setSubject(next);
                setParams({ ...subjectParams(next), ...requestParams(askedRequest) });
              }}
            />
          )}
        </QueryState>
      ) : (
        <EmptyState title="Ask a question">
          Choose a subject and a request, then press Check.
        </EmptyState>
      )}
    </AnalysisPage>
  );
}
