import type { RouteObject } from 'react-router';
import { lazyNamed } from '../../app/lazyPage.js';

const pages = () => import('./pages.js');
const CheckPage = lazyNamed(pages, 'CheckPage');
const WhoCanPage = lazyNamed(pages, 'WhoCanPage');
const MatrixPage = lazyNamed(pages, 'MatrixPage');
const SubjectPage = lazyNamed(pages, 'SubjectPage');
const RisksPage = lazyNamed(pages, 'RisksPage');
const SubjectsPage = lazyNamed(pages, 'SubjectsPage');

/** Access analysis: cluster pages, each computed by the BFF from the whole RBAC policy. */
export const accessRoutes: RouteObject[] = [
  { path: 'access/check', element: <CheckPage /> },
  { path: 'access/who-can', element: <WhoCanPage /> },
  { path: 'access/matrix', element: <MatrixPage /> },
  { path: 'access/subject', element: <SubjectPage /> },
  { path: 'access/risks', element: <RisksPage /> },
  { path: 'access/subjects', element: <SubjectsPage /> },
];
