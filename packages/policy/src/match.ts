// Rule and subject matching, as pkg/apis/rbac/v1/evaluation_helpers.go and rule.go appliesTo.
import type { PreparedRequest } from './compiled-rule.js';
import { isDNS1123Label, isDNS1123Subdomain } from './name-validation.js';
import type {
  AuthorizationRequest,
  NonResourceRequest,
  PolicyRule,
  ResourceRequest,
  Subject,
  UserInfo,
} from './types.js';

const NONE: readonly string[] = [];

export function isNonResourceRequest(request: AuthorizationRequest): request is NonResourceRequest {
  return typeof (request as Partial<NonResourceRequest>).path === 'string';
}

/** Derives the strings a decision compares, once per request. */
export function prepareRequest(request: AuthorizationRequest): PreparedRequest {
  if (isNonResourceRequest(request)) {
    return {
      nonResource: true,
      verb: request.verb,
      group: '',
      combined: '',
      starSub: '',
      name: '',
      path: request.path,
    };
  }
  const sub = request.subresource ?? '';
  return {
    nonResource: false,
    verb: request.verb,
    group: request.apiGroup,
    combined: sub === '' ? request.resource : `${request.resource}/${sub}`,
    starSub: sub === '' ? '' : `*/${sub}`,
    name: request.name ?? '',
    path: '',
  };
}

/** `resource` or `resource/subresource`, the string rules are compared with. */
export function combinedResource(request: ResourceRequest): string {
  return request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs ?? NONE) if (v === '*' || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of rule.apiGroups ?? NONE) if (g === '*' || g === group) return true;
  return false;
}

export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? NONE) {
    if (r === '*' || r === combined) return true;
    // `*/sub` is the only subresource wildcard.
    if (
      subresource !== '' &&
      r.length === subresource.length + 2 &&
      r.startsWith('*/') &&
      r.endsWith(subresource)
    ) {
      return true;
    }
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames;
  if (!names || names.length === 0) return true;
  return names.includes(name);
}

/** Only a trailing `*` is special: it matches any path starting with the URL minus all trailing stars. */
export function nonResourceURLMatches(ruleURL: string, path: string): boolean {
  if (ruleURL === '*' || ruleURL === path) return true;
  return ruleURL.endsWith('*') && path.startsWith(trimTrailingStars(ruleURL));
}

export function trimTrailingStars(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 42) end--;
  return url.slice(0, end);
}

/** Whether one rule allows one request, exactly as the API server's RuleAllows. */
export function ruleAllows(rule: PolicyRule, request: AuthorizationRequest): boolean {
  if (isNonResourceRequest(request)) {
    if (!verbMatches(rule, request.verb)) return false;
    for (const u of rule.nonResourceURLs ?? NONE)
      if (nonResourceURLMatches(u, request.path)) return true;
    return false;
  }
  const sub = request.subresource ?? '';
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, combinedResource(request), sub) &&
    resourceNameMatches(rule, request.name ?? '')
  );
}

/** Whether any of the rules allows the request (e.g. rules from a SelfSubjectRulesReview). */
export function rulesAllow(rules: readonly PolicyRule[], request: AuthorizationRequest): boolean {
  for (const rule of rules) if (ruleAllows(rule, request)) return true;
  return false;
}

/** The RBAC API group, rbac.authorization.k8s.io. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

const SA_PREFIX = 'system:serviceaccount:';

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** serviceaccount.SplitUsername: `system:serviceaccount:NS:NAME` with a valid namespace and name, else undefined. */
export function parseServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const parts = username.slice(SA_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace = '', name = ''] = parts;
  if (isDNS1123Label(namespace).length > 0 || isDNS1123Subdomain(name).length > 0) return undefined;
  return { namespace, name };
}

/** The groups the authenticator adds for a ServiceAccount (besides system:authenticated). */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

export const SYSTEM_MASTERS = 'system:masters';

/** kube-apiserver's privileged-groups authorizer (before RBAC) and EscalationAllowed test this group. */
export function isSystemMaster(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_MASTERS);
}

/**
 * Whether a binding subject names the user; `bindingNamespace` is "" for ClusterRoleBindings.
 * As appliesToUser: the SA identity is only its username; groups are never derived from it.
 */
export function subjectAppliesTo(
  user: UserInfo,
  subject: Subject,
  bindingNamespace: string,
): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      if (ns === '') return false;
      return user.name === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}

/** Index of the first subject that applies to the user, or -1. */
export function appliesTo(
  user: UserInfo,
  subjects: readonly Subject[] | null | undefined,
  bindingNamespace: string,
): number {
  if (!subjects) return -1;
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i];
    if (s && subjectAppliesTo(user, s, bindingNamespace)) return i;
  }
  return -1;
}
