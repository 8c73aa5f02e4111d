import { Suspense } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation, type RouteObject } from 'react-router';
import { Spinner } from '../ui/Spinner.js';
import { SignInPage } from '../auth/SignInPage.js';
import { RequireSession } from './RequireSession.js';
import { ClusterLayout } from './ClusterLayout.js';
import { NotFound } from './NotFound.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { OverviewPage } from '../features/overview/OverviewPage.js';
import { clusterKindRoutes, namespacedKindRoutes } from '../resources/routes.js';
import { paths } from './cluster.js';
import { projectRoutes } from '../features/projects/routes.js';
import { kubeconfigRoutes, KubeconfigLinkPage } from '../features/kubeconfig/routes.js';
import { accessRoutes } from '../features/analysis/routes.js';
import { auditRoutes } from '../features/audit/routes.js';
import { importRoutes } from '../features/yaml-import/routes.js';
import { fleetPolicyRoutes } from '../features/fleet-policies/routes.js';
import { fleetProjectRoutes } from '../features/fleet-projects/routes.js';
import { fleetAccessRoutes } from '../features/fleet-access/routes.js';

function Root() {
  const location = useLocation();
  return (
    <ErrorBoundary resetKey={location.pathname}>
      {/* Route families load on demand (app/lazyPage.ts); a failed load is the boundary's to show. */}
      <Suspense fallback={<Spinner />}>
        <Outlet />
      </Suspense>
    </ErrorBoundary>
  );
}

function Home() {
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
        return <Navigate to={paths.cluster(first.id)} replace />;
      }}
    </RequireSession>
  );
}

/** Every page of the console, in one table. Resource kinds contribute their own routes. */
export const routes: RouteObject[] = [
  {
    element: <Root />,
    children: [
      { path: '/', element: <Home /> },
      { path: '/sign-in', element: <SignInPage /> },
      // The kubeconfig link people are sent: no secret in it, sign-in first, then their own file.
      { path: '/kubeconfig', element: <KubeconfigLinkPage /> },
      {
        path: '/c/:cluster',
        element: <ClusterLayout />,
        children: [
          { index: true, element: <OverviewPage /> },
          ...clusterKindRoutes,
          ...projectRoutes,
          ...kubeconfigRoutes,
          ...accessRoutes,
          ...auditRoutes,
          ...importRoutes,
          {
            path: 'ns/:namespace',
            children: [{ index: true, element: <OverviewPage /> }, ...namespacedKindRoutes],
          },
          { path: '*', element: <NotFound /> },
        ],
      },
      {
        path: '/fleet',
        element: <ClusterLayout fleet />,
        children: [
          ...fleetPolicyRoutes,
          ...fleetProjectRoutes,
          ...fleetAccessRoutes,
          { path: '*', element: <NotFound /> },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
