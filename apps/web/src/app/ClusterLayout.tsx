import { Outlet, useParams } from 'react-router';
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
              <Outlet />
            </Shell>
          </ClusterContext.Provider>
        );
      }}
    </RequireSession>
  );
}
