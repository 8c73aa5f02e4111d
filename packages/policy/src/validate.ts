// validateRbacObject: what pkg/apis/rbac/validation rejects on create and update, after v1 defaulting.
import { invalid, notSupported, required } from './field-errors.js';
import { RBAC_GROUP } from './match.js';
import { goQuote } from './go-format.js';
import { isDNS1123Subdomain, isValidPathSegmentName } from './name-validation.js';
import {
  asRecord,
  asString,
  asStringArray,
  typeErrors,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './validate-meta.js';
import type { Json } from './validate-meta.js';
import type { FieldError, ValidationResult } from './types.js';

const KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

function validatePolicyRule(raw: unknown, namespaced: boolean, path: string): FieldError[] {
  const rule = asRecord(raw) ?? {};
  const errors = typeErrors(rule, path, {
    verbs: 'array',
    apiGroups: 'array',
    resources: 'array',
    resourceNames: 'array',
    nonResourceURLs: 'array',
  });
  if (asStringArray(rule.verbs).length === 0)
    errors.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = asStringArray(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced)
      errors.push(
        invalid(
          `${path}.nonResourceURLs`,
          { slice: urls },
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    if (
      asStringArray(rule.apiGroups).length > 0 ||
      asStringArray(rule.resources).length > 0 ||
      asStringArray(rule.resourceNames).length > 0
    ) {
      errors.push(
        invalid(
          `${path}.nonResourceURLs`,
          { slice: urls },
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    }
    return errors;
  }
  if (asStringArray(rule.apiGroups).length === 0)
    errors.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (asStringArray(rule.resources).length === 0)
    errors.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errors;
}

function validateRole(obj: Json, namespaced: boolean): FieldError[] {
  const errors = validateObjectMeta(asRecord(obj.metadata) ?? {}, namespaced);
  errors.push(...typeErrors(obj, '', { rules: 'array' }));
  const rules = Array.isArray(obj.rules) ? obj.rules : [];
  rules.forEach((rule, i) => errors.push(...validatePolicyRule(rule, namespaced, `rules[${i}]`)));
  if (!namespaced && obj.aggregationRule != null) {
    const rule = asRecord(obj.aggregationRule) ?? {};
    const selectors = Array.isArray(rule.clusterRoleSelectors) ? rule.clusterRoleSelectors : [];
    const path = 'aggregationRule.clusterRoleSelectors';
    if (selectors.length === 0)
      errors.push(
        required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil'),
      );
    selectors.forEach((selector, i) => {
      const selectorErrors = validateLabelSelector(asRecord(selector) ?? {}, `${path}[${i}]`);
      errors.push(...selectorErrors);
      // LabelSelectorAsSelector fails on the same inputs; its nil result is printed as "null".
      if (selectorErrors.length > 0)
        errors.push(invalid(`${path}[${i}]`, { string: 'null' }, 'invalid label selector.'));
    });
  }
  return errors;
}

interface DefaultedRoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

function defaultedRoleRef(obj: Json): DefaultedRoleRef {
  const ref = asRecord(obj.roleRef) ?? {};
  return {
    apiGroup: asString(ref.apiGroup) || RBAC_GROUP,
    kind: asString(ref.kind),
    name: asString(ref.name),
  };
}

function renderRoleRef(ref: DefaultedRoleRef): string {
  return `rbac.RoleRef{APIGroup:${goQuote(ref.apiGroup)}, Kind:${goQuote(ref.kind)}, Name:${goQuote(ref.name)}}`;
}

function validateSubject(raw: unknown, namespaced: boolean, path: string): FieldError[] {
  const subject = asRecord(raw) ?? {};
  const errors = typeErrors(subject, path, {
    kind: 'string',
    apiGroup: 'string',
    name: 'string',
    namespace: 'string',
  });
  const kind = asString(subject.kind);
  const name = asString(subject.name);
  let apiGroup = asString(subject.apiGroup);
  if (apiGroup === '' && (kind === 'User' || kind === 'Group')) apiGroup = RBAC_GROUP;
  if (name === '') errors.push(required(`${path}.name`));
  switch (kind) {
    case 'ServiceAccount':
      if (name !== '')
        for (const msg of isDNS1123Subdomain(name))
          errors.push(invalid(`${path}.name`, { string: name }, msg));
      if (apiGroup !== '') errors.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && asString(subject.namespace) === '')
        errors.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP)
        errors.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      errors.push(notSupported(`${path}.kind`, kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errors;
}

function validateBinding(obj: Json, namespaced: boolean): FieldError[] {
  const errors = validateObjectMeta(asRecord(obj.metadata) ?? {}, namespaced);
  errors.push(...typeErrors(obj, '', { roleRef: 'object', subjects: 'array' }));
  const ref = defaultedRoleRef(obj);
  if (ref.apiGroup !== RBAC_GROUP)
    errors.push(notSupported('roleRef.apiGroup', ref.apiGroup, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errors.push(notSupported('roleRef.kind', ref.kind, kinds));
  if (ref.name === '') errors.push(required('roleRef.name'));
  else
    for (const msg of isValidPathSegmentName(ref.name))
      errors.push(invalid('roleRef.name', { string: ref.name }, msg));
  const subjects = Array.isArray(obj.subjects) ? obj.subjects : [];
  subjects.forEach((s, i) => errors.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  return errors;
}

function sameRoleRef(a: DefaultedRoleRef, b: DefaultedRoleRef): boolean {
  return a.apiGroup === b.apiGroup && a.kind === b.kind && a.name === b.name;
}

/**
 * Validates a Role, ClusterRole, RoleBinding or ClusterRoleBinding as the API server does on create,
 * or on update when `oldObj` (the stored object) is given. Field paths and messages are the API server's.
 */
export function validateRbacObject(obj: unknown, oldObj?: unknown): ValidationResult {
  const o = asRecord(obj);
  const kind = asString(o?.kind);
  if (!o || !KINDS.includes(kind)) {
    return { valid: false, errors: [notSupported('kind', kind, KINDS)] };
  }
  const namespaced = kind === 'Role' || kind === 'RoleBinding';
  const errors = kind.endsWith('Binding')
    ? validateBinding(o, namespaced)
    : validateRole(o, namespaced);
  const old = oldObj === undefined ? undefined : asRecord(oldObj);
  if (old) {
    if (asString(old.kind) !== '' && asString(old.kind) !== kind) {
      errors.push(invalid('kind', { string: kind }, 'field is immutable'));
    }
    errors.push(
      ...validateObjectMetaUpdate(asRecord(o.metadata) ?? {}, asRecord(old.metadata) ?? {}),
    );
    if (kind.endsWith('Binding')) {
      const ref = defaultedRoleRef(o);
      if (!sameRoleRef(ref, defaultedRoleRef(old)))
        errors.push(invalid('roleRef', { go: renderRoleRef(ref) }, 'cannot change roleRef'));
    }
  }
  return { valid: errors.length === 0, errors };
}
