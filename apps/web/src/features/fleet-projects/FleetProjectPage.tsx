import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/http.js';
import { paths } from '../../app/cluster.js';
import { Badge } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { useFleetKubeconfig, useFleetProject, type FleetProjectDetail } from './api.js';
import { ChangeDialog, type ChangeIntent } from './ChangeDialog.js';
import {
  canManageEverywhere,
  collaboratorRows,
  grantableEverywhere,
  type CollaboratorCell,
} from './model.js';
import { fleetPaths } from './paths.js';

function LevelCell({ cell }: { cell: CollaboratorCell }) {
  switch (cell.kind) {
    case 'level':
      return (
        <span className="flex flex-wrap gap-1">
          {cell.levels.map((l) => (
            <Badge key={l} tone="brand">
              {l}
            </Badge>
          ))}
          {!cell.complete && (
            <Badge tone="amber" title="Not bound in every namespace of the project here">
              partial
            </Badge>
          )}
        </span>
      );
    case 'none':
      return <span className="text-xs text-slate-500">—</span>;
    case 'absent':
      return <span className="text-xs text-slate-400">not on this cluster</span>;
    default:
      return (
        <span title={cell.message}>
          <Badge tone={cell.kind === 'unreachable' ? 'amber' : 'red'}>
            {cell.kind === 'unreachable' ? 'unreachable' : 'no access'}
          </Badge>
        </span>
      );
  }
}

function ClustersPanel({ project }: { project: FleetProjectDetail }) {
  return (
    <Panel title={`Clusters (${project.clusters.length})`}>
      <ul
        aria-label="Clusters of the project"
        className="divide-y divide-slate-100 dark:divide-slate-800"
      >
        {project.clusters.map((c) => (
          <li key={c.cluster} className="px-4 py-3 text-sm">
            <p className="flex items-center justify-between gap-2">
              {c.project ? (
                <Link
                  className="font-medium text-brand-700 hover:underline dark:text-indigo-300"
                  to={paths.clusterPage(c.cluster, `projects/${c.project.name}`)}
                  aria-label={`${c.project.name} on ${c.cluster}`}
                >
                  {c.cluster}
                </Link>
              ) : (
                <span className="font-medium">{c.cluster}</span>
              )}
              {c.state === 'ok' ? (
                (c.project?.myLevels ?? []).map((l) => (
                  <Badge key={l} tone="brand">
                    you: {l}
                  </Badge>
                ))
              ) : (
                <Badge tone={c.state === 'unreachable' ? 'amber' : 'red'}>
                  {c.state === 'unreachable' ? 'unreachable' : 'no access'}
                </Badge>
              )}
            </p>
            {c.project ? (
              <p className="mt-1 font-mono text-xs text-slate-600 dark:text-slate-300">
                {c.project.namespaces.join(', ')}
              </p>
            ) : (
              <p className="mt-1 text-xs break-words text-slate-500">{c.message}</p>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

/** Fleet → Projects → one project: its clusters, collaborators with a level per cluster, changes. */
export function FleetProjectPage() {
  const { name = '' } = useParams();
  const query = useFleetProject(name);
  const download = useFleetKubeconfig(name);
  const [intent, setIntent] = useState<ChangeIntent>();
  const p = query.data;
  const clusters = p?.clusters.map((c) => c.cluster) ?? [];
  const manage = p ? canManageEverywhere(p) : false;
  const grantable = p ? grantableEverywhere(p) : [];
  const rows = p ? collaboratorRows(p, clusters) : [];
  return (
    <>
      <PageHeader
        title={`Project ${name}`}
        crumbs={[{ label: 'Fleet' }, { label: 'Projects', to: fleetPaths.projects() }]}
        description={
          p && `On ${clusters.join(', ')}. Each cluster's project record is the truth there.`
        }
        actions={
          p && (
            <>
              {p.kubeconfigClusters.length > 0 && (
                <Button
                  onClick={() => download.mutate()}
                  disabled={download.isPending}
                  title={`One context per cluster: ${p.kubeconfigClusters.join(', ')}`}
                >
                  {download.isPending ? 'Issuing…' : 'Download kubeconfig'}
                </Button>
              )}
              {manage && (
                <Button variant="primary" onClick={() => setIntent({ kind: 'invite' })}>
                  Invite
                </Button>
              )}
            </>
          )
        }
      />
      <QueryState query={query} what={`project ${name}`}>
        {p && (
          <div className="grid grid-cols-1 gap-6 p-6 lg:grid-cols-3">
            <div className="space-y-4 lg:col-span-2">
              {download.error && (
                <Callout tone="error" title="No kubeconfig issued">
                  <p>{errorMessage(download.error)}</p>
                </Callout>
              )}
              {download.isSuccess && (
                <Callout tone="info" title="Kubeconfig downloaded">
                  <p>
                    One context per cluster ({p.kubeconfigClusters.join(', ')}):{' '}
                    <code>kubectl --context {p.kubeconfigClusters[0]} get pods</code>
                  </p>
                </Callout>
              )}
              <Panel title={`Collaborators (${rows.length})`}>
                {rows.length === 0 ? (
                  <EmptyState title="No collaborators" />
                ) : (
                  <div className="overflow-x-auto">
                    <table className="w-full text-left text-sm">
                      <caption className="sr-only">
                        Collaborators and their level per cluster
                      </caption>
                      <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
                        <tr>
                          <th scope="col" className="px-4 py-2 font-semibold">
                            Collaborator
                          </th>
                          {clusters.map((c) => (
                            <th key={c} scope="col" className="px-4 py-2 font-semibold">
                              {c}
                            </th>
                          ))}
                          {manage && (
                            <th scope="col" className="px-4 py-2 font-semibold">
                              <span className="sr-only">Actions</span>
                            </th>
                          )}
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                        {rows.map((r) => (
                          <tr key={r.key}>
                            <th scope="row" className="px-4 py-2.5 font-medium">
                              {r.subject.name}
                              {r.subject.kind === 'Group' && (
                                <span className="ml-1 text-xs text-slate-500">(group)</span>
                              )}
                            </th>
                            {clusters.map((c) => (
                              <td key={c} className="px-4 py-2.5">
                                <LevelCell cell={r.cells[c]!} />
                              </td>
                            ))}
                            {manage && (
                              <td className="px-4 py-2.5 text-right whitespace-nowrap">
                                <Button
                                  variant="ghost"
                                  aria-label={`Change level of ${r.subject.name}`}
                                  onClick={() =>
                                    setIntent({ kind: 'change-level', subject: r.subject })
                                  }
                                >
                                  Change level
                                </Button>
                                <Button
                                  variant="ghost"
                                  aria-label={`Remove ${r.subject.name}`}
                                  onClick={() => setIntent({ kind: 'remove', subject: r.subject })}
                                >
                                  Remove
                                </Button>
                              </td>
                            )}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </Panel>
            </div>
            <div className="space-y-6">
              <ClustersPanel project={p} />
              <Panel title="Your access">
                <p className="px-4 py-3 text-sm">
                  {manage
                    ? `You manage this project on every cluster; you may grant ${grantable.join(', ') || 'no level'} everywhere.`
                    : 'You cannot change collaborators on every cluster of this project, so fleet changes are not offered.'}
                </p>
              </Panel>
            </div>
            {intent && (
              <ChangeDialog
                project={p}
                intent={intent}
                grantable={grantable}
                onClose={() => setIntent(undefined)}
              />
            )}
          </div>
        )}
      </QueryState>
    </>
  );
}
