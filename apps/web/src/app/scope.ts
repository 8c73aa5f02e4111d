import { segment } from '../api/rbacKinds.js';

const namespacedPages = new Set(['roles', 'rolebindings']);

/**
 * Where the namespace picker goes: the same kind of page in the new scope when that makes
 * sense, else the overview of the chosen namespace (or of the cluster for "all").
 */
export function scopeTarget(
  pathname: string,
  cluster: string,
  namespace: string | undefined,
): string {
  const base = `/c/${segment(cluster)}`;
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : '';
  const parts = rest.split('/').filter(Boolean);
  const pageIndex = parts[0] === 'ns' ? 2 : 0;
  const page = parts[pageIndex];
  const keepPage = page !== undefined && namespacedPages.has(page);
  if (namespace) return `${base}/ns/${segment(namespace)}${keepPage ? `/${page}` : ''}`;
  return keepPage ? `${base}/${page}` : base;
}

export interface NamespaceGroup {
  project: string | undefined;
  namespaces: string[];
}

/** Namespaces grouped by project (projects first, alphabetically), for pickers and the overview. */
export function groupByProject(
  namespaces: ReadonlyArray<{ name: string; project?: string }>,
): NamespaceGroup[] {
  const groups = new Map<string | undefined, string[]>();
  for (const ns of namespaces) {
    const list = groups.get(ns.project) ?? [];
    list.push(ns.name);
    groups.set(ns.project, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b)))
    .map(([project, list]) => ({ project, namespaces: list.sort() }));
}
