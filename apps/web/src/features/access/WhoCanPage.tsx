import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCluster, paths } from '../../app/cluster.js';
import { EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { SubjectChip } from '../../resources/shared/SubjectChip.js';
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
  const { cluster } = useCluster();
  return (
    <Panel title={`${title} (${rows.length})`}>
      {rows.length === 0 ? (
        <p className="p-4 text-sm text-slate-500">{empty}</p>
      ) : (
        <table className="w-full table-fixed text-sm" aria-label={title}>
          <thead>
            <tr className="text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
              <th scope="col" className="px-4 py-2">
                Subject
              </th>
              <th scope="col" className="px-4 py-2">
                Binding
              </th>
              <th scope="col" className="px-4 py-2">
                Role
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m, i) => (
              <tr key={i} className="border-t border-slate-100 dark:border-slate-800">
                <td className="px-4 py-2">
                  <Link
                    to={subjectViewLink(cluster.id, m)}
                    aria-label={`What ${m.kind} ${m.name} can do`}
                  >
                    <SubjectChip subject={m} />
                  </Link>
                  {m.kind === 'Group' && <SeenMembers group={m.name} members={members} />}
                </td>
                <td className="px-4 py-2">
                  <ObjectLink
                    kind={m.bindingKind}
                    name={m.bindingName}
                    namespace={m.bindingNamespace || undefined}
                  />
                </td>
                <td className="px-4 py-2">
                  <ObjectLink
                    kind={m.roleKind}
                    name={m.roleName}
                    namespace={m.roleKind === 'Role' ? m.bindingNamespace : undefined}
                  />{' '}
                  <span className="text-xs text-slate-500">rule {m.ruleIndex + 1}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
