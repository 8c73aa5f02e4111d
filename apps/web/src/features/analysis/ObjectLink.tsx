import { Link } from 'react-router';
import type { RbacKind } from '../../api/rbacKinds.js';
import { useCluster } from '../../app/cluster.js';
import { kindPaths } from '../../rbac/kindPaths.js';

function isRbacKind(kind: string): kind is RbacKind {
  return (
    kind === 'ClusterRole' ||
    kind === 'Role' ||
    kind === 'ClusterRoleBinding' ||
    kind === 'RoleBinding'
  );
}

/** A link to an RBAC object's detail page, labelled with its kind and (namespaced) name. */
export function ObjectLink({
  kind,
  name,
  namespace,
  showKind = true,
}: {
  kind: string;
  name: string;
  namespace?: string;
  showKind?: boolean;
}) {
  const { cluster } = useCluster();
  const label = `${showKind ? `${kind} ` : ''}${namespace ? `${namespace}/` : ''}${name}`;
  if (!isRbacKind(kind)) return <span className="font-mono text-xs">{label}</span>;
  return (
    <Link
      className="font-mono text-xs text-brand-700 hover:underline dark:text-indigo-300"
      to={kindPaths.detail(cluster.id, kind, namespace, name)}
    >
      {label}
    </Link>
  );
}
