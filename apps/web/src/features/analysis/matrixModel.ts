import type { AccessMatrix } from './api.js';

export interface MatrixFilters {
  /** Substring of namespace or project names. */
  namespace: string;
  /** Substring of resource names. */
  resource: string;
  /** API group, or "*" for all. */
  apiGroup: string;
  /** One verb to show, or "" for all verbs. */
  verb: string;
  /** Only namespaces whose RoleBindings add something. */
  onlyOwnGrants: boolean;
  /** Only resource types the subject may use somewhere. */
  onlyGranted: boolean;
}

export const defaultFilters: MatrixFilters = {
  namespace: '',
  resource: '',
  apiGroup: '*',
  verb: '',
  onlyOwnGrants: false,
  onlyGranted: true,
};

export interface MatrixRow {
  /** "" = the cluster scope (cluster-scoped types, and namespaced ones in every namespace). */
  scope: string;
  label: string;
  project?: string;
  ownGrants: boolean;
}

export interface MatrixView {
  rows: MatrixRow[];
  /** Indexes into matrix.resources. */
  columns: number[];
  verbMask: number;
}

export function popcount(n: number): number {
  let x = n - ((n >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function rowOf(m: AccessMatrix, scope: string): number[] {
  return (scope === '' ? undefined : m.namespaced[scope]) ?? m.clusterWide;
}

/** The verbs a cell allows, or null where the cell does not apply (cluster-scoped type in a namespace). */
export function cellVerbs(m: AccessMatrix, scope: string, column: number): string[] | null {
  const type = m.resources[column];
  if (!type || (scope !== '' && !type.namespaced)) return null;
  const mask = rowOf(m, scope)[column] ?? 0;
  return m.verbs.filter((_, v) => ((mask >>> v) & 1) === 1);
}

/** Rows and columns to draw for the filters; the whole matrix is never expanded cell by cell. */
export function matrixView(m: AccessMatrix, f: MatrixFilters): MatrixView {
  const verbIndex = f.verb ? m.verbs.indexOf(f.verb) : -1;
  const verbMask =
    verbIndex >= 0 ? 1 << verbIndex : m.verbs.length >= 32 ? 0xffffffff : (1 << m.verbs.length) - 1;
  const nsText = f.namespace.trim().toLowerCase();
  const rows: MatrixRow[] = [
    { scope: '', label: 'Cluster scope (all namespaces)', ownGrants: false },
  ];
  for (const ns of m.namespaces) {
    const ownGrants = m.namespaced[ns.name] !== undefined;
    if (f.onlyOwnGrants && !ownGrants) continue;
    if (
      nsText &&
      !ns.name.toLowerCase().includes(nsText) &&
      !(ns.project ?? '').toLowerCase().includes(nsText)
    )
      continue;
    rows.push({
      scope: ns.name,
      label: ns.name,
      ...(ns.project ? { project: ns.project } : {}),
      ownGrants,
    });
  }
  // Any namespace row counts towards "granted somewhere", not only the visible ones.
  const granted = new Uint32Array(m.resources.length);
  m.clusterWide.forEach((mask, i) => (granted[i] = mask));
  for (const row of Object.values(m.namespaced))
    row.forEach((mask, i) => (granted[i] = (granted[i] ?? 0) | mask));
  const resText = f.resource.trim().toLowerCase();
  const columns: number[] = [];
  m.resources.forEach((t, i) => {
    if (f.apiGroup !== '*' && t.apiGroup !== f.apiGroup) return;
    if (resText && !t.resource.toLowerCase().includes(resText)) return;
    if (f.onlyGranted && ((granted[i] ?? 0) & verbMask) === 0) return;
    columns.push(i);
  });
  return { rows, columns, verbMask };
}
