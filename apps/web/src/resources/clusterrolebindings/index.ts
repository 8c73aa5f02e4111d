import type { KindEntry } from '../kind.js';

/** ClusterRoleBindings: grant a ClusterRole everywhere. A roleRef cannot change, so no edit page. */
export const entry: KindEntry<'ClusterRoleBinding'> = {
  kind: 'ClusterRoleBinding',
  capabilities: { edit: false, clone: false },
  views: () => import('./descriptor.js').then((m) => m.views),
};
