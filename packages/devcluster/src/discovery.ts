// Discovery documents: legacy (/api, /apis, group versions) and aggregated (apidiscovery.k8s.io v2/v2beta1).
import { emulationFor } from './emulation.js';
import { apiVersionOf, GROUP_ORDER, RESOURCES, type ResourceType } from './resources.js';

/** Built-in groups in server order, then the custom resources' groups by name. */
function groupsOf(served: ResourceType[]): string[] {
  const extra = [...new Set(served.map((t) => t.group))]
    .filter((g) => !GROUP_ORDER.includes(g))
    .sort();
  return [...GROUP_ORDER, ...extra];
}

/** The API versions of `group` among the served resources, in catalogue order. */
function versionsOf(group: string, served: ResourceType[]): string[] {
  return [...new Set(served.filter((t) => t.group === group).map((t) => t.version))];
}

const SUB_KIND: Record<
  string,
  (t: ResourceType) => { group: string; version: string; kind: string; verbs: string[] }
> = {
  status: (t) => ({ group: '', version: '', kind: t.kind, verbs: ['get', 'patch', 'update'] }),
  scale: () => ({
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
    verbs: ['get', 'patch', 'update'],
  }),
  token: () => ({
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'TokenRequest',
    verbs: ['create'],
  }),
  finalize: (t) => ({ group: '', version: '', kind: t.kind, verbs: ['update'] }),
  // What kube-apiserver's discovery lists for the pod subresources (kubectl api-resources -o wide).
  attach: () => ({ group: '', version: '', kind: 'PodAttachOptions', verbs: ['create', 'get'] }),
  binding: () => ({ group: '', version: '', kind: 'Binding', verbs: ['create'] }),
  ephemeralcontainers: (t) => ({
    group: '',
    version: '',
    kind: t.kind,
    verbs: ['get', 'patch', 'update'],
  }),
  eviction: () => ({ group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] }),
  exec: () => ({ group: '', version: '', kind: 'PodExecOptions', verbs: ['create', 'get'] }),
  log: (t) => ({ group: '', version: '', kind: t.kind, verbs: ['get'] }),
  portforward: () => ({
    group: '',
    version: '',
    kind: 'PodPortForwardOptions',
    verbs: ['create', 'get'],
  }),
  proxy: () => ({
    group: '',
    version: '',
    kind: 'PodProxyOptions',
    verbs: ['create', 'delete', 'get', 'patch', 'update'],
  }),
};

/** Every subresource discovery lists for `t`: served ones, then listed-only ones. */
function subresourcesOf(t: ResourceType): string[] {
  return [...(t.subresources ?? []), ...(t.listedSubresources ?? [])];
}

function subInfo(
  t: ResourceType,
  sub: string,
): { group: string; version: string; kind: string; verbs: string[] } {
  const f = SUB_KIND[sub];
  return f ? f(t) : { group: '', version: '', kind: t.kind, verbs: ['get'] };
}

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(group: string, served: ResourceType[]): object {
  const versions = versionsOf(group, served).map((v) => ({
    groupVersion: `${group}/${v}`,
    version: v,
  }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(served: ResourceType[] = RESOURCES): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsOf(served)
      .filter((g) => g !== '')
      .map((g) => groupEntry(g, served)),
  };
}

export function apiGroup(group: string, served: ResourceType[] = RESOURCES): object | undefined {
  if (group === '' || !groupsOf(served).includes(group)) return undefined;
  if (!GROUP_ORDER.includes(group) && versionsOf(group, served).length === 0) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, served) };
}

export function apiResourceList(
  group: string,
  version: string,
  served: ResourceType[] = RESOURCES,
): object | undefined {
  const types = served.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const resources: object[] = [];
  for (const t of types) {
    const entry: Record<string, unknown> = {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
    };
    if (t.shortNames) entry.shortNames = t.shortNames;
    if (t.categories) entry.categories = t.categories;
    resources.push(entry);
    for (const sub of subresourcesOf(t)) {
      const info = subInfo(t, sub);
      const subEntry: Record<string, unknown> = {
        name: `${t.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        kind: info.kind,
        verbs: info.verbs,
      };
      if (info.group) subEntry.group = info.group;
      if (info.version) subEntry.version = info.version;
      resources.push(subEntry);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(types[0] as ResourceType),
    resources,
  };
}

function discoveryResource(t: ResourceType): object {
  const entry: Record<string, unknown> = {
    resource: t.plural,
    responseKind: { group: '', version: '', kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames) entry.shortNames = t.shortNames;
  if (t.categories) entry.categories = t.categories;
  if (subresourcesOf(t).length > 0) {
    entry.subresources = subresourcesOf(t).map((sub) => {
      const info = subInfo(t, sub);
      return {
        subresource: sub,
        responseKind: { group: info.group, version: info.version, kind: info.kind },
        verbs: info.verbs,
      };
    });
  }
  return entry;
}

function groupDiscovery(group: string, served: ResourceType[]): object {
  return {
    metadata: group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
    versions: versionsOf(group, served).map((version) => ({
      version,
      resources: served
        .filter((t) => t.group === group && t.version === version)
        .map(discoveryResource),
      freshness: 'Current',
    })),
  };
}

/** `/api` (legacy=true) or `/apis` as an APIGroupDiscoveryList of the given apidiscovery version. */
export function aggregatedDiscovery(
  legacy: boolean,
  version: 'v2' | 'v2beta1',
  served: ResourceType[] = RESOURCES,
): object {
  const groups = legacy ? [''] : groupsOf(served).filter((g) => g !== '');
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => groupDiscovery(g, served)),
  };
}

export const VERSION_INFO = emulationFor(undefined).version;
