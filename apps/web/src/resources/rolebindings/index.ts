import type { KindEntry } from '../kind.js';

/** RoleBindings: grant a Role or ClusterRole inside one namespace. */
export const entry: KindEntry<'RoleBinding'> = {
  kind: 'RoleBinding',
  capabilities: { edit: false, clone: false },
  views: () => import('./descriptor.js').then((m) => m.views),
};
