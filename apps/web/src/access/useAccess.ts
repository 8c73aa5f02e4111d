import { useQuery } from '@tanstack/react-query';
import { useCluster } from '../app/cluster.js';
import { selfSubjectAccessReview } from '../api/accessReview.js';
import { k8sKeys } from '../api/rbacKeys.js';
import { decide, requestKey, type AccessRequest, type Capability } from './capabilities.js';

/** `checking` while an access review settles an `unknown`; `unknown` stays if the review fails. */
export type AccessState = Capability | 'checking';

export function resolveAccess(
  fromRules: Capability,
  review: { isPending: boolean; data: boolean | undefined },
): AccessState {
  if (fromRules !== 'unknown') return fromRules;
  if (review.data !== undefined) return review.data ? 'allowed' : 'denied';
  return review.isPending ? 'checking' : 'unknown';
}

/**
 * Settles an `unknown` decision with a SelfSubjectAccessReview (on the current cluster, or `on`);
 * other decisions pass through.
 */
export function useSettledAccess(
  fromRules: Capability,
  request: AccessRequest,
  on?: string,
): AccessState {
  const id = useCluster().cluster.id;
  const cluster = on ?? id;
  const review = useQuery({
    queryKey: k8sKeys.accessReview(cluster, requestKey(request)),
    queryFn: ({ signal }) => selfSubjectAccessReview(cluster, request, signal),
    enabled: fromRules === 'unknown',
    staleTime: 60_000,
  });
  return resolveAccess(fromRules, review);
}

/** Decides from the evaluated rules; falls back to a SelfSubjectAccessReview only when they cannot say. */
export function useAccess(request: AccessRequest): AccessState {
  const { cluster } = useCluster();
  return useSettledAccess(decide(cluster.capabilities, request), request);
}
