/** The download page for a cluster and project; it carries no secret, so it may be sent to anyone. */
export function kubeconfigPagePath(cluster: string, project: string): string {
  return `/kubeconfig?${new URLSearchParams({ cluster, project }).toString()}`;
}

export function downloadUrl(
  cluster: string,
  project: string,
  namespace?: string,
  expirationSeconds?: number,
): string {
  const q = new URLSearchParams({
    project,
    ...(namespace ? { namespace } : {}),
    ...(expirationSeconds ? { expirationSeconds: String(expirationSeconds) } : {}),
  });
  return `/api/clusters/${encodeURIComponent(cluster)}/kubeconfig?${q.toString()}`;
}
