import type { Capabilities } from '../../api/session.js';
import { decideAnywhere } from '../../access/capabilities.js';
import type { NavEntry, VisibleNavEntry } from '../../access/nav.js';

// A collaborator of any project may read its namespaces (view, edit and admin all grant it there).
const readsANamespace = { verb: 'get', apiGroup: '', resource: 'namespaces' } as const;

export const projectNavEntries: NavEntry[] = [
  {
    id: 'projects',
    label: 'Projects',
    section: 'Projects',
    segment: 'projects',
    scope: 'cluster',
    needs: readsANamespace,
  },
  {
    id: 'kubeconfigs',
    label: 'My kubeconfigs',
    section: 'Projects',
    segment: 'kubeconfigs',
    scope: 'cluster',
    needs: readsANamespace,
  },
];

/** Cluster pages shown to whoever holds the request in at least one namespace, not only cluster-wide. */
export function visibleProjectNav(caps: Capabilities): VisibleNavEntry[] {
  const out: VisibleNavEntry[] = [];
  for (const entry of projectNavEntries) {
    const capability = decideAnywhere(caps, entry.needs);
    if (capability !== 'denied') out.push({ ...entry, capability });
  }
  return out;
}
