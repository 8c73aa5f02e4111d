// ObjectMeta and label-selector validation (apimachinery ValidateObjectMeta, ValidateLabelSelector).
import { forbidden, invalid, required, tooLong } from './field-errors.js';
import { goQuote, utf8Length } from './go-format.js';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
} from './name-validation.js';
import type { FieldError } from './types.js';

export type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function asStringMap(value: unknown): Record<string, string> {
  // No prototype: a `__proto__` key is then an entry like any other (and is validated as one).
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(asRecord(value) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function jsonType(v: unknown): string {
  return Array.isArray(v) ? 'array' : typeof v;
}

/** Wrong JSON types: the API server's decoder rejects them before validation. */
export function typeErrors(
  value: Json,
  path: string,
  fields: Record<string, 'string' | 'array' | 'object'>,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, kind] of Object.entries(fields)) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    const ok =
      kind === 'string'
        ? typeof v === 'string'
        : kind === 'array'
          ? Array.isArray(v)
          : asRecord(v) !== undefined;
    if (!ok)
      errors.push({
        field: path === '' ? key : `${path}.${key}`,
        message: `Invalid value: ${goQuote(jsonType(v))}: must be of type ${kind}`,
        type: 'FieldValueTypeInvalid',
      });
  }
  return errors;
}

export function validateLabels(labels: Record<string, string>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const msg of isQualifiedName(key)) errors.push(invalid(path, { string: key }, msg));
    for (const msg of isValidLabelValue(value)) errors.push(invalid(path, { string: value }, msg));
  }
  return errors;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function validateAnnotations(annotations: Record<string, string>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(key.toLowerCase()))
      errors.push(invalid(path, { string: key }, msg));
    size += utf8Length(key) + utf8Length(value);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errors.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errors;
}

/**
 * ValidateObjectMeta with ValidateRBACName. Cluster-scoped objects get their namespace cleared by the
 * API server before validation, so a namespace on them is not an error here.
 */
export function validateObjectMeta(metadata: Json, requiresNamespace: boolean): FieldError[] {
  const errors = typeErrors(metadata, 'metadata', {
    name: 'string',
    generateName: 'string',
    namespace: 'string',
    labels: 'object',
    annotations: 'object',
  });
  const name = asString(metadata.name);
  const generateName = asString(metadata.generateName);
  if (generateName !== '') {
    for (const msg of isValidPathSegmentName(generateName))
      errors.push(invalid('metadata.generateName', { string: generateName }, msg));
  }
  // With generateName the API server generates the name before validating.
  if (name === '' && generateName === '')
    errors.push(required('metadata.name', 'name or generateName is required'));
  else if (name !== '')
    for (const msg of isValidPathSegmentName(name))
      errors.push(invalid('metadata.name', { string: name }, msg));
  if (requiresNamespace) {
    const ns = asString(metadata.namespace);
    if (ns === '') errors.push(required('metadata.namespace'));
    else
      for (const msg of isDNS1123Label(ns))
        errors.push(invalid('metadata.namespace', { string: ns }, msg));
  }
  errors.push(...validateLabels(asStringMap(metadata.labels), 'metadata.labels'));
  errors.push(...validateAnnotations(asStringMap(metadata.annotations), 'metadata.annotations'));
  return errors;
}

/** ValidateObjectMetaUpdate: name, namespace and uid are immutable (an empty uid is filled from the old object). */
export function validateObjectMetaUpdate(metadata: Json, oldMetadata: Json): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['name', 'namespace', 'uid'] as const) {
    const now = asString(metadata[key]);
    if (key === 'uid' && now === '') continue;
    if (now !== asString(oldMetadata[key]))
      errors.push(invalid(`metadata.${key}`, { string: now }, 'field is immutable'));
  }
  return errors;
}

/** ValidateLabelSelector plus LabelSelectorAsSelector's own checks, at `path`. */
export function validateLabelSelector(selector: Json, path: string): FieldError[] {
  const errors = validateLabels(asStringMap(selector.matchLabels), `${path}.matchLabels`);
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  expressions.forEach((raw, i) => {
    const expr = asRecord(raw) ?? {};
    const p = `${path}.matchExpressions[${i}]`;
    const operator = asString(expr.operator);
    const values = asStringArray(expr.values);
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0)
        errors.push(
          required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
        );
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0)
        errors.push(
          forbidden(
            `${p}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
    } else {
      errors.push(invalid(`${p}.operator`, { string: operator }, 'not a valid selector operator'));
    }
    const key = asString(expr.key);
    for (const msg of isQualifiedName(key)) errors.push(invalid(`${p}.key`, { string: key }, msg));
    values.forEach((value, j) => {
      for (const msg of isValidLabelValue(value))
        errors.push(invalid(`${p}.values[${j}]`, { string: value }, msg));
    });
  });
  return errors;
}
