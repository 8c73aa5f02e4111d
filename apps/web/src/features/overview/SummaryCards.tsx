import type { ReactNode } from 'react';
import { useCluster } from '../../app/cluster.js';
import { clusterState, useClusters } from '../../api/session.js';
import { decide } from '../../access/capabilities.js';
import { Badge } from '../../ui/Badge.js';

const modeLabel = { demo: 'Demo sign-in', token: 'Bearer token', oidc: 'Single sign-on' } as const;

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      aria-label={title}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
        {title}
      </h2>
      <div className="mt-2 text-sm">{children}</div>
    </section>
  );
}

/** Who you are, which cluster this is, and how far your access reaches, at a glance. */
export function SummaryCards() {
  const { session, cluster } = useCluster();
  const info = useClusters(true).data?.find((c) => c.id === cluster.id);
  const caps = cluster.capabilities;
  const clusterWide =
    decide(caps, { verb: 'list', apiGroup: '', resource: 'namespaces' }) === 'allowed';
  const admin = decide(caps, { verb: '*', apiGroup: '*', resource: '*' }) === 'allowed';
  // Nothing granted, but only because nothing could be asked: say so instead of "No access".
  const consoleRefused = info?.credentials === 'rejected' || info?.credentials === 'unavailable';
  const unknown =
    !admin &&
    !clusterWide &&
    !caps.namespaceCount &&
    (consoleRefused || !!caps.cluster.evaluationError);
  return (
    <div className="grid gap-4 md:grid-cols-3">
      <Card title="You">
        <p className="text-base font-semibold">{session.user.name}</p>
        <p className="text-xs text-slate-500 dark:text-slate-400">{modeLabel[session.authMode]}</p>
        <ul aria-label="Groups" className="mt-2 flex flex-wrap gap-1">
          {session.user.groups.map((g) => (
            <li key={g}>
              <Badge>{g}</Badge>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Cluster">
        <p className="text-base font-semibold">{cluster.name}</p>
        {info ? (
          <p className="mt-1 flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300">
            <span
              className={`size-2 rounded-full ${info.healthy ? 'bg-emerald-500' : 'bg-red-500'}`}
              aria-hidden="true"
            />
            {info.healthy
              ? `Healthy · Kubernetes ${info.version ?? 'unknown version'}`
              : `${clusterState(info)}: ${info.error ?? 'no answer'}`}
          </p>
        ) : (
          <p className="mt-1 text-xs text-slate-500">Checking health…</p>
        )}
        {info && <p className="mt-1 truncate font-mono text-xs text-slate-500">{info.server}</p>}
      </Card>
      <Card title="Your access">
        <p className="text-base font-semibold">
          {admin
            ? 'Cluster administrator'
            : clusterWide
              ? 'Cluster-wide reader'
              : caps.namespaceCount
                ? `${caps.namespaceCount} namespace${caps.namespaceCount === 1 ? '' : 's'}`
                : unknown
                  ? 'Not known'
                  : 'No access'}
        </p>
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">
          {admin
            ? 'Every verb on every resource, in every namespace.'
            : clusterWide
              ? `You can see every namespace (${caps.namespaceCount}).`
              : caps.namespaceCount
                ? 'You work inside the namespaces listed below.'
                : unknown
                  ? consoleRefused
                    ? 'The cluster rejected the console’s own credentials, so your access there cannot be read. An administrator has to fix the console’s credentials for this cluster.'
                    : `Your access could not be read: ${caps.cluster.evaluationError ?? 'no answer'}`
                  : 'Ask an administrator to add you to a project.'}
        </p>
        {caps.cluster.incomplete && (
          <p className="mt-1 text-xs text-amber-700 dark:text-amber-300">
            Reported incomplete: some actions are confirmed with the API server.
          </p>
        )}
      </Card>
    </div>
  );
}
