import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Spinner } from '../ui/Spinner.js';
import { RequireSession } from './RequireSession.js';
import { ClusterContext } from './cluster.js';
import { NotFound } from './NotFound.js';
import { Shell } from './Shell.js';

/**
 * Everything under /fleet: pages across clusters, inside the console frame. The frame (top bar,
 * sidebar) shows the first cluster of the session, as the home page does; the pages ask each
 * cluster themselves.
 */
export function FleetLayout() {
  return (
    <RequireSession>
      {(session) => {
        const first = session.clusters[0];
        if (!first)
          return (
            <NotFound
              title="No clusters"
              message="You are signed in, but Gatehouse has no cluster configured for you."
            />
          );
        return (
          <ClusterContext.Provider value={{ session, cluster: first, namespace: undefined }}>
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
