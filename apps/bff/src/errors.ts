import type { ErrorRequestHandler, Response } from 'express';
// Classic's ZodError and zod/mini's errors (the contract's schemas) are both $ZodError.
import { $ZodError } from 'zod/v4/core';
import type { ApiErrorBody, KubeStatus } from './contract.js';
import { UpstreamError } from './kube-client.js';

/** An error with the HTTP status and Kubernetes-style reason the client should see. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const reasons: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  500: 'InternalError',
  // As kube-apiserver names them (metav1.StatusReasonServiceUnavailable, StatusReasonTimeout).
  502: 'ServiceUnavailable',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** What a client is told of a BFF-side failure: the kind of failure, never paths, selectors or upstream text. */
const publicMessages: Record<number, string> = {
  502: 'a cluster did not give the BFF an answer it could use',
  503: 'a service the BFF needs is unavailable',
  504: 'a cluster did not answer in time',
};

/** body-parser's error types, each with a message that does not echo the parser. */
const bodyMessages: Record<string, string> = {
  'entity.parse.failed': 'the request body is not valid JSON',
  'entity.too.large': 'request body too large',
  'entity.verify.failed': 'the request body was refused',
  'encoding.unsupported': 'unsupported content encoding',
  'charset.unsupported': 'unsupported charset',
  'request.aborted': 'the request was aborted',
  'request.size.invalid': 'the request body does not match its Content-Length',
  'stream.encoding.set': 'bad request',
  'parameters.too.many': 'too many parameters',
};

export function sendApiError(
  res: Response,
  code: number,
  message: string,
  reason?: string,
  details?: unknown,
): void {
  const body: ApiErrorBody = {
    error: {
      message,
      code,
      reason: reason ?? reasons[code],
      ...(details === undefined ? {} : { details }),
    },
  };
  res.status(code).json(body);
}

export function kubeStatus(code: number, message: string, reason: string): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

/** Under /k8s errors are Kubernetes Status objects, elsewhere the BFF's own error JSON. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) return next(err);
  const asStatus = req.originalUrl.startsWith('/k8s/');
  const described = describe(err);
  const { code, reason, details } = described;
  let { message } = described;
  if (code >= 500) req.log?.error({ err }, message);
  else if (described.logDetail) req.log?.info({ err }, described.logDetail);
  // The BFF's own failures name internal paths and upstream text: those stay in the log, keyed by
  // the request id the client is given. UpstreamError messages only name the cluster and are kept.
  if (code >= 500) message = publicMessage(err, String(req.id));
  if (asStatus)
    res.status(code).json(kubeStatus(code, message, reason ?? reasons[code] ?? 'InternalError'));
  else sendApiError(res, code, message, reason, details);
};

/**
 * What a client may be told of a failure. The BFF's own 5xx messages name internal paths, label
 * selectors and upstream text: those stay in the log, keyed by the request id the client is given.
 * UpstreamError messages only name the cluster and what went wrong, and are kept.
 */
export function publicMessage(err: unknown, requestId: string): string {
  if (err instanceof UpstreamError) return err.message;
  const { code, message } = describe(err);
  if (code < 500) return message;
  return `${publicMessages[code] ?? 'internal error'} (request ${requestId}; details are in the server log)`;
}

function describe(err: unknown): {
  code: number;
  message: string;
  reason?: string;
  details?: unknown;
  /** For the log only: what the client is not told. */
  logDetail?: string;
} {
  if (err instanceof ApiError)
    return { code: err.code, message: err.message, reason: err.reason, details: err.details };
  if (err instanceof UpstreamError)
    return { code: err.code, message: err.message, reason: err.reason };
  if (err instanceof $ZodError) {
    return {
      code: 400,
      message: `invalid request: ${err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
      reason: 'BadRequest',
      details: err.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    };
  }
  const e = err as { status?: unknown; type?: unknown; message?: unknown };
  // body-parser errors carry their own client status (too large, bad JSON, bad encoding).
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const message = (typeof e.type === 'string' && bodyMessages[e.type]) || 'bad request';
    return {
      code: e.status,
      message,
      reason: reasons[e.status] ?? 'BadRequest',
      logDetail: typeof e.message === 'string' ? e.message : undefined,
    };
  }
  return { code: 500, message: 'internal error' };
}
