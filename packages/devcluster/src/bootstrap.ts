// What every cluster has from its first start: the system namespaces and Kubernetes' bootstrap RBAC
// policy (loaded from ../bootstrap/*.yaml, see the README there).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Registry } from './registry.js';
import { resourceByKind, storeKey } from './resources.js';
import type { KObject } from './object.js';

const FILES = [
  'namespace-roles.yaml',
  'namespace-role-bindings.yaml',
  'cluster-roles.yaml',
  'cluster-role-bindings.yaml',
  // The system:controller:* roles and bindings kube-apiserver's RBAC post-start hook also creates.
  'controller-roles.yaml',
  'controller-role-bindings.yaml',
];
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Upstream bindings newer than the copied cluster-role-bindings.yaml (see ../bootstrap/README.md). */
const NEWER_BINDINGS: [string, string][] = [
  ['system:monitoring', 'system:monitoring'],
  ['system:service-account-issuer-discovery', 'system:serviceaccounts'],
];

function newerBindings(): KObject[] {
  return NEWER_BINDINGS.map(([name, group]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  }));
}

function loadList(file: string): KObject[] {
  const text = readFileSync(new URL(`../bootstrap/${file}`, import.meta.url), 'utf8');
  const list = parse(text) as { items?: KObject[] };
  return list.items ?? [];
}

/** Creates whichever bootstrap objects are missing (as the API server's post-start hook does). */
export function ensureBootstrap(registry: Registry): void {
  const ns = resourceByKind('v1', 'Namespace');
  if (!ns) throw new Error('Namespace missing from the catalogue');
  for (const name of SYSTEM_NAMESPACES) {
    if (!registry.store.get(storeKey(ns), undefined, name))
      registry.create(ns, undefined, { metadata: { name } });
  }
  const svc = resourceByKind('v1', 'Service');
  if (svc && !registry.store.get(storeKey(svc), 'default', 'kubernetes')) {
    registry.create(svc, 'default', {
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    });
  }
  for (const items of [...FILES.map(loadList), newerBindings()]) {
    for (const item of items) {
      const t = resourceByKind(String(item.apiVersion), String(item.kind));
      if (!t) throw new Error(`bootstrap: unknown kind ${String(item.kind)}`);
      const namespace = t.namespaced ? item.metadata.namespace : undefined;
      if (registry.store.get(storeKey(t), namespace, item.metadata.name)) continue;
      const { creationTimestamp: _c, ...metadata } = item.metadata;
      registry.create(t, namespace, {
        ...item,
        metadata: { ...metadata, name: item.metadata.name },
      });
    }
  }
}
