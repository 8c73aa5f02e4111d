import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';

// Shapes of the BFF's kubeconfig contract (apps/bff/src/projects/contract.ts).
const infoSchema = z.object({
  cluster: z.string(),
  project: z.string(),
  namespaces: z.array(z.string()),
  mode: z.enum(['token', 'oidc']),
  tokenSeconds: z.number(),
  maxTokenSeconds: z.number(),
  contextName: z.string(),
  myLevels: z.array(z.string()),
});
export type KubeconfigInfo = z.infer<typeof infoSchema>;

const issuedSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  project: z.string(),
  namespace: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['active', 'expired']),
});
export type IssuedKubeconfig = z.infer<typeof issuedSchema>;

const listSchema = z.object({
  kubeconfigs: z.array(issuedSchema),
  errors: z.array(z.object({ cluster: z.string(), message: z.string() })),
});
const revokeSchema = z.object({ revoked: z.array(z.string()) });

export const kubeconfigKeys = {
  mine: () => ['kubeconfigs', 'mine'] as const,
  info: (cluster: string, project: string) => ['kubeconfigs', 'info', cluster, project] as const,
};

export function useKubeconfigInfo(cluster: string, project: string) {
  return useQuery({
    queryKey: kubeconfigKeys.info(cluster, project),
    queryFn: ({ signal }) =>
      requestJson(
        `/api/clusters/${encodeURIComponent(cluster)}/kubeconfig/info?${new URLSearchParams({ project }).toString()}`,
        infoSchema,
        { signal },
      ),
    retry: false,
  });
}

export function useMyKubeconfigs() {
  return useQuery({
    queryKey: kubeconfigKeys.mine(),
    queryFn: ({ signal }) => requestJson('/api/kubeconfigs', listSchema, { signal }),
  });
}

/** Revokes one file (by cluster and id) or, without a target, every file of the user. */
export function useRevoke() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (target?: { cluster: string; id: string }) =>
      requestJson(
        target
          ? `/api/kubeconfigs/${encodeURIComponent(target.cluster)}/${encodeURIComponent(target.id)}/revoke`
          : '/api/kubeconfigs/revoke-all',
        revokeSchema,
        { method: 'POST', body: {} },
      ),
    onSettled: () => client.invalidateQueries({ queryKey: kubeconfigKeys.mine() }),
  });
}
