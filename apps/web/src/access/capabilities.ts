import { rulesAllow } from '@gatehouse/policy';
import type { NonResourceRequest, PolicyRule, ResourceRequest } from '@gatehouse/policy';
import type { Capabilities, RuleSet } from '../api/session.js';

export type AccessRequest = ResourceRequest | NonResourceRequest;

/**
 * What the evaluated rules say about one request. `unknown` means the rules review was
 * incomplete and did not allow it: an access review must decide, never a guess.
 */
export type Capability = 'allowed' | 'denied' | 'unknown';

function isNonResource(request: AccessRequest): request is NonResourceRequest {
  return 'path' in request;
}

/** Rule sets that apply to a request: cluster-wide ones everywhere, a namespace's own inside it. */
function ruleSetFor(caps: Capabilities, request: AccessRequest): RuleSet {
  if (isNonResource(request) || !request.namespace) return caps.cluster;
  return caps.namespaces.find((ns) => ns.name === request.namespace)?.rules ?? caps.cluster;
}

function decideWith(set: RuleSet, request: AccessRequest): Capability {
  const rules: PolicyRule[] = isNonResource(request) ? set.nonResourceRules : set.resourceRules;
  if (rulesAllow(rules, request)) return 'allowed';
  return set.incomplete ? 'unknown' : 'denied';
}

/** Decides one request exactly as the API server's RBAC authorizer would from these rules. */
export function decide(caps: Capabilities, request: AccessRequest): Capability {
  return decideWith(ruleSetFor(caps, request), request);
}

const rank: Record<Capability, number> = { denied: 0, unknown: 1, allowed: 2 };

/**
 * For namespaced requests without a namespace: allowed if it is allowed in at least one namespace.
 * A namespace without an entry holds exactly the cluster-wide rules, which are asked first, so the
 * entries (the person's own namespaces) are all there is to look through.
 */
export function decideAnywhere(caps: Capabilities, request: ResourceRequest): Capability {
  let best = decideWith(caps.cluster, { ...request, namespace: undefined });
  for (const ns of caps.namespaces) {
    if (best === 'allowed') break;
    const here = decideWith(ns.rules, { ...request, namespace: ns.name });
    if (rank[here] > rank[best]) best = here;
  }
  return best;
}

/** Where a request is allowed (or unknown), without listing every namespace of the cluster. */
export interface NamespacesWhere {
  /** The person's own namespaces (those with an entry) where it is, sorted by name. */
  own: string[];
  /**
   * It is in every other namespace the person may see too (the cluster-wide rules say so, and there
   * are such namespaces); the namespace search finds them.
   */
  others: boolean;
}

/** Namespaces in which the request is allowed (or unknown), for a namespace-confined user's scope. */
export function namespacesWhere(caps: Capabilities, request: ResourceRequest): NamespacesWhere {
  const own = caps.namespaces
    .filter((ns) => decideWith(ns.rules, { ...request, namespace: ns.name }) !== 'denied')
    .map((ns) => ns.name);
  const others =
    caps.namespaceCount > caps.namespaces.length &&
    decideWith(caps.cluster, { ...request, namespace: undefined }) !== 'denied';
  return { own, others };
}

/** A stable text key for caching access reviews of one request. */
export function requestKey(request: AccessRequest): string {
  if (isNonResource(request)) return `${request.verb} ${request.path}`;
  const { verb, apiGroup, resource, subresource, name, namespace } = request;
  return [verb, apiGroup, resource, subresource ?? '', name ?? '', namespace ?? ''].join('|');
}
