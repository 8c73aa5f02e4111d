import { Link } from 'react-router';
import { namespaceKubeconfigPagePath } from '../kubeconfig/links.js';
import { useCluster, paths } from '../../app/cluster.js';
import { groupByProject } from '../../app/scope.js';
import { visibleNav } from '../../access/nav.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { EmptyState, Panel } from '../../ui/Panel.js';
import { Badge } from '../../ui/Badge.js';
import { SummaryCards } from './SummaryCards.js';
import { MyPermissions } from './MyPermissions.js';
import { ManageEntry } from './ManageEntry.js';

/** Landing page: who you are here, where you can work, and the pages open to you. */
export function OverviewPage() {
  const { cluster, session, namespace } = useCluster();
  const entries = visibleNav(cluster.capabilities, namespace);
  const caps = cluster.capabilities;
  const groups = groupByProject(caps.namespaces);
  // Namespaces where only the cluster-wide rules hold: counted, not listed (the top bar finds them).
  const others = caps.namespaceCount - caps.namespaces.length;
  const incomplete = caps.cluster.incomplete;
  return (
    <>
      <PageHeader
        title={namespace ? `Namespace ${namespace}` : 'Overview'}
        crumbs={[{ label: cluster.name }]}
        description={`Signed in as ${session.user.name}.`}
        actions={
          namespace && (
            <Link
              to={namespaceKubeconfigPagePath(cluster.id, namespace)}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:border-brand-500 dark:border-slate-600"
            >
              Get a kubeconfig for {namespace}
            </Link>
          )
        }
      />
      <div className="px-6 pt-6">
        <SummaryCards />
      </div>
      <div className="grid gap-6 p-6 lg:grid-cols-3">
        <Panel title="What you can manage" className="lg:col-span-1">
          {entries.length === 0 ? (
            caps.namespaceCount === 0 ? (
              <EmptyState title="You have no access here yet">
                Your account is signed in but has no permissions in {cluster.name}. Ask a platform
                administrator to add you to a project.
              </EmptyState>
            ) : (
              <EmptyState title="No access-control pages for you">
                You may not view roles or bindings here.{' '}
                {namespace
                  ? 'What you may do in this namespace is listed below.'
                  : 'Pick one of your namespaces to see what you may do there.'}
              </EmptyState>
            )
          ) : (
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {entries.map((e) => (
                <ManageEntry key={e.id} entry={e} />
              ))}
            </ul>
          )}
          {incomplete && (
            <p className="border-t border-slate-200 px-4 py-2 text-xs text-amber-700 dark:border-slate-800 dark:text-amber-300">
              The cluster reported your permissions as incomplete; some pages are confirmed with the
              API server as you open them.
            </p>
          )}
        </Panel>
        <Panel title={`Your namespaces (${caps.namespaces.length})`} className="lg:col-span-2">
          {groups.length === 0 ? (
            others > 0 ? (
              <p className="px-4 py-3 text-sm text-slate-600 dark:text-slate-300">
                No namespace grants you anything of its own: your cluster-wide permissions apply in
                all {others} namespace{others === 1 ? '' : 's'} you can see. Find one with the
                namespace search in the top bar.
              </p>
            ) : (
              <EmptyState title="No namespaces">
                You are not a collaborator in any namespace of this cluster.
              </EmptyState>
            )
          ) : (
            <div className="divide-y divide-slate-100 dark:divide-slate-800">
              {groups.map((g) => (
                <section
                  key={g.project ?? '~'}
                  aria-label={g.project ? `Project ${g.project}` : 'Other namespaces'}
                  className="px-4 py-3"
                >
                  <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold">
                    {g.project ? <>Project {g.project}</> : 'Other namespaces'}
                    <Badge>{g.namespaces.length}</Badge>
                  </h3>
                  <ul className="flex flex-wrap gap-2">
                    {g.namespaces.map((ns) => (
                      <li key={ns}>
                        <Link
                          to={paths.namespaceHome(cluster.id, ns)}
                          className={`inline-block rounded-md border px-2.5 py-1 font-mono text-xs hover:border-brand-500 ${ns === namespace ? 'border-brand-500 bg-brand-50 dark:bg-indigo-950' : 'border-slate-200 dark:border-slate-700'}`}
                        >
                          {ns}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
              {others > 0 && (
                <p className="px-4 py-3 text-xs text-slate-600 dark:text-slate-400">
                  And {others} other namespace{others === 1 ? '' : 's'} where only your cluster-wide
                  permissions apply: find them with the namespace search in the top bar.
                </p>
              )}
            </div>
          )}
        </Panel>
      </div>
      {namespace && (
        <div className="px-6 pb-6">
          <MyPermissions namespace={namespace} />
        </div>
      )}
    </>
  );
}
