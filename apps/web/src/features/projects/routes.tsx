import type { RouteObject } from 'react-router';
import { lazyNamed } from '../../app/lazyPage.js';

const pages = () => import('./pages.js');
const ProjectPage = lazyNamed(pages, 'ProjectPage');
const ProjectsPage = lazyNamed(pages, 'ProjectsPage');

/** Projects under /c/:cluster. */
export const projectRoutes: RouteObject[] = [
  { path: 'projects', element: <ProjectsPage /> },
  { path: 'projects/:project', element: <ProjectPage /> },
];
