import { z } from 'zod';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';

// Shapes of the BFF's audit contract (apps/bff/src/contract.ts: AuditEntry, AuditResponse).
const snapshotSchema = z
  .object({
    kind: z.string(),
    name: z.string(),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    resourceVersion: z.string().optional(),
    rules: z.array(z.unknown()).optional(),
    aggregationRule: z.unknown().optional(),
    roleRef: z.unknown().optional(),
    subjects: z.array(z.unknown()).optional(),
  })
  .loose();
export type ObjectSnapshot = z.infer<typeof snapshotSchema>;

export const auditStatuses = ['success', 'denied', 'rejected', 'failure'] as const;
export type AuditStatus = (typeof auditStatuses)[number];

const entrySchema = z.object({
  time: z.string(),
  requestId: z.string(),
  user: z.string(),
  groups: z.array(z.string()),
  authMode: z.string(),
  sourceIp: z.string().optional(),
  replica: z.string().optional(),
  cluster: z.string().optional(),
  verb: z.string(),
  apiGroup: z.string().optional(),
  resource: z.string().optional(),
  subresource: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  dryRun: z.boolean().optional(),
  rollback: z.boolean().optional(),
  path: z.string().optional(),
  outcome: z.object({
    code: z.number(),
    status: z.enum(auditStatuses),
    reason: z.string().optional(),
    message: z.string().optional(),
  }),
  change: z
    .object({
      before: snapshotSchema.nullable().optional(),
      after: snapshotSchema.nullable().optional(),
      truncated: z.boolean().optional(),
    })
    .optional(),
});
export type AuditEntry = z.infer<typeof entrySchema>;

const responseSchema = z.object({
  entries: z.array(entrySchema),
  source: z.enum(['file', 'memory']),
  replica: z.string(),
});
export type AuditResult = z.infer<typeof responseSchema>;

export const auditResources = [
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'namespaces',
  'serviceaccounts',
  'secrets',
] as const;

export interface AuditFilters {
  user: string;
  resource: string;
  namespace: string;
  name: string;
  status: string;
  /** datetime-local values (the browser's local time), empty for no bound. */
  since: string;
  until: string;
}

export function filtersFromParams(p: URLSearchParams): AuditFilters {
  return {
    user: p.get('user') ?? '',
    resource: p.get('resource') ?? '',
    namespace: p.get('namespace') ?? '',
    name: p.get('name') ?? '',
    status: p.get('status') ?? '',
    since: p.get('since') ?? '',
    until: p.get('until') ?? '',
  };
}

/** The BFF query for a set of filters; local date-times become instants. */
export function auditQueryString(cluster: string, f: AuditFilters, limit: number): string {
  const q = new URLSearchParams({ cluster, limit: String(limit) });
  for (const key of ['user', 'namespace', 'name'] as const)
    if (f[key].trim()) q.set(key, f[key].trim());
  if ((auditResources as readonly string[]).includes(f.resource)) q.set('resource', f.resource);
  if ((auditStatuses as readonly string[]).includes(f.status)) q.set('status', f.status);
  for (const key of ['since', 'until'] as const) {
    const t = f[key] ? new Date(f[key]) : undefined;
    if (t && !Number.isNaN(t.getTime())) q.set(key, t.toISOString());
  }
  return q.toString();
}

export function useAudit(cluster: string, filters: AuditFilters, limit: number) {
  const qs = auditQueryString(cluster, filters, limit);
  return useQuery({
    queryKey: ['audit', qs],
    queryFn: ({ signal }) => requestJson(`/api/audit?${qs}`, responseSchema, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
