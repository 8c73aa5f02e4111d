// Access matrix of one subject: namespaces × resource types × verbs, as JSON bitmasks or streamed CSV.
import { STANDARD_VERBS } from '@gatehouse/policy';
import type { Response } from 'express';
import type { Cluster } from '../clusters.js';
import type { Session } from '../session/sessions.js';
import type { ClusterModel } from './cluster-model.js';
import type { AccessMatrixResponse } from './contract.js';
import type { SubjectResolver } from './groups.js';
import { scopedModel } from './scoped.js';

export async function accessMatrix(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
  subject: SubjectResolver,
): Promise<AccessMatrixResponse> {
  const [current, resources] = await Promise.all([
    scopedModel(cluster, session, model),
    model.resourceTypes(),
  ]);
  const { authorizer, namespaces } = current;
  const { user, groupSources } = await subject(current);
  const matrix = authorizer.accessMatrix(
    user,
    namespaces.map((n) => n.name),
    resources,
    STANDARD_VERBS,
  );
  const namespaced: Record<string, number[]> = {};
  for (const [ns, row] of matrix.namespaced) namespaced[ns] = Array.from(row);
  return {
    user,
    ...(groupSources ? { groupSources } : {}),
    verbs: [...STANDARD_VERBS],
    resources,
    namespaces,
    clusterWide: Array.from(matrix.clusterWide),
    namespaced,
    scope: current.label,
  };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface CsvFilters {
  namespaceFilter?: string;
  resourceFilter?: string;
  apiGroup?: string;
  onlyOwnGrants?: 'true' | 'false';
}

/**
 * One line per scope and resource type: the cluster scope ("" namespace: cluster-scoped types, and
 * namespaced types in every namespace) first, then each namespace's namespaced types, as filtered on
 * the page. Streamed.
 */
export function writeMatrixCsv(
  res: Response,
  m: AccessMatrixResponse,
  filename: string,
  f: CsvFilters = {},
): void {
  res.status(200);
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  const nsText = (f.namespaceFilter ?? '').trim().toLowerCase();
  const resText = (f.resourceFilter ?? '').trim().toLowerCase();
  const columns = m.resources.flatMap((t, i) =>
    (f.apiGroup === undefined || t.apiGroup === f.apiGroup) &&
    t.resource.toLowerCase().includes(resText)
      ? [i]
      : [],
  );
  const namespaces = m.namespaces.filter(
    (n) =>
      (f.onlyOwnGrants !== 'true' || m.namespaced[n.name] !== undefined) &&
      (!nsText ||
        n.name.toLowerCase().includes(nsText) ||
        (n.project ?? '').toLowerCase().includes(nsText)),
  );
  const line = (ns: string, row: readonly number[], i: number): string => {
    const t = m.resources[i];
    const mask = row[i] ?? 0;
    const cells = m.verbs.map((_, v) => ((mask >>> v) & 1 ? 'yes' : ''));
    return (
      [csvField(ns), csvField(t?.apiGroup ?? ''), csvField(t?.resource ?? ''), ...cells].join(',') +
      '\n'
    );
  };
  let out = ['namespace', 'apiGroup', 'resource', ...m.verbs].join(',') + '\n';
  for (const i of columns) out += line('', m.clusterWide, i);
  for (const ns of namespaces) {
    const row = m.namespaced[ns.name] ?? m.clusterWide;
    for (const i of columns) if (m.resources[i]?.namespaced) out += line(ns.name, row, i);
    if (out.length > 64 * 1024) {
      res.write(out);
      out = '';
    }
  }
  res.end(out);
}
