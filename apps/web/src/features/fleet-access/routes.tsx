import type { RouteObject } from 'react-router';
import { lazyNamed } from '../../app/lazyPage.js';

const FleetAccessPage = lazyNamed(() => import('./FleetAccessPage.js'), 'FleetAccessPage');

/** Fleet analysis, under /fleet: one lazily loaded chunk. */
export const fleetAccessRoutes: RouteObject[] = [{ path: 'access', element: <FleetAccessPage /> }];
