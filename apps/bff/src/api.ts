import type { Request, Response } from 'express';
import { capabilitiesOf } from './capabilities.js';
import type { Cluster } from './clusters.js';
import type { BffContext } from './context.js';
import type {
  AuditQuery,
  AuditEntry,
  AuditResponse,
  ClusterCapabilities,
  SessionResponse,
} from './contract.js';
import { csrfTokenFor } from './csrf.js';
import { ApiError, publicMessage } from './errors.js';
import { actorOf, sessionOf, type Session } from './session/sessions.js';

export function requireSession(req: Request): Session {
  const session = sessionOf(req);
  if (!session) throw new ApiError(401, 'not signed in', 'Unauthorized');
  return session;
}

export async function sessionResponse(
  ctx: BffContext,
  req: Request,
  res: Response,
): Promise<SessionResponse> {
  const session = requireSession(req);
  const clusters = await Promise.all(
    ctx.clusters.list.map(async (c) => ({
      id: c.id,
      name: c.name,
      capabilities: await capabilitiesOrError(req, c, session),
    })),
  );
  return {
    user: session.user,
    authMode: session.authMode,
    csrfToken: csrfTokenFor(req, res, ctx.keys, ctx.sessions),
    clusters,
  };
}

/** One cluster failing leaves the others' capabilities intact; its own say why they are empty. */
async function capabilitiesOrError(
  req: Request,
  cluster: Cluster,
  session: Session,
): Promise<ClusterCapabilities> {
  try {
    return await capabilitiesOf(cluster, session);
  } catch (err) {
    req.log.warn({ err, cluster: cluster.id }, 'capabilities could not be evaluated');
    const evaluationError = publicMessage(err, String(req.id));
    return {
      cluster: { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError },
      namespaces: [],
      namespaceCount: 0,
    };
  }
}

/**
 * Audit entries the user may see: their own sign-ins, and changes to resources they may list in
 * that namespace (or cluster-wide) — asked of the cluster with a SelfSubjectAccessReview as them.
 */
export async function auditResponse(
  ctx: BffContext,
  req: Request,
  query: AuditQuery,
): Promise<AuditResponse> {
  const session = requireSession(req);
  const decisions = new Map<string, Promise<boolean>>();
  const mayList = (e: AuditEntry): Promise<boolean> => {
    const cluster = e.cluster ? ctx.clusters.get(e.cluster) : undefined;
    if (!cluster || !e.resource) return Promise.resolve(false);
    const key = JSON.stringify([e.cluster, e.apiGroup, e.resource, e.namespace]);
    let d = decisions.get(key);
    if (!d) {
      d = cluster.client
        .json<{ status?: { allowed?: boolean } }>(
          'POST',
          '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
          actorOf(session),
          {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                verb: 'list',
                group: e.apiGroup ?? '',
                resource: e.resource,
                namespace: e.namespace ?? '',
              },
            },
          },
        )
        .then((r) => r.status < 300 && r.body.status?.allowed === true)
        .catch(() => false);
      decisions.set(key, d);
    }
    return d;
  };
  const matches = auditFilter(query);
  const entries = await ctx.audit.recent(query.limit, async (e) => {
    if (!matches(e)) return false;
    if (!e.cluster) return e.user === session.user.name;
    return mayList(e);
  });
  return { entries, source: ctx.audit.source, replica: ctx.state.replica };
}

/** The filters of an audit query as one predicate (cheap ones; visibility is checked after). */
export function auditFilter(q: AuditQuery): (e: AuditEntry) => boolean {
  const since = q.since ? Date.parse(q.since) : -Infinity;
  const until = q.until ? Date.parse(q.until) : Infinity;
  const user = q.user?.toLowerCase();
  const name = q.name?.toLowerCase();
  return (e) => {
    if (q.cluster && e.cluster !== q.cluster) return false;
    if (user && !e.user.toLowerCase().includes(user)) return false;
    if (q.resource && e.resource !== q.resource) return false;
    if (q.namespace !== undefined && q.namespace !== '' && e.namespace !== q.namespace)
      return false;
    if (name && !(e.name ?? '').toLowerCase().includes(name)) return false;
    if (q.status && e.outcome.status !== q.status) return false;
    const t = Date.parse(e.time);
    return t >= since && t <= until;
  };
}
