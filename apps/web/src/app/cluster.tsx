import { createContext, useContext } from 'react';
import type { Session, SessionCluster } from '../api/session.js';
import { segment } from '../api/rbacKinds.js';

export interface ClusterContextValue {
  session: Session;
  cluster: SessionCluster;
  /** The namespace scope from the URL; undefined means cluster pages or all namespaces. */
  namespace: string | undefined;
}

export const ClusterContext = createContext<ClusterContextValue | null>(null);

export function useCluster(): ClusterContextValue {
  const value = useContext(ClusterContext);
  if (!value) throw new Error('useCluster outside a cluster route');
  return value;
}

/** Builds console paths so every page links the same way. */
export const paths = {
  cluster: (cluster: string) => `/c/${segment(cluster)}`,
  namespaceHome: (cluster: string, namespace: string) =>
    `/c/${segment(cluster)}/ns/${segment(namespace)}`,
  clusterPage: (cluster: string, page: string) => `/c/${segment(cluster)}/${page}`,
  namespacePage: (cluster: string, namespace: string | undefined, page: string) =>
    namespace
      ? `/c/${segment(cluster)}/ns/${segment(namespace)}/${page}`
      : `/c/${segment(cluster)}/${page}`,
};
