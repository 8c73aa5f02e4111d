import { useQuery } from '@tanstack/react-query';
import { requestJson } from './http.js';
import { k8sKeys } from './rbacKeys.js';
import { k8sBase, segment } from './rbacKinds.js';
import { listSchema, serviceAccountSchema } from './rbacSchemas.js';

/** Names of the ServiceAccounts in a namespace, to suggest as binding subjects. */
export function useServiceAccountNames(cluster: string, namespace: string, enabled: boolean) {
  return useQuery({
    queryKey: k8sKeys.serviceAccounts(cluster, namespace),
    queryFn: async ({ signal }) => {
      const list = await requestJson(
        `${k8sBase(cluster)}/api/v1/namespaces/${segment(namespace)}/serviceaccounts`,
        listSchema(serviceAccountSchema),
        { signal },
      );
      return list.items.map((sa) => sa.metadata.name).sort();
    },
    enabled,
    staleTime: 60_000,
  });
}
