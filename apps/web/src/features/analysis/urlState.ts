import type { RequestInput, SubjectInput } from './api.js';

/** Analysis forms live in the URL so a result can be shared and reloaded. */
export function subjectFromParams(
  p: URLSearchParams,
  fallback: SubjectInput['kind'] = 'Self',
): SubjectInput {
  const kind = p.get('subjectKind');
  return {
    kind:
      kind === 'User' || kind === 'Group' || kind === 'ServiceAccount' || kind === 'Self'
        ? kind
        : fallback,
    name: p.get('subjectName') ?? '',
    namespace: p.get('subjectNamespace') ?? '',
    groups: p.get('groups') ?? '',
    signInGroups: p.get('signInGroups') === 'true',
  };
}

export function requestFromParams(p: URLSearchParams): RequestInput {
  return {
    nonResource: p.has('path'),
    verb: p.get('verb') ?? 'get',
    apiGroup: p.get('apiGroup') ?? '',
    resource: p.get('resource') ?? '',
    subresource: p.get('subresource') ?? '',
    name: p.get('resourceName') ?? '',
    namespace: p.get('namespace') ?? '',
    path: p.get('path') ?? '',
  };
}

/** Whether the URL holds a complete subject to analyse. */
export function subjectReady(s: SubjectInput): boolean {
  if (s.kind === 'Self') return true;
  if (!s.name.trim()) return false;
  return s.kind !== 'ServiceAccount' || s.namespace.trim() !== '';
}

export function requestReady(r: RequestInput): boolean {
  if (!r.verb.trim()) return false;
  return r.nonResource ? r.path.trim().startsWith('/') : r.resource.trim() !== '';
}
