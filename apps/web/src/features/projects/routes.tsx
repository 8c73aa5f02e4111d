import type { RouteObject } from 'react-router';
import { ProjectPage } from './ProjectPage.js';
import { ProjectsPage } from './ProjectsPage.js';

/** Projects under /c/:cluster. */
export const projectRoutes: RouteObject[] = [
  { path: 'projects', element: <ProjectsPage /> },
  { path: 'projects/:project', element: <ProjectPage /> },
];
