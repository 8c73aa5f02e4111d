import type { RouteObject } from 'react-router';
import { AuditPage } from './AuditPage.js';

export const auditRoutes: RouteObject[] = [{ path: 'audit', element: <AuditPage /> }];
