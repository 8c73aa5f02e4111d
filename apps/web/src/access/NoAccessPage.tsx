import { Link } from 'react-router';
import { useCluster, paths } from '../app/cluster.js';
import type { AccessRequest } from './capabilities.js';

function describe(request: AccessRequest): string {
  if ('path' in request) return `${request.verb} ${request.path}`;
  const group = request.apiGroup || 'core';
  const where = request.namespace ? ` in namespace ${request.namespace}` : ' cluster-wide';
  return `${request.verb} ${request.resource} (${group})${where}`;
}

/** What a direct visit to a page the user may not use shows: what was needed and what to do. */
export function NoAccessPage({ request, what }: { request: AccessRequest; what: string }) {
  const { cluster, session } = useCluster();
  return (
    <div className="mx-auto mt-16 max-w-xl px-6">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <p className="text-sm font-semibold text-amber-700 dark:text-amber-400">No access</p>
        <h1 className="mt-1 text-xl font-semibold tracking-tight">
          You don’t have access to {what}
        </h1>
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-300">
          Signed in as <strong>{session.user.name}</strong>, you are not allowed to{' '}
          <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">{describe(request)}</code>{' '}
          on {cluster.name}.
        </p>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          If you need it, ask a cluster or project administrator to bind you to a role that grants
          it.
        </p>
        <Link
          to={paths.cluster(cluster.id)}
          className="mt-5 inline-block rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
        >
          Go to overview
        </Link>
      </div>
    </div>
  );
}
