// The API server's wording for denials, escalation refusals and invalid objects.
import { aggregateMessage, goQuote, goQuoteList } from './go-format.js';
import { combinedResource, isNonResourceRequest } from './match.js';
import type { AuthorizationRequest, FieldError, PolicyRule, Subject, UserInfo } from './types.js';

/** `User "carol" cannot list resource "pods" in API group "" in the namespace "payments"` (responsewriters.forbiddenMessage). */
export function forbiddenMessage(
  user: Pick<UserInfo, 'name'>,
  request: AuthorizationRequest,
): string {
  const who = `User ${goQuote(user.name)}`;
  if (isNonResourceRequest(request))
    return `${who} cannot ${request.verb} path ${goQuote(request.path)}`;
  const what = `${who} cannot ${request.verb} resource ${goQuote(combinedResource(request))} in API group ${goQuote(request.apiGroup)}`;
  const ns = request.namespace ?? '';
  return ns !== '' ? `${what} in the namespace ${goQuote(ns)}` : `${what} at the cluster scope`;
}

/** `<resource>[.<group>]`, schema.GroupResource.String(). */
export function groupResource(resource: string, group: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

/** apierrors.NewForbidden's message: `pods "foo" is forbidden: <reason>`, or `forbidden: <reason>` without a resource. */
export function forbiddenStatusMessage(
  target: { resource: string; group: string; name?: string } | undefined,
  reason: string,
): string {
  if (!target || (target.resource === '' && target.group === '')) return `forbidden: ${reason}`;
  const gr = groupResource(target.resource, target.group);
  return target.name
    ? `${gr} ${goQuote(target.name)} is forbidden: ${reason}`
    : `${gr} is forbidden: ${reason}`;
}

/** The full message of the 403 the API server returns when the authorizer does not allow a request. */
export function forbiddenRequestMessage(
  user: Pick<UserInfo, 'name'>,
  request: AuthorizationRequest,
  authorizerReason = '',
): string {
  const text =
    forbiddenMessage(user, request) + (authorizerReason !== '' ? `: ${authorizerReason}` : '');
  if (isNonResourceRequest(request)) return forbiddenStatusMessage(undefined, text);
  return forbiddenStatusMessage(
    { resource: request.resource, group: request.apiGroup, name: request.name ?? '' },
    text,
  );
}

/** describeSubject in rule.go: ServiceAccounts as "name/namespace". */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${goQuote(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}

/** The RBAC authorizer's allow reason for a binding. */
export function allowedReason(
  bindingKind: 'ClusterRoleBinding' | 'RoleBinding',
  bindingName: string,
  bindingNamespace: string,
  roleKind: string,
  roleName: string,
  subject: Subject,
): string {
  const binding =
    bindingKind === 'RoleBinding' ? `${bindingName}/${bindingNamespace}` : bindingName;
  return `RBAC: allowed by ${bindingKind} ${goQuote(binding)} of ${roleKind} ${goQuote(roleName)} to ${describeSubject(subject, bindingNamespace)}`;
}

/** The RBAC authorizer's NoOpinion reason: "" or "RBAC: <aggregated resolution errors>". */
export function deniedReason(errors: readonly string[]): string {
  return errors.length === 0 ? '' : `RBAC: ${aggregateMessage(errors)}`;
}

/** rbacv1helpers.CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`. */
export function compactRuleString(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${goQuoteList(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${goQuoteList(rule.resources)}`);
  if (rule.nonResourceURLs?.length)
    parts.push(`NonResourceURLs:${goQuoteList(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${goQuoteList(rule.resourceNames)}`);
  if (rule.verbs?.length) parts.push(`Verbs:${goQuoteList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** CompactRules in rule.go: simple single-group/resource(/name) rules that differ only by verb are merged. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const key = simpleResourceKey(rule);
    if (key === undefined) {
      compacted.push(rule);
      continue;
    }
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...(rule.verbs ?? [])];
    else simple.set(key, { ...rule, verbs: [...(rule.verbs ?? [])] });
  }
  return [...compacted, ...simple.values()];
}

function simpleResourceKey(rule: PolicyRule): string | undefined {
  const names = rule.resourceNames ?? [];
  if (names.length > 1 || (rule.nonResourceURLs?.length ?? 0) > 0) return undefined;
  const groups = rule.apiGroups ?? [];
  const resources = rule.resources ?? [];
  if (groups.length !== 1 || resources.length !== 1) return undefined;
  // isSimpleResourceRule copies resourceNames into the rule it DeepEquals against, but not
  // nonResourceURLs: an empty (non-nil) nonResourceURLs list fails the comparison.
  if (rule.nonResourceURLs != null) return undefined;
  return JSON.stringify([groups[0], resources[0], names.length > 0, names[0] ?? '']);
}

/** ConfirmNoEscalation's error text: one compacted missing rule per line, sorted as Go's sets.String. */
export function escalationMessage(
  user: UserInfo,
  missing: readonly PolicyRule[],
  resolutionErrors: readonly string[] = [],
): string {
  const lines = [...new Set(compactRules(missing).map(compactRuleString))].sort(compareBytes);
  let msg = `user ${goQuote(user.name)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (resolutionErrors.length > 0)
    msg += `; resolution errors: [${aggregateMessage(resolutionErrors)}]`;
  return msg;
}

export const AGGREGATION_RULE_MESSAGE =
  'must have cluster-admin privileges to use the aggregationRule';

/** Go string ordering (byte order of UTF-8; equal to UTF-16 order outside astral planes). */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** apierrors.NewInvalid's message: `Role.rbac.authorization.k8s.io "bad" is invalid: <field>: <message>`. */
export function invalidStatusMessage(
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): string {
  const qualified = group === '' ? kind : `${kind}.${group}`;
  const head = `${qualified} ${goQuote(name)} is invalid`;
  if (errors.length === 0) return head;
  return `${head}: ${aggregateMessage(errors.map((e) => `${e.field}: ${e.message}`))}`;
}
