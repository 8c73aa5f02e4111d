import type { RouteObject } from 'react-router';
import { lazyNamed } from '../../app/lazyPage.js';

const pages = () => import('./pages.js');
const MyKubeconfigsPage = lazyNamed(pages, 'MyKubeconfigsPage');
/** The download-link page people are sent (a top-level route, /kubeconfig). */
export const KubeconfigLinkPage = lazyNamed(pages, 'KubeconfigLinkPage');

/** Under /c/:cluster; the download-link page itself is a top-level route (/kubeconfig). */
export const kubeconfigRoutes: RouteObject[] = [
  { path: 'kubeconfigs', element: <MyKubeconfigsPage /> },
];
