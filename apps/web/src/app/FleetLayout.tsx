import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { useClusters, type Session } from '../api/session.js';
import { Spinner } from '../ui/Spinner.js';
import { RequireSession } from './RequireSession.js';
import { ClusterContext } from './cluster.js';
import { NotFound } from './NotFound.js';
import { Shell } from './Shell.js';

/**
 * The cluster whose frame a fleet page is drawn in: the home cluster (where fleet objects live)
 * when the session has it, else the session's first.
 */
export function frameCluster(session: Session, home: string | undefined) {
  return session.clusters.find((c) => c.id === home) ?? session.clusters[0];
}

function FleetFrame({ session }: { session: Session }) {
  const clusters = useClusters(true);
  const home = clusters.data?.find((c) => c.home)?.id;
  const cluster = frameCluster(session, home);
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
}

/** Everything under /fleet: pages across every cluster, in the console frame of the home cluster. */
export function FleetLayout() {
  return <RequireSession>{(session) => <FleetFrame session={session} />}</RequireSession>;
}
