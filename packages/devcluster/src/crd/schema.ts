// Structural schemas of CustomResourceDefinitions: pruning and validation of custom objects as
// kube-apiserver does them (staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning
// and pkg/apiserver/validation). Errors carry kube-openapi's wording, converted to field errors as
// validation.go's kubeOpenAPIResultToFieldErrors does:
//   InvalidTypeCode → field.TypeInvalid(path, <actual type>, "<path> in body must be of type <t>: \"<actual>\"")
//   EnumFailCode    → field.NotSupported(path, value, allowed)
//   RequiredFailCode→ field.Required(path, "")
//   others          → field.Invalid(path, value, err.Error())
import type { FieldError } from '../status.js';

export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  items?: JSONSchemaProps;
  additionalProperties?: JSONSchemaProps | boolean;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Drops fields the schema does not specify (pruning.go: unknown fields go unless
 * x-kubernetes-preserve-unknown-fields or additionalProperties allow them). At the root,
 * apiVersion, kind and metadata are always kept (metadata is pruned as ObjectMeta by the
 * ObjectMeta decoder, not by the schema). Returns the paths of the dropped fields, as
 * kube-apiserver reports them for fieldValidation=Strict/Warn.
 */
export function prune(obj: Obj, schema: JSONSchemaProps | undefined): string[] {
  const dropped: string[] = [];
  if (!schema) return dropped;
  pruneObject(obj, schema, '', true, dropped);
  return dropped;
}

function pruneValue(v: unknown, s: JSONSchemaProps, path: string, dropped: string[]): void {
  if (Array.isArray(v)) {
    if (s.items)
      v.forEach((item, i) =>
        pruneValue(item, s.items as JSONSchemaProps, `${path}[${i}]`, dropped),
      );
    return;
  }
  if (isObj(v)) pruneObject(v, s, path, false, dropped);
}

function pruneObject(
  o: Obj,
  s: JSONSchemaProps,
  path: string,
  root: boolean,
  dropped: string[],
): void {
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(o)) {
    if ((root || embedded) && (key === 'apiVersion' || key === 'kind' || key === 'metadata'))
      continue;
    const p = childPath(path, key);
    const prop = s.properties?.[key];
    if (prop) {
      pruneValue(o[key], prop, p, dropped);
      continue;
    }
    const ap = s.additionalProperties;
    if (isObj(ap)) {
      pruneValue(o[key], ap, p, dropped);
      continue;
    }
    if (ap === true || preserve) continue;
    delete o[key];
    dropped.push(p);
  }
}

/**
 * Applies the schema's `default`s where a field is missing (structural defaulting,
 * pkg/apiserver/schema/defaulting/algorithm.go): object properties and additionalProperties,
 * array items, recursively, including inside defaulted values. Runs after pruning, as the decoder does.
 */
export function applyDefaults(v: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (Array.isArray(v)) {
    if (s.items) for (const item of v) applyDefaults(item, s.items);
    return;
  }
  if (!isObj(v)) return;
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    if (!(k in v) && prop.default !== undefined) v[k] = structuredClone(prop.default);
    if (k in v) applyDefaults(v[k], prop);
  }
  if (isObj(s.additionalProperties)) {
    const ap = s.additionalProperties;
    for (const [k, child] of Object.entries(v)) if (!s.properties?.[k]) applyDefaults(child, ap);
  }
}

/** Go's %q-ish rendering of a value in field errors (strings quoted, numbers and booleans bare). */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

/** ECMA regexps stand in for Go's RE2 (the common subset behaves the same); an invalid one matches nothing. */
function matches(pattern: string, v: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(v);
  } catch {
    return false;
  }
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isObj(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

/** Validates a custom object (after pruning) against its version's schema. */
export function validateAgainstSchema(obj: Obj, schema: JSONSchemaProps | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (schema) validateValue(obj, schema, '', errs, true);
  return errs;
}

function validateValue(
  v: unknown,
  s: JSONSchemaProps,
  path: string,
  errs: FieldError[],
  root = false,
): void {
  const field = path === '' ? '<root>' : path;
  if (v === null) {
    // nullable: null is allowed (and with it nothing else is checked); otherwise a type error.
    if (s.nullable || !s.type) return;
    errs.push({
      type: 'FieldValueTypeInvalid',
      field,
      message: `Invalid value: "null": ${field} in body must be of type ${s.type}: "null"`,
    });
    return;
  }
  if (s['x-kubernetes-int-or-string']) {
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) {
      errs.push({
        type: 'FieldValueTypeInvalid',
        field,
        message: `Invalid value: "${jsonType(v)}": ${field} in body must be of type integer,string: "${jsonType(v)}"`,
      });
    }
    return;
  }
  if (s.type && !typeMatches(s.type, v)) {
    const actual = jsonType(v);
    errs.push({
      type: 'FieldValueTypeInvalid',
      field,
      message: `Invalid value: "${actual}": ${field} in body must be of type ${s.type}: "${actual}"`,
    });
    return;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    const allowed = s.enum.map((e) =>
      typeof e === 'string' ? JSON.stringify(e) : JSON.stringify(e),
    );
    errs.push({
      type: 'FieldValueNotSupported',
      field,
      message: `Unsupported value: ${goValue(v)}: supported values: ${allowed.join(', ')}`,
    });
  }
  if (typeof v === 'string') {
    if (s.maxLength !== undefined && [...v].length > s.maxLength)
      errs.push({
        type: 'FieldValueTooLong',
        field,
        message: `Too long: may not be more than ${s.maxLength} bytes`,
      });
    if (s.minLength !== undefined && [...v].length < s.minLength)
      errs.push({
        type: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${goValue(v)}: ${field} in body should be at least ${s.minLength} chars long`,
      });
    if (s.pattern !== undefined && !matches(s.pattern, v))
      errs.push({
        type: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${goValue(v)}: ${field} in body should match '${s.pattern}'`,
      });
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum))
      errs.push({
        type: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${v}: ${field} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`,
      });
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum))
      errs.push({
        type: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${v}: ${field} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`,
      });
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems)
      errs.push({
        type: 'FieldValueTooMany',
        field,
        message: `Too many: ${v.length}: must have at most ${s.maxItems} items`,
      });
    if (s.minItems !== undefined && v.length < s.minItems)
      errs.push({
        type: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${v.length}: ${field} in body should have at least ${s.minItems} items`,
      });
    if (s.items)
      v.forEach((item, i) =>
        validateValue(item, s.items as JSONSchemaProps, `${path}[${i}]`, errs),
      );
  }
  if (isObj(v)) {
    for (const r of s.required ?? []) {
      if (!(r in v))
        errs.push({
          type: 'FieldValueRequired',
          field: childPath(path, r),
          message: 'Required value',
        });
    }
    for (const [k, child] of Object.entries(v)) {
      if (root && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
      const prop = s.properties?.[k];
      if (prop) validateValue(child, prop, childPath(path, k), errs);
      else if (isObj(s.additionalProperties))
        validateValue(child, s.additionalProperties, childPath(path, k), errs);
    }
  }
}

/**
 * The structural-schema checks CRD validation applies to each version's openAPIV3Schema
 * (pkg/apiserver/schema/validation.go, ValidateStructural): every specified node has a type
 * unless it preserves unknown fields or is int-or-string; the root is an object.
 */
export function structuralErrors(s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type !== 'object')
    errs.push(
      s.type
        ? {
            type: 'FieldValueInvalid',
            field: `${path}.type`,
            message: `Invalid value: ${JSON.stringify(s.type)}: must be object at the root`,
          }
        : {
            type: 'FieldValueRequired',
            field: `${path}.type`,
            message: 'Required value: must not be empty at the root',
          },
    );
  walkStructural(s, path, errs, true);
  return errs;
}

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

function walkStructural(s: JSONSchemaProps, path: string, errs: FieldError[], root: boolean): void {
  if (
    !root &&
    !s.type &&
    !s['x-kubernetes-preserve-unknown-fields'] &&
    !s['x-kubernetes-int-or-string']
  )
    errs.push({
      type: 'FieldValueRequired',
      field: `${path}.type`,
      message: 'Required value: must not be empty for specified object fields',
    });
  if (s.type && !TYPES.has(s.type))
    errs.push({
      type: 'FieldValueNotSupported',
      field: `${path}.type`,
      message: `Unsupported value: ${JSON.stringify(s.type)}: supported values: "array", "boolean", "integer", "number", "object", "string"`,
    });
  if (s.type === 'array' && !s.items)
    errs.push({
      type: 'FieldValueRequired',
      field: `${path}.items`,
      message: 'Required value: must be specified',
    });
  if (s.properties && isObj(s.additionalProperties))
    errs.push({
      type: 'FieldValueForbidden',
      field: `${path}.additionalProperties`,
      message: 'Forbidden: additionalProperties and properties are mutual exclusive',
    });
  for (const [k, p] of Object.entries(s.properties ?? {}))
    walkStructural(p, `${path}.properties[${k}]`, errs, false);
  if (s.items) walkStructural(s.items, `${path}.items`, errs, false);
  if (isObj(s.additionalProperties))
    walkStructural(s.additionalProperties, `${path}.additionalProperties`, errs, false);
}
