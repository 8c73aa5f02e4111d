import { Suspense } from 'react';
import { Outlet, useParams } from 'react-router';
import { Spinner } from '../ui/Spinner.js';
import { RequireSession } from './RequireSession.js';
import { ClusterContext } from './cluster.js';
import { NotFound } from './NotFound.js';
import { Shell } from './Shell.js';

/** Everything under /c/:cluster: the session's view of that cluster, inside the console frame. */
export function ClusterLayout() {
  const { cluster: id = '', namespace } = useParams();
  return (
    <RequireSession>
      {(session) => {
        const cluster = session.clusters.find((c) => c.id === id);
        if (!cluster) {
          return (
            <NotFound
              title="Cluster not found"
              message={`There is no cluster “${id}” in your session. Pick one of your clusters instead.`}
            />
          );
        }
        return (
          <ClusterContext.Provider value={{ session, cluster, namespace }}>
            <Shell>
              {/* Inside the frame, so the sidebar and top bar stay while a page family loads. */}
              <Suspense fallback={<Spinner />}>
                <Outlet />
              </Suspense>
            </Shell>
          </ClusterContext.Provider>
        );
      }}
    </RequireSession>
  );
}
