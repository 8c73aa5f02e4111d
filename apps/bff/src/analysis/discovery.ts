// Resource types the cluster serves, from discovery (with the BFF's credentials), for access matrices.
import type { KubeClient } from '../kube-client.js';

export interface DiscoveredType {
  apiGroup: string;
  resource: string;
  namespaced: boolean;
}

interface ResourceList {
  resources?: Array<{ name: string; namespaced: boolean }>;
}

interface GroupList {
  groups?: Array<{ name: string; preferredVersion?: { groupVersion: string } }>;
}

async function get<T>(client: KubeClient, path: string): Promise<T> {
  const { status, body } = await client.json<T & { message?: string }>('GET', path, {
    kind: 'bff',
  });
  if (status !== 200)
    throw new Error(`discovery ${path} answered ${status}: ${body.message ?? ''}`);
  return body;
}

/** Top-level resources of the core group and of each group's preferred version, sorted by group and name. */
export async function discoverResourceTypes(client: KubeClient): Promise<DiscoveredType[]> {
  const [core, groups] = await Promise.all([
    get<ResourceList>(client, '/api/v1'),
    get<GroupList>(client, '/apis'),
  ]);
  const lists = await Promise.all(
    (groups.groups ?? []).flatMap((g) =>
      g.preferredVersion
        ? [
            get<ResourceList>(client, `/apis/${g.preferredVersion.groupVersion}`).then((l) => ({
              group: g.name,
              l,
            })),
          ]
        : [],
    ),
  );
  const out: DiscoveredType[] = [];
  const seen = new Set<string>();
  const add = (apiGroup: string, list: ResourceList) => {
    for (const r of list.resources ?? []) {
      if (r.name.includes('/') || seen.has(`${apiGroup}/${r.name}`)) continue;
      seen.add(`${apiGroup}/${r.name}`);
      out.push({ apiGroup, resource: r.name, namespaced: r.namespaced });
    }
  };
  add('', core);
  for (const { group, l } of lists) add(group, l);
  return out.sort(
    (a, b) => a.apiGroup.localeCompare(b.apiGroup) || a.resource.localeCompare(b.resource),
  );
}
