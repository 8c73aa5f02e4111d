import type { RouteObject } from 'react-router';
import { lazyNamed } from '../../app/lazyPage.js';

const AuditPage = lazyNamed(() => import('./AuditPage.js'), 'AuditPage');

export const auditRoutes: RouteObject[] = [{ path: 'audit', element: <AuditPage /> }];
