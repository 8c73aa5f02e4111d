import type { ReactNode } from 'react';
import type { ObjectMeta } from '../../api/rbacSchemas.js';

function Pairs({ values }: { values: Record<string, string> | undefined }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <span className="text-slate-400">none</span>;
  return (
    <ul className="flex flex-col gap-1">
      {entries.map(([k, v]) => (
        <li key={k} className="font-mono text-xs break-all">
          <span className="text-slate-500">{k}</span>=<span>{v}</span>
        </li>
      ))}
    </ul>
  );
}

export function MetadataList({ meta }: { meta: ObjectMeta }) {
  const rows: [string, ReactNode][] = [
    ['Name', meta.name],
    ['Namespace', meta.namespace ?? '— (cluster-scoped)'],
    ['Created', meta.creationTimestamp ? new Date(meta.creationTimestamp).toLocaleString() : '—'],
    ['UID', <span className="font-mono text-xs">{meta.uid ?? '—'}</span>],
    ['Resource version', <span className="font-mono text-xs">{meta.resourceVersion ?? '—'}</span>],
    ['Labels', <Pairs values={meta.labels} />],
    ['Annotations', <Pairs values={meta.annotations} />],
  ];
  return (
    <dl className="grid max-w-4xl grid-cols-[12rem_1fr] gap-x-4 gap-y-3 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-medium text-slate-600 dark:text-slate-400">{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
