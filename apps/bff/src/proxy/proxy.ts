import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { auditStatusOf, type AuditLog } from '../audit.js';
import type { ClusterSet } from '../clusters.js';
import { changeOf, isRbacObjectWrite, readBefore } from '../audit-change.js';
import type { AuditChange, AuditEntry, KubeStatus, RbacObjectSnapshot } from '../contract.js';
import { answeredByCluster } from '../audit-http.js';
import { kubeStatus } from '../errors.js';
import { jsonDepthError } from '../json-depth.js';
import { readBody, UpstreamError, type KubeClient } from '../kube-client.js';
import { actorOf, sessionOf, type Session } from '../session/sessions.js';
import { parseKubeTarget, PathRefused, type KubeTarget } from './paths.js';

const jsonType = 'application/json';
const patchTypes = new Set([
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
]);
const verbs: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};
const acceptPattern = /^[A-Za-z0-9.+/*,;= -]{1,200}$/;
const maxAuditedResponseBytes = 16 * 1024 * 1024;

/** Seconds a client refused for too many watches is asked to wait. */
const watchRetryAfterSeconds = 5;

/**
 * `/k8s/:cluster/*`: the allowlisted Kubernetes API, always as the signed-in user. Each session may
 * hold `watchesPerSession` watches at once (429 past that), so one person cannot hold the BFF's
 * connections for everyone else; watches never use the pool that serves ordinary calls.
 */
export function kubeProxy(
  clusters: ClusterSet,
  audit: AuditLog,
  watchesPerSession: number,
): RequestHandler {
  const watching = new Map<string, number>();
  return async (req, res, next) => {
    const fail = (code: number, message: string, reason: string) =>
      res.status(code).json(kubeStatus(code, message, reason));
    const session = sessionOf(req);
    if (!session) return fail(401, 'sign in first: no valid session', 'Unauthorized');
    let target: KubeTarget;
    try {
      target = parseKubeTarget(req.originalUrl);
    } catch (err) {
      if (err instanceof PathRefused)
        return fail(err.code, err.message, err.code === 403 ? 'Forbidden' : 'BadRequest');
      throw err;
    }
    const cluster = clusters.get(target.cluster);
    if (!cluster) return fail(404, `no cluster "${target.cluster}"`, 'NotFound');
    if (!target.methods.has(req.method))
      return fail(405, `${req.method} is not allowed on this path`, 'MethodNotAllowed');
    const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
    const contentType = req.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (body) {
      const ok =
        req.method === 'PATCH'
          ? contentType !== undefined && patchTypes.has(contentType)
          : contentType === jsonType;
      if (!ok)
        return fail(
          415,
          `content type ${contentType ?? '(none)'} is not accepted for ${req.method}`,
          'UnsupportedMediaType',
        );
      const tooDeep = jsonDepthError(body);
      if (tooDeep) return fail(400, tooDeep, 'BadRequest');
    }
    if (target.watch) {
      const open = watching.get(session.sid) ?? 0;
      if (open >= watchesPerSession) {
        res.setHeader('retry-after', String(watchRetryAfterSeconds));
        return fail(
          429,
          `too many watches: this session already holds ${open} (at most ${watchesPerSession}); close one first`,
          'TooManyRequests',
        );
      }
      watching.set(session.sid, open + 1);
      res.once('close', () => {
        const left = (watching.get(session.sid) ?? 1) - 1;
        if (left > 0) watching.set(session.sid, left);
        else watching.delete(session.sid);
      });
    }
    const accept = req.get('accept');
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    // A write of one RBAC object is recorded with the object before and after, for the audit diff.
    const before =
      isRbacObjectWrite(target) && req.method !== 'POST' && target.name !== undefined
        ? await readBefore(cluster.client, target)
        : null;
    let upstream: IncomingMessage;
    try {
      upstream = await cluster.client.open(
        {
          method: req.method,
          path: target.upstreamPath,
          actor: actorOf(session),
          body,
          contentType: body ? contentType : undefined,
          accept: accept && acceptPattern.test(accept) ? accept : undefined,
          streaming: target.watch,
        },
        controller.signal,
      );
    } catch (err) {
      if (controller.signal.aborted) return;
      if (err instanceof UpstreamError) {
        if (target.mutating && verbs[req.method])
          await audit.write(
            entry(req, session, cluster.client, target, err.code, err.reason, err.message),
          );
        return fail(err.code, err.message, err.reason);
      }
      return next(err);
    }
    if (target.mutating && verbs[req.method])
      return answerAudited(req, res, session, cluster.client, target, upstream, audit, before);
    if (!isJson(upstream) && (upstream.statusCode ?? 502) >= 400) {
      answeredByCluster(res);
      const status = await asStatus(upstream, cluster.client).catch(() => undefined);
      if (status) res.status(status.code).json(status);
      return;
    }
    answeredByCluster(res);
    res.status(upstream.statusCode ?? 502);
    copyHeaders(upstream, res);
    if (target.watch) {
      // The client should see the watch start now; other answers send headers with their body.
      res.setHeader('x-accel-buffering', 'no');
      res.flushHeaders();
    }
    // A known length goes on as is (no chunked framing); watches stream chunk by chunk.
    const length = upstream.headers['content-length'];
    if (!target.watch && length && /^\d+$/.test(length)) res.setHeader('content-length', length);
    // pipe applies backpressure; the upstream is destroyed when the client leaves or it fails, so a
    // watch ends upstream as soon as the browser goes. (stream.pipeline would do the same but builds
    // an AbortController and a DOMException per response, a tenth of the BFF's time on small reads.)
    await new Promise<void>((done) => {
      const end = () => {
        if (!upstream.complete) upstream.destroy();
        done();
      };
      res.once('close', end);
      upstream.once('error', () => {
        res.destroy();
        end();
      });
      upstream.pipe(res);
    });
  };
}

/** Mutations are read whole so the audit line is durable before the client sees the answer. */
async function answerAudited(
  req: Request,
  res: Response,
  session: Session,
  client: KubeClient,
  target: KubeTarget,
  upstream: IncomingMessage,
  audit: AuditLog,
  before: RbacObjectSnapshot | null | undefined,
): Promise<void> {
  const code = upstream.statusCode ?? 502;
  let text: string;
  try {
    text = await readBody(upstream, maxAuditedResponseBytes);
  } catch (err) {
    const e =
      err instanceof UpstreamError
        ? err
        : new UpstreamError(
            client.target.id,
            502,
            `cluster "${client.target.name}" broke off its answer`,
          );
    await audit.write(entry(req, session, client, target, e.code, e.reason, e.message));
    res.status(e.code).json(kubeStatus(e.code, e.message, e.reason));
    return;
  }
  if (code >= 400 && !isJson(upstream)) {
    const status = nonJsonStatus(code, text, client);
    await audit.write(entry(req, session, client, target, code, status.reason, status.message));
    res.status(code).json(status);
    return;
  }
  let reason: string | undefined;
  let message: string | undefined;
  let created: string | undefined;
  let change: AuditChange | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (
      code < 300 &&
      isRbacObjectWrite(target) &&
      // One object: a create of the collection, or a write by name (not deletecollection).
      (req.method === 'POST' ? target.name === undefined : target.name !== undefined)
    )
      change = changeOf(req.method, before, parsed);
    const answer = parsed as {
      reason?: unknown;
      message?: unknown;
      metadata?: { name?: unknown };
    };
    if (code >= 400 && typeof answer.reason === 'string') reason = answer.reason;
    if (code >= 400 && typeof answer.message === 'string') message = answer.message;
    // A create names its object in the body (or by generateName): take the name the cluster gave.
    if (code < 400 && req.method === 'POST' && typeof answer.metadata?.name === 'string')
      created = answer.metadata.name;
  } catch {
    if (code >= 400) message = `HTTP ${code}`;
  }
  await audit.write({
    ...entry(req, session, client, target, code, reason, message, created),
    ...(change ? { change } : {}),
  });
  res.status(code);
  copyHeaders(upstream, res);
  res.end(text);
}

function entry(
  req: Request,
  session: Session,
  client: KubeClient,
  target: KubeTarget,
  code: number,
  reason: string | undefined,
  message: string | undefined,
  created?: string,
): AuditEntry {
  const name = target.name ?? created ?? requestedName(req);
  const verb =
    req.method === 'DELETE' && !target.name
      ? 'deletecollection'
      : (verbs[req.method] ?? req.method.toLowerCase());
  return {
    time: new Date().toISOString(),
    requestId: String(req.id),
    user: session.user.name,
    groups: session.user.groups,
    authMode: session.authMode,
    cluster: client.target.id,
    verb,
    ...(target.apiGroup !== undefined ? { apiGroup: target.apiGroup } : {}),
    ...(target.resource ? { resource: target.resource } : {}),
    ...(target.subresource ? { subresource: target.subresource } : {}),
    ...(target.namespace ? { namespace: target.namespace } : {}),
    ...(name ? { name } : {}),
    ...(target.dryRun ? { dryRun: true } : {}),
    outcome: {
      code,
      status: auditStatusOf(code),
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    },
  };
}

/** The name a create asked for, so a refused create is recorded with it too. */
function requestedName(req: Request): string | undefined {
  if (req.method !== 'POST' || !Buffer.isBuffer(req.body) || req.body.length === 0)
    return undefined;
  try {
    const name = (JSON.parse(req.body.toString('utf8')) as { metadata?: { name?: unknown } })
      .metadata?.name;
    return typeof name === 'string' && name.length <= 253 ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Only headers a Kubernetes client needs; never Set-Cookie or connection headers from upstream. */
function copyHeaders(upstream: IncomingMessage, res: Response): void {
  const type = upstream.headers['content-type'];
  if (type) res.setHeader('content-type', type);
  const warning = upstream.headers.warning;
  if (warning) res.setHeader('warning', warning);
}

function isJson(upstream: IncomingMessage): boolean {
  return /json/i.test(upstream.headers['content-type'] ?? '');
}

/** A proxy or load balancer in front of a cluster may answer errors in HTML or text. */
async function asStatus(upstream: IncomingMessage, client: KubeClient): Promise<KubeStatus> {
  return nonJsonStatus(upstream.statusCode ?? 502, await readBody(upstream, 64 * 1024), client);
}

function nonJsonStatus(code: number, text: string, client: KubeClient): KubeStatus {
  const snippet = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  const reason =
    code === 401
      ? 'Unauthorized'
      : code === 403
        ? 'Forbidden'
        : code === 404
          ? 'NotFound'
          : code >= 500
            ? 'InternalError'
            : 'BadRequest';
  return kubeStatus(
    code,
    `cluster "${client.target.name}" answered ${code}${snippet ? `: ${snippet}` : ''}`,
    reason,
  );
}
