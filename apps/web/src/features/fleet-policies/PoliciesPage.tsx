import { Link } from 'react-router';
import { Badge } from '../../ui/Badge.js';
import { ButtonLink } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { usePolicies, type ClusterStatus, type PolicySummary } from './api.js';
import { StatusChip } from './StatusChip.js';
import { policyPath } from './paths.js';

function clusterColumns(policies: readonly PolicySummary[]): string[] {
  const ids = new Set<string>();
  for (const p of policies) for (const c of p.clusters) ids.add(c.cluster);
  return [...ids].sort();
}

function Subjects({ policy }: { policy: PolicySummary }) {
  if (policy.subjects.length === 0)
    return <span className="text-xs text-slate-500 dark:text-slate-400">None (a template)</span>;
  const shown = policy.subjects.slice(0, 3);
  return (
    <span className="flex flex-wrap gap-1">
      {shown.map((s, i) => (
        <SubjectChip key={i} subject={s} />
      ))}
      {policy.subjects.length > shown.length && (
        <span className="text-xs text-slate-500">
          +{policy.subjects.length - shown.length} more
        </span>
      )}
    </span>
  );
}

/** Fleet → Policies: every AccessPolicy with its state on each cluster. */
export function PoliciesPage() {
  const query = usePolicies();
  const policies = query.data?.policies ?? [];
  const columns = clusterColumns(policies);
  const cell = (p: PolicySummary, id: string): ClusterStatus | undefined =>
    p.clusters.find((c) => c.cluster === id);
  return (
    <>
      <PageHeader
        title="Access policies"
        crumbs={[{ label: 'Fleet' }]}
        description="Who gets which role where, across every cluster. A policy is compiled to ClusterRoles and bindings on each cluster it selects, shown as a plan, and applied as you."
        actions={
          query.data?.canCreate && (
            <ButtonLink variant="primary" to="/fleet/policies/create">
              Create policy
            </ButtonLink>
          )
        }
      />
      <div className="p-4 sm:p-6">
        <QueryState query={query} what="access policies">
          <Panel>
            {policies.length === 0 ? (
              <EmptyState title="No access policies">
                There are none on the home cluster yet, or none you may read.
              </EmptyState>
            ) : (
              <div className="overflow-x-auto">
                <table aria-label="Access policies" className="w-full text-left text-sm">
                  <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
                    <tr>
                      <th scope="col" className="px-4 py-2 font-medium">
                        Policy
                      </th>
                      <th scope="col" className="px-4 py-2 font-medium">
                        Subjects
                      </th>
                      {columns.map((id) => (
                        <th key={id} scope="col" className="px-4 py-2 font-mono font-medium">
                          {id}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                    {policies.map((p) => (
                      <tr key={p.name} aria-label={p.name}>
                        <th scope="row" className="px-4 py-2.5 align-top font-normal">
                          <span className="flex flex-wrap items-center gap-2">
                            <Link
                              to={policyPath(p.name)}
                              className="font-medium text-brand-700 hover:underline dark:text-indigo-300"
                            >
                              {p.name}
                            </Link>
                            {p.builtin && <Badge tone="brand">Built-in</Badge>}
                          </span>
                          <span className="mt-0.5 block text-xs text-slate-500 dark:text-slate-400">
                            {p.description ??
                              `${p.statementCount} ${p.statementCount === 1 ? 'statement' : 'statements'}`}
                          </span>
                        </th>
                        <td className="px-4 py-2.5 align-top">
                          <Subjects policy={p} />
                        </td>
                        {columns.map((id) => {
                          const s = cell(p, id);
                          return (
                            <td key={id} className="px-4 py-2.5 align-top" data-cluster={id}>
                              {s ? (
                                <StatusChip status={s} />
                              ) : (
                                <span className="text-slate-400">—</span>
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Panel>
        </QueryState>
      </div>
    </>
  );
}
