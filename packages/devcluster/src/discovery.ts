// Discovery documents: legacy (/api, /apis, group versions) and aggregated (apidiscovery.k8s.io v2/v2beta1).
import {
  apiVersionOf,
  GROUP_ORDER,
  RESOURCES,
  versionsOf,
  type ResourceType,
} from './resources.js';

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
};

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

function groupEntry(group: string): object {
  const versions = versionsOf(group).map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: GROUP_ORDER.filter((g) => g !== '').map(groupEntry),
  };
}

export function apiGroup(group: string): object | undefined {
  if (group === '' || !GROUP_ORDER.includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group) };
}

export function apiResourceList(group: string, version: string): object | undefined {
  const types = RESOURCES.filter((t) => t.group === group && t.version === version);
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
    for (const sub of t.subresources ?? []) {
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
  if (t.subresources) {
    entry.subresources = t.subresources.map((sub) => {
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

function groupDiscovery(group: string): object {
  return {
    metadata: group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
    versions: versionsOf(group).map((version) => ({
      version,
      resources: RESOURCES.filter((t) => t.group === group && t.version === version).map(
        discoveryResource,
      ),
      freshness: 'Current',
    })),
  };
}

/** `/api` (legacy=true) or `/apis` as an APIGroupDiscoveryList of the given apidiscovery version. */
export function aggregatedDiscovery(legacy: boolean, version: 'v2' | 'v2beta1'): object {
  const groups = legacy ? [''] : GROUP_ORDER.filter((g) => g !== '');
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map(groupDiscovery),
  };
}

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.13-devcluster',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-22T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};
