/** The download page for a cluster and project; it carries no secret, so it may be sent to anyone. */
export function kubeconfigPagePath(cluster: string, project: string): string {
  return `/kubeconfig?${new URLSearchParams({ cluster, project }).toString()}`;
}

/** The download page for one namespace outside any project (at a level the person holds there). */
export function namespaceKubeconfigPagePath(cluster: string, namespace: string): string {
  return `/kubeconfig?${new URLSearchParams({ cluster, namespace }).toString()}`;
}

/** `project` '' asks for a namespace file, at `level`. */
export function downloadUrl(
  cluster: string,
  project: string,
  namespace?: string,
  expirationSeconds?: number,
  level?: string,
): string {
  const q = new URLSearchParams({
    ...(project ? { project } : {}),
    ...(namespace ? { namespace } : {}),
    ...(level ? { level } : {}),
    ...(expirationSeconds ? { expirationSeconds: String(expirationSeconds) } : {}),
  });
  return `/api/clusters/${encodeURIComponent(cluster)}/kubeconfig?${q.toString()}`;
}
