import type { RouteObject } from 'react-router';
import { lazyNamed } from '../../app/lazyPage.js';

const ImportPage = lazyNamed(() => import('./ImportPage.js'), 'ImportPage');

/** Open to every signed-in user: the API server decides, per object and as them, in the dry run. */
export const importRoutes: RouteObject[] = [{ path: 'import', element: <ImportPage /> }];
