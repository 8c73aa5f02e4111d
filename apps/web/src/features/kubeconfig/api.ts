import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  kubeconfigInfo,
  kubeconfigsResponse,
  revokeResponse,
} from '@gatehouse/bff/contract/projects';
import { requestJson, toApiError } from '../../api/http.js';
import { downloadUrl } from './links.js';

export type { IssuedKubeconfig, KubeconfigInfo } from '@gatehouse/bff/contract/projects';

export const kubeconfigKeys = {
  mine: () => ['kubeconfigs', 'mine'] as const,
  info: (cluster: string, target: KubeconfigTarget) =>
    ['kubeconfigs', 'info', cluster, target.project ?? '', target.namespace ?? ''] as const,
};

/** A project's files, or (without a project) one namespace's. */
export type KubeconfigTarget =
  { project: string; namespace?: never } | { project?: never; namespace: string };

export function useKubeconfigInfo(cluster: string, target: KubeconfigTarget) {
  const q: Record<string, string> =
    target.project !== undefined ? { project: target.project } : { namespace: target.namespace };
  return useQuery({
    queryKey: kubeconfigKeys.info(cluster, target),
    queryFn: ({ signal }) =>
      requestJson(
        `/api/clusters/${encodeURIComponent(cluster)}/kubeconfig/info?${new URLSearchParams(q).toString()}`,
        kubeconfigInfo,
        { signal },
      ),
    retry: false,
  });
}

export function useMyKubeconfigs() {
  return useQuery({
    queryKey: kubeconfigKeys.mine(),
    queryFn: ({ signal }) => requestJson('/api/kubeconfigs', kubeconfigsResponse, { signal }),
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
        revokeResponse,
        { method: 'POST', body: {} },
      ),
    onSettled: () => client.invalidateQueries({ queryKey: kubeconfigKeys.mine() }),
  });
}

/** Fetches a new file and hands it to the browser as a download; a refusal stays on the page with its reason. */
export function useDownload() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: {
      cluster: string;
      project: string;
      namespace: string;
      filename: string;
      /** Omitted in OIDC mode, where the file holds no token. */
      expirationSeconds?: number;
      /** A namespace file's level (project ''). */
      level?: string;
    }) => {
      const url = downloadUrl(
        input.cluster,
        input.project,
        input.namespace,
        input.expirationSeconds,
        input.level,
      );
      const res = await fetch(url, {
        credentials: 'same-origin',
        headers: { Accept: 'application/yaml' },
      });
      if (!res.ok) throw await toApiError(res);
      const blob = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = blob;
      a.download = input.filename;
      a.click();
      // Revoked later, not at once: the browser reads the blob after the click returns.
      setTimeout(() => URL.revokeObjectURL(blob), 60_000);
    },
    onSettled: () => client.invalidateQueries({ queryKey: kubeconfigKeys.mine() }),
  });
}
