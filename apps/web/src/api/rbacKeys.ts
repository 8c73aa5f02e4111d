import type { RbacPlural } from './rbacKinds.js';

/** Query keys for Kubernetes objects: invalidating a prefix refreshes everything beneath it. */
export const k8sKeys = {
  cluster: (cluster: string) => ['k8s', cluster] as const,
  kind: (cluster: string, plural: RbacPlural) => [...k8sKeys.cluster(cluster), plural] as const,
  list: (cluster: string, plural: RbacPlural, namespace: string | undefined) =>
    [...k8sKeys.kind(cluster, plural), 'list', namespace ?? '*'] as const,
  detail: (cluster: string, plural: RbacPlural, namespace: string | undefined, name: string) =>
    [...k8sKeys.kind(cluster, plural), 'detail', namespace ?? '', name] as const,
  discovery: (cluster: string) => [...k8sKeys.cluster(cluster), 'discovery'] as const,
  accessReview: (cluster: string, request: string) =>
    [...k8sKeys.cluster(cluster), 'ssar', request] as const,
  serviceAccounts: (cluster: string, namespace: string) =>
    [...k8sKeys.cluster(cluster), 'serviceaccounts', namespace] as const,
};
