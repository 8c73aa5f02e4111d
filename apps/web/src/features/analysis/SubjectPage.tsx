import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { paths, useCluster } from '../../app/cluster.js';
import { Badge } from '../../ui/Badge.js';
import { Callout, EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { RulesTable } from '../../rbac/RulesTable.js';
import { subjectParams, useSubjectView, type SubjectView } from './api.js';
import { AnalysisPage } from './AnalysisPage.js';
import { ScopeNotice } from './ScopeNotice.js';
import { GroupSourcesNotice } from './GroupSourcesNotice.js';
import { SubjectFields } from './forms.js';
import { ObjectLink } from './ObjectLink.js';
import { subjectFromParams, subjectReady } from './urlState.js';

function SubjectResult({
  view,
  matrixLink,
  onInclude,
}: {
  view: SubjectView;
  matrixLink: string;
  onInclude: () => void;
}) {
  return (
    <div className="space-y-4">
      <ScopeNotice scope={view.scope} />
      <GroupSourcesNotice name={view.user.name} sources={view.groupSources} onInclude={onInclude} />
      {view.errors.length > 0 && (
        <Callout
          tone="warning"
          title={
            view.scope.unreadableRoles.length > 0
              ? 'Some bindings refer to roles that do not exist or that you may not read'
              : 'Some bindings refer to roles that do not exist'
          }
        >
          <ul className="list-disc pl-5">
            {view.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </Callout>
      )}
      <Panel
        title={`Bindings naming ${view.user.name || view.user.groups.join(', ')} (${view.bindings.length})`}
        actions={
          <Link
            className="text-sm text-brand-700 hover:underline dark:text-indigo-300"
            to={matrixLink}
          >
            Open access matrix
          </Link>
        }
      >
        {view.bindings.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">
            No ClusterRoleBinding or RoleBinding names this subject or its groups.
          </p>
        ) : (
          <table className="w-full text-sm" aria-label="Bindings">
            <thead>
              <tr className="text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
                <th scope="col" className="px-4 py-2">
                  Binding
                </th>
                <th scope="col" className="px-4 py-2">
                  Scope
                </th>
                <th scope="col" className="px-4 py-2">
                  Role
                </th>
              </tr>
            </thead>
            <tbody>
              {view.bindings.map((b) => (
                <tr
                  key={`${b.kind}/${b.namespace ?? ''}/${b.name}`}
                  className="border-t border-slate-100 dark:border-slate-800"
                >
                  <td className="px-4 py-2">
                    <ObjectLink kind={b.kind} name={b.name} namespace={b.namespace} />
                  </td>
                  <td className="px-4 py-2">
                    {b.namespace ? `namespace ${b.namespace}` : 'cluster-wide'}
                  </td>
                  <td className="px-4 py-2">
                    <ObjectLink
                      kind={b.roleRef.kind}
                      name={b.roleRef.name}
                      namespace={b.roleRef.kind === 'Role' ? b.namespace : undefined}
                    />{' '}
                    {!b.roleFound &&
                      (b.roleUnreadable ? (
                        <Badge tone="amber">not readable by you</Badge>
                      ) : (
                        <Badge tone="amber">missing</Badge>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title="Cluster-wide (every namespace and cluster-scoped resources)">
        <RulesTable rules={view.clusterRules} label="Cluster-wide rules" />
      </Panel>
      {view.namespaces.map((ns) => (
        <Panel key={ns.namespace} title={`Added in namespace ${ns.namespace}`}>
          <RulesTable rules={ns.rules} label={`Rules in ${ns.namespace}`} />
        </Panel>
      ))}
    </div>
  );
}

export function SubjectPage() {
  const { cluster } = useCluster();
  const [params, setParams] = useSearchParams();
  const [subject, setSubject] = useState(() => subjectFromParams(params, 'User'));
  const asked = subjectFromParams(params, 'User');
  const ready = params.has('subjectKind') && subjectReady(asked);
  const query = useSubjectView(cluster.id, ready ? subjectParams(asked) : null);
  const matrixLink = `${paths.clusterPage(cluster.id, 'access/matrix')}?${new URLSearchParams(subjectParams(asked))}`;
  return (
    <AnalysisPage
      title="Subject access"
      description="Everything a user, group or ServiceAccount can do, and every binding that names them."
      submitLabel="Show access"
      onSubmit={() => setParams(subjectParams(subject))}
      form={<SubjectFields value={subject} onChange={setSubject} />}
    >
      {ready ? (
        <QueryState query={query} what="the subject’s access">
          {query.data && (
            <SubjectResult
              view={query.data}
              matrixLink={matrixLink}
              onInclude={() => {
                const next = { ...asked, signInGroups: true };
                setSubject(next);
                setParams(subjectParams(next));
              }}
            />
          )}
        </QueryState>
      ) : (
        <EmptyState title="Choose a subject">
          For example a user such as bob, the group devel, or the ServiceAccount
          payments/ci-deployer.
        </EmptyState>
      )}
    </AnalysisPage>
  );
}
