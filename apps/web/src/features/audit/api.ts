import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  auditResources,
  auditResponse,
  auditStatuses,
  type AuditResponse,
  type RbacObjectSnapshot,
} from '@gatehouse/bff/contract';
import { requestJson } from '../../api/http.js';

export { auditResources, auditStatuses };
export type { AuditEntry, AuditStatus } from '@gatehouse/bff/contract';
export type ObjectSnapshot = RbacObjectSnapshot;
export type AuditResult = AuditResponse;

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
    queryFn: ({ signal }) => requestJson(`/api/audit?${qs}`, auditResponse, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
