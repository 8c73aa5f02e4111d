import { rbacKinds, segment, type RbacKind } from '../api/rbacKinds.js';
import { paths } from '../app/cluster.js';

/** Console URLs of the RBAC kinds; namespaced kinds live under /ns/:namespace. */
export const kindPaths = {
  list: (cluster: string, kind: RbacKind, namespace?: string) =>
    rbacKinds[kind].namespaced
      ? paths.namespacePage(cluster, namespace, rbacKinds[kind].plural)
      : paths.clusterPage(cluster, rbacKinds[kind].plural),
  detail: (cluster: string, kind: RbacKind, namespace: string | undefined, name: string) =>
    `${kindPaths.list(cluster, kind, namespace)}/${segment(name)}`,
  edit: (cluster: string, kind: RbacKind, namespace: string | undefined, name: string) =>
    `${kindPaths.detail(cluster, kind, namespace, name)}/edit`,
  create: (cluster: string, kind: RbacKind, namespace?: string, cloneFrom?: string) => {
    const base = rbacKinds[kind].namespaced
      ? paths.namespacePage(cluster, namespace, `new/${rbacKinds[kind].plural}`)
      : paths.clusterPage(cluster, `new/${rbacKinds[kind].plural}`);
    return cloneFrom ? `${base}?from=${encodeURIComponent(cloneFrom)}` : base;
  },
};
