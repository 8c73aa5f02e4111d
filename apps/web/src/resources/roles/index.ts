import type { KindEntry } from '../kind.js';

/** Roles: sets of rules inside one namespace. */
export const entry: KindEntry<'Role'> = {
  kind: 'Role',
  capabilities: { edit: true, clone: true },
  views: () => import('./descriptor.js').then((m) => m.views),
};
