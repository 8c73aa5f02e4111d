import type { NonResourceRequest, ResourceRequest } from '@gatehouse/policy';
import { requestJson } from './http.js';
import { k8sBase } from './rbacKinds.js';

// Access reviews are asked from the sidebar before any page has loaded zod: the schema loads beside.
const reviewSchema = () => import('./accessReviewSchema.js').then((m) => m.reviewSchema);

/** Asks the API server directly; used when the rules review was incomplete for a request. */
export async function selfSubjectAccessReview(
  cluster: string,
  request: ResourceRequest | NonResourceRequest,
  signal?: AbortSignal,
): Promise<boolean> {
  const spec =
    'path' in request
      ? { nonResourceAttributes: { verb: request.verb, path: request.path } }
      : {
          resourceAttributes: {
            verb: request.verb,
            group: request.apiGroup,
            resource: request.resource,
            subresource: request.subresource,
            name: request.name,
            namespace: request.namespace,
          },
        };
  const review = await requestJson(
    `${k8sBase(cluster)}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`,
    reviewSchema,
    {
      method: 'POST',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec },
      signal,
    },
  );
  return review.status.allowed;
}
