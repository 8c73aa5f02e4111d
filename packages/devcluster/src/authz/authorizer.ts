// The API server's authorizer chain: system:masters first, then RBAC over the stored objects via packages/policy.
import {
  createAuthorizer,
  forbiddenRequestMessage,
  isSystemMaster,
  type AuthorizationRequest,
  type Authorizer,
  type ClusterRole,
  type ClusterRoleBinding,
  type Role,
  type RoleBinding,
} from '@gatehouse/policy';
import type { UserInfo } from '../auth/user.js';
import type { RequestInfo } from '../requestinfo.js';
import type { Store } from '../store.js';
import { ApiError, type StatusDetails } from '../status.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_KEYS = new Set(
  ['clusterroles', 'roles', 'clusterrolebindings', 'rolebindings'].map((r) => `${RBAC_GROUP}/${r}`),
);

export interface AuthorizationResult {
  allowed: boolean;
  reason: string;
}

export class ClusterAuthorizer {
  private cached: Authorizer | undefined;

  constructor(private readonly store: Store) {
    store.subscribe((ev) => {
      if (RBAC_KEYS.has(ev.key)) this.cached = undefined;
    });
  }

  /** The RBAC authorizer over the current objects, rebuilt only after an RBAC object changed. */
  rbac(): Authorizer {
    if (!this.cached) {
      const list = <T>(r: string): T[] => this.store.list(`${RBAC_GROUP}/${r}`) as unknown as T[];
      this.cached = createAuthorizer({
        clusterRoles: list<ClusterRole>('clusterroles'),
        roles: list<Role>('roles'),
        clusterRoleBindings: list<ClusterRoleBinding>('clusterrolebindings'),
        roleBindings: list<RoleBinding>('rolebindings'),
      });
    }
    return this.cached;
  }

  authorize(user: UserInfo, request: AuthorizationRequest): AuthorizationResult {
    if (isSystemMaster(user)) return { allowed: true, reason: '' };
    const d = this.rbac().authorize(user, request);
    return { allowed: d.allowed, reason: d.reason };
  }
}

export function toAuthorizationRequest(info: RequestInfo): AuthorizationRequest {
  if (info.kind === 'nonresource') return { verb: info.verb, path: info.path };
  const r: AuthorizationRequest = {
    verb: info.verb,
    apiGroup: info.group,
    resource: info.resource,
    namespace: info.namespace,
    name: info.name,
  };
  if (info.subresource) r.subresource = info.subresource;
  return r;
}

/** The 403 the API server sends when the authorizer does not allow a request. */
export function forbiddenError(
  user: UserInfo,
  request: AuthorizationRequest,
  reason: string,
): ApiError {
  const message = forbiddenRequestMessage(user, request, reason);
  if ('path' in request) return new ApiError(403, 'Forbidden', message, {});
  const details: StatusDetails = {};
  if (request.name) details.name = request.name;
  if (request.apiGroup) details.group = request.apiGroup;
  details.kind = request.resource;
  return new ApiError(403, 'Forbidden', message, details);
}
