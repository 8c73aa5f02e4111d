// ObjectMeta validation with the API server's field paths and wording.
import type { FieldError } from './status.js';
import type { ResourceType } from './resources.js';
import type { KObject } from './object.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function invalidValue(field: string, value: string, why: string): FieldError {
  return {
    type: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${JSON.stringify(value)}: ${why}`,
  };
}

function dns1123Label(field: string, v: string): FieldError[] {
  if (v.length > 63) return [invalidValue(field, v, 'must be no more than 63 characters')];
  return DNS1123_LABEL.test(v) ? [] : [invalidValue(field, v, LABEL_MSG)];
}

function dns1123Subdomain(field: string, v: string): FieldError[] {
  if (v.length > 253) return [invalidValue(field, v, 'must be no more than 253 characters')];
  return DNS1123_SUBDOMAIN.test(v) ? [] : [invalidValue(field, v, SUBDOMAIN_MSG)];
}

/** RBAC objects only need a valid path segment (colons are fine: `system:controller:x`). */
function pathSegment(field: string, v: string): FieldError[] {
  if (v === '.' || v === '..') return [invalidValue(field, v, `may not be '${v}'`)];
  for (const bad of ['/', '%'])
    if (v.includes(bad)) return [invalidValue(field, v, `may not contain '${bad}'`)];
  return [];
}

const PATH_SEGMENT_NAMED = new Set([
  'rbac.authorization.k8s.io/roles',
  'rbac.authorization.k8s.io/clusterroles',
  'rbac.authorization.k8s.io/rolebindings',
  'rbac.authorization.k8s.io/clusterrolebindings',
]);

function nameRule(t: ResourceType): (field: string, v: string) => FieldError[] {
  if (PATH_SEGMENT_NAMED.has(`${t.group}/${t.plural}`)) return pathSegment;
  if (t.plural === 'namespaces' || t.plural === 'services') return dns1123Label;
  return dns1123Subdomain;
}

function qualifiedNameErrors(field: string, key: string): FieldError[] {
  const slash = key.lastIndexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const errs: FieldError[] = [];
  if (prefix !== '') errs.push(...dns1123Subdomain(field, prefix));
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    errs.push(
      invalidValue(
        field,
        key,
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ),
    );
  }
  return errs;
}

export function validateObjectMeta(t: ResourceType, obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj.metadata;
  if (!m.name) {
    errs.push({
      type: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  } else {
    errs.push(...nameRule(t)('metadata.name', m.name));
  }
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    errs.push(...qualifiedNameErrors('metadata.labels', k));
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      errs.push(
        invalidValue(
          'metadata.labels',
          String(v),
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
      );
    }
  }
  for (const k of Object.keys(m.annotations ?? {}))
    errs.push(...qualifiedNameErrors('metadata.annotations', k));
  return errs;
}
