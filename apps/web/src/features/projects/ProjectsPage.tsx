import { useState } from 'react';
import { Link } from 'react-router';
import { paths, useCluster } from '../../app/cluster.js';
import { Badge } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { useProjects } from './api.js';
import { CreateProjectDialog } from './CreateProjectDialog.js';

export function ProjectsPage() {
  const { cluster } = useCluster();
  const query = useProjects(cluster.id);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Projects"
        crumbs={[{ label: cluster.name, to: paths.cluster(cluster.id) }]}
        description="Namespaces that share collaborators. Each collaborator has an access level in every namespace of the project."
        actions={
          query.data?.canCreate && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              Create project
            </Button>
          )
        }
      />
      <div className="p-6">
        <QueryState query={query} what="projects">
          <Panel>
            {query.data?.projects.length === 0 ? (
              <EmptyState title="No projects">
                You are not a collaborator of any project in {cluster.name}. Ask a project admin to
                invite you.
              </EmptyState>
            ) : (
              <ul aria-label="Projects" className="divide-y divide-slate-100 dark:divide-slate-800">
                {query.data?.projects.map((p) => (
                  <li key={p.name}>
                    <Link
                      to={paths.clusterPage(cluster.id, `projects/${p.name}`)}
                      className="flex items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50 dark:hover:bg-slate-800"
                    >
                      <span>
                        <span className="font-medium">{p.name}</span>
                        <span className="ml-3 font-mono text-xs text-slate-500">
                          {p.namespaces.join(', ')}
                        </span>
                        {p.unverifiedNamespaces?.length ? (
                          <span className="ml-2">
                            <Badge tone="amber">{p.unverifiedNamespaces.length} unverified</Badge>
                          </span>
                        ) : null}
                      </span>
                      <span className="flex gap-1">
                        {p.myLevels.map((l) => (
                          <Badge key={l} tone="brand">
                            {l}
                          </Badge>
                        ))}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </QueryState>
      </div>
      {creating && <CreateProjectDialog cluster={cluster.id} onClose={() => setCreating(false)} />}
    </>
  );
}
