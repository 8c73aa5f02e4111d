// Server side of the analysis endpoints' inputs: who a subject is to the API server, and the request
// asked about. The schemas themselves are in ./contract.ts.
import {
  serviceAccountGroups,
  serviceAccountUsername,
  type AuthorizationRequest,
} from '@gatehouse/policy';
import type { AnalysedUser, RequestQuery, SubjectInput } from './contract.js';
import type { Session } from '../session/sessions.js';

export type { SubjectInput };

/** The user the API server would see for the subject. */
export function identityOf(v: SubjectInput & { groups: string[] }, session: Session): AnalysedUser {
  switch (v.subjectKind) {
    case 'Self':
      return { name: session.user.name, groups: [...session.user.groups] };
    case 'User':
      return { name: v.subjectName ?? '', groups: v.groups };
    case 'Group':
      // A SubjectAccessReview for a group alone: no user name, as `kubectl auth can-i --as-group` sends.
      return { name: '', groups: [v.subjectName ?? ''] };
    case 'ServiceAccount': {
      const ns = v.subjectNamespace ?? '';
      return {
        name: serviceAccountUsername(ns, v.subjectName ?? ''),
        groups: [...serviceAccountGroups(ns), 'system:authenticated'],
      };
    }
  }
}

export function authorizationRequest(v: RequestQuery): AuthorizationRequest {
  if (v.path !== undefined) return { verb: v.verb, path: v.path };
  return {
    verb: v.verb,
    apiGroup: v.apiGroup,
    resource: v.resource ?? '',
    ...(v.subresource ? { subresource: v.subresource } : {}),
    ...(v.resourceName ? { name: v.resourceName } : {}),
    ...(v.namespace ? { namespace: v.namespace } : {}),
  };
}
