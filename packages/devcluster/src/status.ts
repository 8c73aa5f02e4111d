// Kubernetes `Status` errors with the reasons and messages kube-apiserver uses.

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  /** Omitted on success, as Go's omitempty leaves out a zero code. */
  code?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

/** Group and plural of the resource an error is about. */
export interface ErrorTarget {
  group: string;
  plural: string;
}

function qualified(t: ErrorTarget): string {
  return t.group === '' ? t.plural : `${t.plural}.${t.group}`;
}

function details(t: ErrorTarget, name?: string): StatusDetails {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (t.group) d.group = t.group;
  d.kind = t.plural;
  return d;
}

export function notFound(t: ErrorTarget, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualified(t)} "${name}" not found`, details(t, name));
}

export function alreadyExists(t: ErrorTarget, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualified(t)} "${name}" already exists`,
    details(t, name),
  );
}

export function conflict(t: ErrorTarget, name: string, why: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(t)} "${name}": ${why}`,
    details(t, name),
  );
}

export const STALE =
  'the object has been modified; please apply your changes to the latest version and try again';

export function forbidden(t: ErrorTarget, name: string | undefined, why: string): ApiError {
  const subject = name ? `${qualified(t)} "${name}"` : qualified(t);
  return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${why}`, details(t, name));
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ reason: '', message, field: '' }],
  });
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`,
  );
}

export interface FieldError {
  /** StatusCause reason, e.g. FieldValueRequired. */
  type: string;
  field: string;
  /** The detail after the type's prefix, e.g. `Invalid value: "x": why`. */
  message: string;
}

/** 422 Invalid: `<Kind>.<group> "<name>" is invalid: <field>: <message>[, ...]`. */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const summary = errors.map((e) => `${e.field}: ${e.message}`);
  const text = summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`;
  const d: StatusDetails = { name };
  if (group) d.group = group;
  d.kind = kind;
  d.causes = errors.map((e) => ({ reason: e.type, message: e.message, field: e.field }));
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${text}`, d);
}

export function successStatus(t: ErrorTarget, name: string, uid: string): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { ...details(t, name), uid },
  };
}
