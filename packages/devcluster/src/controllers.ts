// The controllers a real cluster runs that clients can observe: ClusterRole aggregation, and the
// default ServiceAccount and kube-root-ca.crt ConfigMap of every new namespace.
import { aggregateClusterRoles, type ClusterRole } from '@gatehouse/policy';
import { RBAC_GROUP } from './authz/authorizer.js';
import type { Registry } from './registry.js';
import { findResource, storeKey, type ResourceType } from './resources.js';
import type { KObject } from './object.js';

const CLUSTER_ROLES = `${RBAC_GROUP}/clusterroles`;

function mustFind(group: string, version: string, plural: string): ResourceType {
  const t = findResource(group, version, plural);
  if (!t) throw new Error(`resource ${plural} missing from the catalogue`);
  return t;
}

/** Rewrites every aggregated ClusterRole whose rules are stale; returns how many changed. */
export function aggregateNow(registry: Registry): number {
  const roles = registry.store.list(CLUSTER_ROLES);
  const next = aggregateClusterRoles(roles as unknown as ClusterRole[]);
  let changed = 0;
  next.forEach((role, i) => {
    if (role === (roles[i] as unknown as ClusterRole)) return;
    registry.store.put(CLUSTER_ROLES, role as unknown as KObject);
    changed++;
  });
  return changed;
}

export function installControllers(registry: Registry, caPem: string): void {
  const serviceAccounts = mustFind('', 'v1', 'serviceaccounts');
  const configMaps = mustFind('', 'v1', 'configmaps');
  registry.afterWrites.push((op, t, obj) => {
    if (storeKey(t) === CLUSTER_ROLES) {
      aggregateNow(registry);
      return;
    }
    if (op === 'create' && t.group === '' && t.plural === 'namespaces') {
      const ns = obj.metadata.name;
      registry.create(serviceAccounts, ns, { metadata: { name: 'default', namespace: ns } });
      registry.create(configMaps, ns, {
        metadata: {
          name: 'kube-root-ca.crt',
          namespace: ns,
          annotations: {
            'kubernetes.io/description':
              'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
          },
        },
        data: { 'ca.crt': caPem },
      });
    }
  });
}
