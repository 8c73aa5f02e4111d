import type { RouteObject } from 'react-router';
import { lazyNamed } from '../../app/lazyPage.js';

const pages = () => import('./pages.js');
const PoliciesPage = lazyNamed(pages, 'PoliciesPage');
const CreatePolicyPage = lazyNamed(pages, 'CreatePolicyPage');
const EditPolicyPage = lazyNamed(pages, 'EditPolicyPage');
const PolicyPage = lazyNamed(pages, 'PolicyPage');

/**
 * AccessPolicies under /fleet. `create`, not `new`, so that a policy may be called `new`; a policy
 * called `create` is reached by its name in the list and shown at …/create only as the form.
 */
export const fleetPolicyRoutes: RouteObject[] = [
  { path: 'policies', element: <PoliciesPage /> },
  { path: 'policies/create', element: <CreatePolicyPage /> },
  { path: 'policies/:name', element: <PolicyPage /> },
  { path: 'policies/:name/edit', element: <EditPolicyPage /> },
];
