import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { namespaceSearchResponse, type NamespaceMatch } from '@gatehouse/bff/contract';
import { requestJson } from './http.js';

export type { NamespaceMatch };

export function namespaceSearchUrl(cluster: string, q: string, limit: number): string {
  const query = new URLSearchParams({ q, limit: String(limit) });
  return `/api/clusters/${encodeURIComponent(cluster)}/namespaces?${query}`;
}

/**
 * The namespaces the person may see whose name holds `q` (any case), asked of the BFF as them:
 * their own first, then names starting with `q`; at most `limit`, with how many matched in all.
 */
export function useNamespaceSearch(cluster: string, q: string, limit: number, enabled = true) {
  return useQuery({
    queryKey: ['namespace-search', cluster, q, limit],
    queryFn: ({ signal }) =>
      requestJson(namespaceSearchUrl(cluster, q, limit), namespaceSearchResponse, { signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}
