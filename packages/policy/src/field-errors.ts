// field.Error constructors with the API server's error bodies (apimachinery/pkg/util/validation/field).
import { goQuote, goSliceLiteral } from './go-format.js';
import type { FieldError } from './types.js';

function withDetail(body: string, detail: string): string {
  return detail === '' ? body : `${body}: ${detail}`;
}

/** A bad value as field.Error prints it: strings %q, string slices and structs %#v (given pre-rendered). */
export type BadValue = { string: string } | { slice: readonly string[] | null } | { go: string };

function renderValue(value: BadValue): string {
  if ('string' in value) return goQuote(value.string);
  if ('slice' in value) return goSliceLiteral(value.slice);
  return value.go;
}

export function required(field: string, detail = ''): FieldError {
  return { field, message: withDetail('Required value', detail), type: 'FieldValueRequired' };
}

export function invalid(field: string, value: BadValue, detail: string): FieldError {
  return {
    field,
    message: withDetail(`Invalid value: ${renderValue(value)}`, detail),
    type: 'FieldValueInvalid',
  };
}

export function notSupported(
  field: string,
  value: string,
  supported: readonly string[],
): FieldError {
  const detail =
    supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return {
    field,
    message: withDetail(`Unsupported value: ${goQuote(value)}`, detail),
    type: 'FieldValueNotSupported',
  };
}

export function forbidden(field: string, detail: string): FieldError {
  return { field, message: withDetail('Forbidden', detail), type: 'FieldValueForbidden' };
}

export function tooLong(field: string, maxLength: number): FieldError {
  return {
    field,
    message: `Too long: may not be more than ${maxLength} bytes`,
    type: 'FieldValueTooLong',
  };
}
