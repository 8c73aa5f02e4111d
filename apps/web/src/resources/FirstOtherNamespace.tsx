import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useCluster } from '../app/cluster.js';
import { useNamespaceSearch } from '../api/namespaces.js';

/**
 * The first namespace, by name, of those without rules of the person's own (where only the
 * cluster-wide rules hold), found with the namespace search: where a list the cluster-wide rules
 * leave undecided (an incomplete review) is tried. `noAccess` when there is none.
 */
export function FirstOtherNamespace({
  to,
  noAccess,
}: {
  to: (namespace: string) => string;
  noAccess: ReactNode;
}) {
  const { cluster } = useCluster();
  const own = cluster.capabilities.namespaces.length;
  // The search answers the person's own namespaces first: one more is the first of the others.
  const found = useNamespaceSearch(cluster.id, '', Math.min(200, own + 1));
  const other = found.data?.namespaces.find((n) => !n.own);
  if (other) return <Navigate to={to(other.name)} replace />;
  if (found.isPending) return null;
  return noAccess;
}
