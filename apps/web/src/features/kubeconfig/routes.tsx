import type { RouteObject } from 'react-router';
import { MyKubeconfigsPage } from './MyKubeconfigsPage.js';

/** Under /c/:cluster; the download-link page itself is a top-level route (/kubeconfig). */
export const kubeconfigRoutes: RouteObject[] = [
  { path: 'kubeconfigs', element: <MyKubeconfigsPage /> },
];
