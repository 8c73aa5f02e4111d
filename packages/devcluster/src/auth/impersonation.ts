// Impersonate-* headers, each authorized with the `impersonate` verb as kube-apiserver's filter does.
import type { IncomingMessage } from 'node:http';
import type { AuthorizationRequest } from '@gatehouse/policy';
import { forbiddenError, type ClusterAuthorizer } from '../authz/authorizer.js';
import { internalError } from '../status.js';
import type { UserInfo } from './user.js';

const SA_PREFIX = 'system:serviceaccount:';
const EXTRA_PREFIX = 'impersonate-extra-';

function values(req: IncomingMessage, header: string): string[] {
  return req.headersDistinct[header] ?? [];
}

/** The user the request acts as: `user` itself when no Impersonate-* header is present. */
export function impersonate(
  req: IncomingMessage,
  user: UserInfo,
  authz: ClusterAuthorizer,
): UserInfo {
  const names = values(req, 'impersonate-user');
  const groups = values(req, 'impersonate-group');
  const uids = values(req, 'impersonate-uid');
  const extraHeaders = Object.keys(req.headersDistinct).filter((h) => h.startsWith(EXTRA_PREFIX));
  if (names.length === 0 && groups.length === 0 && uids.length === 0 && extraHeaders.length === 0)
    return user;
  const name = names[0];
  if (name === undefined || name === '') {
    throw internalError(
      'requested impersonation of groups, uid or extra without impersonating a user',
    );
  }

  const check = (request: AuthorizationRequest): void => {
    const d = authz.authorize(user, request);
    if (!d.allowed) throw forbiddenError(user, request, d.reason);
  };

  let impersonatedGroups: string[] = [];
  if (name.startsWith(SA_PREFIX) && name.split(':').length === 4) {
    const [, , namespace = '', saName = ''] = name.split(':');
    check({
      verb: 'impersonate',
      apiGroup: '',
      resource: 'serviceaccounts',
      namespace,
      name: saName,
    });
    if (groups.length === 0)
      impersonatedGroups = ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
  } else {
    check({ verb: 'impersonate', apiGroup: '', resource: 'users', namespace: '', name });
  }
  for (const g of groups) {
    check({ verb: 'impersonate', apiGroup: '', resource: 'groups', namespace: '', name: g });
    impersonatedGroups.push(g);
  }
  const extra: Record<string, string[]> = {};
  for (const h of extraHeaders) {
    const key = decodeURIComponent(h.slice(EXTRA_PREFIX.length));
    for (const v of values(req, h)) {
      check({
        verb: 'impersonate',
        apiGroup: 'authentication.k8s.io',
        resource: 'userextras',
        subresource: key,
        namespace: '',
        name: v,
      });
      (extra[key] ??= []).push(v);
    }
  }
  const uid = uids[0];
  if (uid !== undefined)
    check({
      verb: 'impersonate',
      apiGroup: 'authentication.k8s.io',
      resource: 'uids',
      namespace: '',
      name: uid,
    });

  if (name === 'system:anonymous') {
    if (!impersonatedGroups.includes('system:unauthenticated'))
      impersonatedGroups.push('system:unauthenticated');
  } else if (
    !impersonatedGroups.includes('system:authenticated') &&
    !impersonatedGroups.includes('system:unauthenticated')
  ) {
    impersonatedGroups.push('system:authenticated');
  }
  const result: UserInfo = { name, groups: impersonatedGroups };
  if (uid !== undefined) result.uid = uid;
  if (Object.keys(extra).length > 0) result.extra = extra;
  return result;
}
