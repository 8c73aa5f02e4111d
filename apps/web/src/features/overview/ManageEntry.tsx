import { Link } from 'react-router';
import { useCluster, paths } from '../../app/cluster.js';
import type { VisibleNavEntry } from '../../access/nav.js';
import { useSettledAccess } from '../../access/useAccess.js';

/** One page the user may manage; an entry the rules could not decide waits for the access review, like the sidebar. */
export function ManageEntry({ entry }: { entry: VisibleNavEntry }) {
  const { cluster, namespace } = useCluster();
  const state = useSettledAccess(entry.capability, {
    ...entry.needs,
    namespace: entry.scope === 'namespace' ? namespace : undefined,
  });
  if (state === 'denied') return null;
  return (
    <li>
      <Link
        to={
          entry.scope === 'cluster'
            ? paths.clusterPage(cluster.id, entry.segment)
            : paths.namespacePage(cluster.id, namespace, entry.segment)
        }
        className="flex items-center justify-between px-4 py-2.5 hover:bg-slate-50 dark:hover:bg-slate-800"
      >
        <span className="font-medium">{entry.label}</span>
        <span className="text-xs text-slate-500">
          {state === 'allowed'
            ? entry.scope === 'cluster'
              ? 'cluster-wide'
              : namespace
                ? namespace
                : 'by namespace'
            : state === 'checking'
              ? 'checking access…'
              : 'access unknown'}
        </span>
      </Link>
    </li>
  );
}
