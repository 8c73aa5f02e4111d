import { Link } from 'react-router';
import { Badge } from '../../ui/Badge.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { useFleetProjects, type FleetProjectOnCluster } from './api.js';
import { fleetPaths } from './paths.js';

function Cell({ on }: { on: FleetProjectOnCluster | undefined }) {
  if (!on) return <span className="text-xs text-slate-400">not on this cluster</span>;
  if (on.state !== 'ok')
    return (
      <span title={on.message}>
        <Badge tone={on.state === 'unreachable' ? 'amber' : 'red'}>
          {on.state === 'unreachable' ? 'unreachable' : 'no access'}
        </Badge>
      </span>
    );
  return (
    <span className="flex flex-wrap items-center gap-1">
      <span className="font-mono text-xs text-slate-600 dark:text-slate-300">
        {on.namespaces.join(', ')}
      </span>
      {on.myLevels.map((l) => (
        <Badge key={l} tone="brand">
          you: {l}
        </Badge>
      ))}
      <span className="text-xs text-slate-500">
        {on.collaborators.length} collaborator{on.collaborators.length === 1 ? '' : 's'}
      </span>
    </span>
  );
}

/** Fleet → Projects: every project the person sees on some cluster, a column per cluster. */
export function FleetProjectsPage() {
  const query = useFleetProjects();
  const data = query.data;
  return (
    <>
      <PageHeader
        title="Fleet projects"
        crumbs={[{ label: 'Fleet' }]}
        description="A project is the same-named project on each cluster it is on. Inviting someone to it gives them their level in every namespace on every one of those clusters."
      />
      <div className="space-y-4 p-6">
        <QueryState query={query} what="fleet projects">
          {data?.clusters
            .filter((c) => !c.reachable)
            .map((c) => (
              <Callout key={c.id} tone="warning" title={`${c.name} is unreachable`}>
                <p>{c.message}</p>
              </Callout>
            ))}
          <Panel>
            {data && data.projects.length === 0 ? (
              <EmptyState title="No projects">
                You are not a collaborator of any project on any cluster.
              </EmptyState>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Projects and their clusters</caption>
                  <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
                    <tr>
                      <th scope="col" className="px-4 py-2 font-semibold">
                        Project
                      </th>
                      {data?.clusters.map((c) => (
                        <th key={c.id} scope="col" className="px-4 py-2 font-semibold">
                          {c.id}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                    {data?.projects.map((p) => (
                      <tr key={p.name}>
                        <th scope="row" className="px-4 py-2.5 font-medium">
                          <Link
                            className="text-brand-700 hover:underline dark:text-indigo-300"
                            to={fleetPaths.project(p.name)}
                          >
                            {p.name}
                          </Link>
                        </th>
                        {data.clusters.map((c) => (
                          <td key={c.id} className="px-4 py-2.5">
                            <Cell on={p.clusters.find((x) => x.cluster === c.id)} />
                          </td>
                        ))}
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
