import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
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
  const { code, message, reason, details } = describe(err);
  if (code >= 500) req.log?.error({ err }, message);
  if (asStatus)
    res.status(code).json(kubeStatus(code, message, reason ?? reasons[code] ?? 'InternalError'));
  else sendApiError(res, code, message, reason, details);
};

function describe(err: unknown): {
  code: number;
  message: string;
  reason?: string;
  details?: unknown;
} {
  if (err instanceof ApiError)
    return { code: err.code, message: err.message, reason: err.reason, details: err.details };
  if (err instanceof UpstreamError)
    return { code: err.code, message: err.message, reason: err.reason };
  if (err instanceof ZodError) {
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
    const message =
      e.type === 'entity.too.large'
        ? 'request body too large'
        : typeof e.message === 'string'
          ? e.message
          : 'bad request';
    return { code: e.status, message };
  }
  return { code: 500, message: 'internal error' };
}
