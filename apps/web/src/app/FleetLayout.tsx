import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Spinner } from '../ui/Spinner.js';
import { RequireSession } from './RequireSession.js';
import { ClusterContext } from './cluster.js';
import { NotFound } from './NotFound.js';
import { Shell } from './Shell.js';

/**
 * Everything under /fleet: pages that span clusters, inside the console frame. The frame's cluster
 * switcher and sidebar show the first of the session's clusters; the pages themselves ask every one.
 */
export function FleetLayout() {
  return (
    <RequireSession>
      {(session) => {
        const cluster = session.clusters[0];
        if (!cluster)
          return (
            <NotFound
              title="No clusters"
              message="You are signed in, but Gatehouse has no cluster configured for you."
            />
          );
        return (
          <ClusterContext.Provider value={{ session, cluster, namespace: undefined }}>
            <Shell>
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
