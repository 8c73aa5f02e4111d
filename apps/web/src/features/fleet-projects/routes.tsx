import type { RouteObject } from 'react-router';
import { lazyNamed } from '../../app/lazyPage.js';

const pages = () => import('./pages.js');
const FleetProjectsPage = lazyNamed(pages, 'FleetProjectsPage');
const FleetProjectPage = lazyNamed(pages, 'FleetProjectPage');

/** Fleet projects under /fleet (outside /c/:cluster). */
export const fleetProjectRoutes: RouteObject[] = [
  { path: 'projects', element: <FleetProjectsPage /> },
  { path: 'projects/:name', element: <FleetProjectPage /> },
];
