import { useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { requestJson } from './http.js';
import { k8sKeys } from './rbacKeys.js';
import { k8sBase, segment } from './rbacKinds.js';

const groupListSchema = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      preferredVersion: z.optional(z.object({ groupVersion: z.string() })),
      versions: z.array(z.object({ groupVersion: z.string() })),
    }),
  ),
});
const resourceListSchema = z.object({
  resources: z.array(
    z.object({
      name: z.string(),
      namespaced: z.boolean(),
      kind: z.string(),
      verbs: z.optional(z.array(z.string())),
    }),
  ),
});

export interface DiscoveredResource {
  /** `pods` or `pods/log`, as rules name them. */
  name: string;
  namespaced: boolean;
  verbs: string[];
}

export interface DiscoveredGroup {
  /** "" is the core group. */
  group: string;
  resources: DiscoveredResource[];
}

async function fetchDiscovery(cluster: string, signal: AbortSignal): Promise<DiscoveredGroup[]> {
  const base = k8sBase(cluster);
  const groups = await requestJson(`${base}/apis`, groupListSchema, { signal });
  const targets = [
    { group: '', url: `${base}/api/v1` },
    ...groups.groups.map((g) => {
      const gv = g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion ?? `${g.name}/v1`;
      return { group: g.name, url: `${base}/apis/${gv.split('/').map(segment).join('/')}` };
    }),
  ];
  // A group the user may not read (or that is broken) just contributes nothing; the editor still accepts free text.
  const settled = await Promise.allSettled(
    targets.map((t) => requestJson(t.url, resourceListSchema, { signal })),
  );
  return targets
    .map((t, i) => {
      const result = settled[i];
      const resources = result?.status === 'fulfilled' ? result.value.resources : [];
      return {
        group: t.group,
        resources: resources
          .map((r) => ({ name: r.name, namespaced: r.namespaced, verbs: r.verbs ?? [] }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group));
}

/** The cluster's API groups, resources, subresources and verbs, for the rule editor. */
export function useDiscovery(cluster: string) {
  return useQuery({
    queryKey: k8sKeys.discovery(cluster),
    queryFn: ({ signal }) => fetchDiscovery(cluster, signal),
    staleTime: 5 * 60_000,
  });
}
