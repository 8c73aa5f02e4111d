import type { RouteObject } from 'react-router';
import { CheckPage } from './CheckPage.js';
import { WhoCanPage } from './WhoCanPage.js';
import { MatrixPage } from './MatrixPage.js';
import { SubjectPage } from './SubjectPage.js';
import { RisksPage } from './RisksPage.js';
import { SubjectsPage } from '../subjects/SubjectsPage.js';

/** Access analysis: cluster pages, each computed by the BFF from the whole RBAC policy. */
export const accessRoutes: RouteObject[] = [
  { path: 'access/check', element: <CheckPage /> },
  { path: 'access/who-can', element: <WhoCanPage /> },
  { path: 'access/matrix', element: <MatrixPage /> },
  { path: 'access/subject', element: <SubjectPage /> },
  { path: 'access/risks', element: <RisksPage /> },
  { path: 'access/subjects', element: <SubjectsPage /> },
];
