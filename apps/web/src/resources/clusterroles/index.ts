import type { KindEntry } from '../kind.js';

/** ClusterRoles: cluster-scoped sets of rules. */
export const entry: KindEntry<'ClusterRole'> = {
  kind: 'ClusterRole',
  capabilities: { edit: true, clone: true },
  views: () => import('./descriptor.js').then((m) => m.views),
};
