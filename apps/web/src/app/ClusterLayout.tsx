import { Suspense } from 'react';
import { Outlet, useParams } from 'react-router';
import { useClusters } from '../api/session.js';
import { Spinner } from '../ui/Spinner.js';
import { RequireSession } from './RequireSession.js';
import { ClusterContext } from './cluster.js';
import { FleetContext } from './fleet.js';
import { NotFound } from './NotFound.js';
import { Shell } from './Shell.js';

/**
 * Everything under /c/:cluster: the session's view of that cluster, inside the console frame. With
 * `fleet` (everything under /fleet), pages across every cluster, in the frame of the home cluster.
 */
export function ClusterLayout({ fleet = false }: { fleet?: boolean }) {
  const { cluster: param = '', namespace } = useParams();
  // The top bar reads /api/clusters on every page too: the fleet's labels and home come with it.
  const clusters = useClusters(true);
  const home = clusters.data?.find((c) => c.home)?.id;
  return (
    <RequireSession>
      {(session) => {
        const id = fleet ? (home ?? session.clusters[0]?.id) : param;
        const cluster =
          session.clusters.find((c) => c.id === id) ?? (fleet ? session.clusters[0] : undefined);
        if (!cluster) {
          return (
            <NotFound
              title="Cluster not found"
              message={`There is no cluster “${id ?? ''}” in your session. Pick one of your clusters instead.`}
            />
          );
        }
        return (
          <ClusterContext.Provider value={{ session, cluster, namespace }}>
            <FleetContext.Provider
              value={{ clusters: clusters.data ?? [], home, loading: clusters.isPending }}
            >
              <Shell>
                {/* Inside the frame, so the sidebar and top bar stay while a page family loads. */}
                <Suspense fallback={<Spinner />}>
                  <Outlet />
                </Suspense>
              </Shell>
            </FleetContext.Provider>
          </ClusterContext.Provider>
        );
      }}
    </RequireSession>
  );
}
