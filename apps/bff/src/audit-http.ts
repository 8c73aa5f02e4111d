// Every attempt gets one audit record: handlers that change something write their own (proxy,
// projects, kubeconfigs, sign-in); what the BFF refuses by itself (CSRF, allowlist, validation,
// visibility, rate limits) is recorded here from the answer. Changes are refused while the audit
// log cannot be written, before anything is applied.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import {
  auditScope,
  auditStatusOf,
  AuditUnavailable,
  type AuditLog,
  type AuditScope,
} from './audit.js';
import type { AuditEntry } from './contract.js';
import { sendApiError } from './errors.js';
import { sessionOf } from './session/sessions.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const methodVerbs: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** Marks an answer as the cluster's own (passed through), so the catch-all does not record reads of it. */
export function answeredByCluster(res: Response): void {
  res.locals.fromCluster = true;
}

export function auditEveryAttempt(audit: AuditLog, logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api/') && !req.path.startsWith('/k8s/')) return next();
    const scope: AuditScope = { sourceIp: req.ip, recorded: false };
    const record = (answer: unknown) =>
      audit
        .write(refusalEntry(req, res, scope, answer))
        .catch((err: unknown) => logger.error({ err }, 'audit record not written'));
    // A refusal answered in JSON is recorded before the client sees it.
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (scope.recorded || !worthRecording(req, res)) return json(body);
      scope.recorded = true;
      void record(body).then(() => json(body));
      return res;
    };
    // Anything else that was not recorded by its handler (a body-less refusal).
    res.once('finish', () => {
      if (scope.recorded || !worthRecording(req, res)) return;
      scope.recorded = true;
      void record(undefined);
    });
    auditScope.run(scope, () => {
      if (safeMethods.has(req.method)) return next();
      audit.ready().then(
        () => next(),
        (err: unknown) => {
          if (!(err instanceof AuditUnavailable)) return next(err);
          // Recorded nowhere but the server log: the sink is what is broken.
          scope.recorded = true;
          logger.error({ err: err.message, path: req.path, method: req.method }, err.message);
          sendApiError(res, 503, err.message, 'ServiceUnavailable');
        },
      );
    });
  };
}

/** Changes always; reads only when refused by the BFF itself (a read the cluster answers is not an attempt to record). */
function worthRecording(req: Request, res: Response): boolean {
  if (!safeMethods.has(req.method)) return true;
  const code = res.statusCode;
  if (code < 400 || res.locals.fromCluster === true) return false;
  // Not signed in yet: the SPA asks for its session before anyone signs in.
  if (code === 401 && !sessionOf(req)) return false;
  return true;
}

function refusalEntry(req: Request, res: Response, scope: AuditScope, answer: unknown): AuditEntry {
  const session = sessionOf(req);
  const { reason, message } = reasonOf(answer);
  // originalUrl: under app.use('/k8s') req.path has lost its mount point.
  const path = (req.originalUrl.split('?')[0] ?? '').slice(0, 512);
  const cluster = /^\/(?:k8s|api\/clusters)\/([^/]+)/.exec(path)?.[1];
  return {
    time: new Date().toISOString(),
    requestId: String(req.id),
    user: session?.user.name ?? '',
    groups: session?.user.groups ?? [],
    authMode: session?.authMode ?? 'none',
    ...(scope.sourceIp ? { sourceIp: scope.sourceIp } : {}),
    ...(cluster ? { cluster } : {}),
    verb: methodVerbs[req.method] ?? req.method.toLowerCase(),
    path,
    outcome: {
      code: res.statusCode,
      status: auditStatusOf(res.statusCode),
      ...(reason ? { reason } : {}),
      ...(message ? { message: message.slice(0, 1024) } : {}),
    },
  };
}

/** The reason and message of an API error body or a Kubernetes Status. */
function reasonOf(answer: unknown): { reason?: string; message?: string } {
  if (!answer || typeof answer !== 'object') return {};
  const a = answer as {
    reason?: unknown;
    message?: unknown;
    error?: { reason?: unknown; message?: unknown };
  };
  const src = a.error && typeof a.error === 'object' ? a.error : a;
  return {
    ...(typeof src.reason === 'string' ? { reason: src.reason } : {}),
    ...(typeof src.message === 'string' ? { message: src.message } : {}),
  };
}
