// Server-side `meta.k8s.io/v1` Table output, with the columns kube-apiserver's printers use.
import type { KObject } from './object.js';
import type { PrinterColumn, ResourceType } from './resources.js';
import { findResults, parseJsonPath } from './crd/jsonpath.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority?: number;
  cell: (o: KObject, now: number) => unknown;
}

type Obj = Record<string, unknown>;
function get(o: unknown, path: string): unknown {
  let cur = o;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Obj)[p];
  }
  return cur;
}
function arr(o: unknown, path: string): Obj[] {
  const v = get(o, path);
  return Array.isArray(v) ? (v as Obj[]) : [];
}
function num(o: unknown, path: string): number {
  const v = get(o, path);
  return typeof v === 'number' ? v : 0;
}

/** apimachinery's HumanDuration, as kubectl shows AGE. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8)
    return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

const NAME: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  cell: (o) => o.metadata.name,
};
const AGE: Column = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  cell: (o, now) => humanDuration(now - Date.parse(o.metadata.creationTimestamp ?? '')),
};
const CREATED_AT: Column = {
  name: 'Created At',
  type: 'date',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  cell: (o) => o.metadata.creationTimestamp,
};

function col(
  name: string,
  cell: Column['cell'],
  type = 'string',
  priority = 0,
  description = '',
): Column {
  return { name, type, description, cell, ...(priority ? { priority } : {}) };
}

function subjectsOf(kind: string): Column['cell'] {
  return (o) =>
    arr(o, 'subjects')
      .filter((s) => s.kind === kind)
      .map((s) =>
        kind === 'ServiceAccount'
          ? `${String(s.namespace ?? '')}/${String(s.name)}`
          : String(s.name),
      )
      .join(', ');
}

const bindingColumns: Column[] = [
  NAME,
  col('Role', (o) => `${String(get(o, 'roleRef.kind'))}/${String(get(o, 'roleRef.name'))}`),
  AGE,
  col('Users', subjectsOf('User'), 'string', 1),
  col('Groups', subjectsOf('Group'), 'string', 1),
  col('ServiceAccounts', subjectsOf('ServiceAccount'), 'string', 1),
];

function ready(o: KObject): string {
  const statuses = arr(o, 'status.containerStatuses');
  const total = arr(o, 'spec.containers').length;
  return `${statuses.filter((s) => s.ready === true).length}/${total}`;
}

const PRINTERS: Record<string, Column[]> = {
  '/namespaces': [NAME, col('Status', (o) => get(o, 'status.phase') ?? ''), AGE],
  '/configmaps': [
    NAME,
    col(
      'Data',
      (o) =>
        Object.keys((o.data as Obj | undefined) ?? {}).length +
        Object.keys((o.binaryData as Obj | undefined) ?? {}).length,
      'integer',
    ),
    AGE,
  ],
  '/secrets': [
    NAME,
    col('Type', (o) => o.type ?? 'Opaque'),
    col('Data', (o) => Object.keys((o.data as Obj | undefined) ?? {}).length, 'integer'),
    AGE,
  ],
  '/serviceaccounts': [NAME, col('Secrets', (o) => arr(o, 'secrets').length, 'integer'), AGE],
  '/pods': [
    NAME,
    col('Ready', ready),
    col('Status', (o) => get(o, 'status.phase') ?? 'Pending'),
    col(
      'Restarts',
      (o) => arr(o, 'status.containerStatuses').reduce((n, s) => n + num(s, 'restartCount'), 0),
      'string',
    ),
    AGE,
    col('IP', (o) => get(o, 'status.podIP') ?? '<none>', 'string', 1),
    col('Node', (o) => get(o, 'spec.nodeName') ?? '<none>', 'string', 1),
  ],
  '/services': [
    NAME,
    col('Type', (o) => get(o, 'spec.type') ?? 'ClusterIP'),
    col('Cluster-IP', (o) => get(o, 'spec.clusterIP') ?? '<none>'),
    col('External-IP', () => '<none>'),
    col(
      'Port(s)',
      (o) =>
        arr(o, 'spec.ports')
          .map((p) => `${String(p.port)}/${String(p.protocol ?? 'TCP')}`)
          .join(',') || '<none>',
    ),
    AGE,
  ],
  '/nodes': [
    NAME,
    col('Status', (o) =>
      arr(o, 'status.conditions').some((c) => c.type === 'Ready' && c.status === 'True')
        ? 'Ready'
        : 'NotReady',
    ),
    col(
      'Roles',
      (o) =>
        Object.keys(o.metadata.labels ?? {})
          .filter((k) => k.startsWith('node-role.kubernetes.io/'))
          .map((k) => k.slice(24))
          .join(',') || '<none>',
    ),
    AGE,
    col('Version', (o) => get(o, 'status.nodeInfo.kubeletVersion') ?? ''),
  ],
  'apps/deployments': [
    NAME,
    col('Ready', (o) => `${num(o, 'status.readyReplicas')}/${num(o, 'spec.replicas')}`),
    col('Up-to-date', (o) => num(o, 'status.updatedReplicas'), 'integer'),
    col('Available', (o) => num(o, 'status.availableReplicas'), 'integer'),
    AGE,
  ],
  'apps/replicasets': [
    NAME,
    col('Desired', (o) => num(o, 'spec.replicas'), 'integer'),
    col('Current', (o) => num(o, 'status.replicas'), 'integer'),
    col('Ready', (o) => num(o, 'status.readyReplicas'), 'integer'),
    AGE,
  ],
  'apps/statefulsets': [
    NAME,
    col('Ready', (o) => `${num(o, 'status.readyReplicas')}/${num(o, 'spec.replicas')}`),
    AGE,
  ],
  'batch/jobs': [
    NAME,
    col('Status', (o) => {
      const done = arr(o, 'status.conditions').find(
        (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
      );
      return done ? String(done.type) : 'Running';
    }),
    col('Completions', (o) => `${num(o, 'status.succeeded')}/${get(o, 'spec.completions') ?? 1}`),
    col('Duration', () => ''),
    AGE,
  ],
  'batch/cronjobs': [
    NAME,
    col('Schedule', (o) => get(o, 'spec.schedule') ?? ''),
    col('Timezone', (o) => get(o, 'spec.timeZone') ?? '<none>'),
    col('Suspend', (o) => (get(o, 'spec.suspend') === true ? 'True' : 'False')),
    col('Active', (o) => arr(o, 'status.active').length, 'integer'),
    col('Last Schedule', (o) => get(o, 'status.lastScheduleTime') ?? '<none>'),
    AGE,
  ],
  'rbac.authorization.k8s.io/roles': [NAME, CREATED_AT],
  'rbac.authorization.k8s.io/clusterroles': [NAME, CREATED_AT],
  'rbac.authorization.k8s.io/rolebindings': bindingColumns,
  'rbac.authorization.k8s.io/clusterrolebindings': bindingColumns,
};

/** A JSON value as client-go's jsonpath prints it for a `string` column (fmt's %v of the value). */
function printValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * A cell of a custom resource's printer column, as the CRD table convertor computes it
 * (apiextensions-apiserver pkg/registry/customresource/tableconvertor/tableconvertor.go): the
 * first JSONPath result; string columns print any value, other types keep only a value of their
 * JSON type (integers truncated from numbers, dates as a human duration); anything else is null.
 */
function customCell(c: PrinterColumn): Column['cell'] {
  const steps = parseJsonPath(c.jsonPath);
  return (o, now) => {
    const results = steps ? findResults(steps, o) : [];
    const v = results[0];
    if (v === undefined || v === null) return null;
    switch (c.type) {
      case 'string':
        return printValue(v);
      case 'integer':
        return typeof v === 'number' ? Math.trunc(v) : null;
      case 'number':
        return typeof v === 'number' ? v : null;
      case 'boolean':
        return typeof v === 'boolean' ? v : null;
      case 'date': {
        if (typeof v !== 'string') return null;
        const ms = Date.parse(v);
        return Number.isNaN(ms) ? '<invalid>' : humanDuration(now - ms);
      }
      default:
        return null;
    }
  };
}

function columnsFor(t: ResourceType): Column[] {
  if (t.crd) {
    return [
      NAME,
      ...t.crd.columns.map((c) => ({
        name: c.name,
        type: c.type,
        ...(c.format ? { format: c.format } : {}),
        description:
          c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        ...(c.priority ? { priority: c.priority } : {}),
        cell: customCell(c),
      })),
    ];
  }
  return PRINTERS[`${t.group}/${t.plural}`] ?? [NAME, CREATED_AT];
}

export interface TableOptions {
  includeObject: 'None' | 'Metadata' | 'Object';
  withColumns: boolean;
}

export function toTable(
  t: ResourceType,
  items: KObject[],
  listMeta: Record<string, unknown>,
  opts: TableOptions,
): Record<string, unknown> {
  const columns = columnsFor(t);
  const now = Date.now();
  const rows = items.map((o) => {
    const row: Record<string, unknown> = { cells: columns.map((c) => c.cell(o, now)) };
    if (opts.includeObject === 'Object') row.object = o;
    else if (opts.includeObject === 'Metadata') {
      row.object = {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      };
    }
    return row;
  });
  const table: Record<string, unknown> = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
  };
  table.columnDefinitions = opts.withColumns
    ? columns.map((c) => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: c.description,
        priority: c.priority ?? 0,
      }))
    : null;
  table.rows = rows;
  return table;
}
