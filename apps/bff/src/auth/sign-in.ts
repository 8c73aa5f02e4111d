import type { Request, Response } from 'express';
import type { BffContext } from '../context.js';
import type { AuditEntry, AuthMode, UserInfo } from '../contract.js';
import { ApiError } from '../errors.js';
import { sessionOf, type Session, type SessionCredential } from '../session/sessions.js';
import { reviewToken } from './token-review.js';

/** Who a bearer token is, according to the cluster (SelfSubjectReview, as `kubectl auth whoami`, or TokenReview). */
export async function whoIs(
  ctx: BffContext,
  clusterId: string | undefined,
  token: string,
): Promise<UserInfo> {
  const cluster = clusterId ? ctx.clusters.get(clusterId) : ctx.clusters.list[0];
  if (!cluster) throw new ApiError(400, `no cluster "${clusterId}"`, 'BadRequest');
  // SelfSubjectReview where discovery finds it, else TokenReview as the BFF (before 1.27).
  const { status, body } = await reviewToken(cluster, token, ctx.logger);
  if (status === 401)
    throw new ApiError(401, `cluster "${cluster.name}" does not accept this token`, 'Unauthorized');
  if (status !== 201 && status !== 200) {
    throw new ApiError(
      502,
      `cluster "${cluster.name}" could not check the token: ${body.message ?? `HTTP ${status}`}`,
      body.reason,
    );
  }
  const info = body.status?.userInfo;
  if (!info?.username)
    throw new ApiError(
      401,
      `cluster "${cluster.name}" did not say who this token is`,
      'Unauthorized',
    );
  return { name: info.username, groups: info.groups ?? [] };
}

export async function startSession(
  ctx: BffContext,
  req: Request,
  res: Response,
  data: { user: UserInfo; authMode: AuthMode; cred: SessionCredential },
  /** Token and demo sign-ins: the cluster that said who the token is. */
  cluster?: string,
): Promise<Session> {
  // A sign-in replaces any session this browser had; the old one is revoked, not just forgotten.
  const previous = sessionOf(req);
  if (previous) await ctx.sessions.revoke(res, previous);
  const session = await ctx.sessions.issue(res, data);
  // The pre-sign-in CSRF token dies with its cookie; the session's own token replaces it.
  res.clearCookie(ctx.sessions.preCookieName, {
    ...ctx.sessions.cookieOptions(0),
    maxAge: undefined,
  });
  await ctx.audit.write(sessionEvent(req, session, 'login'));
  await recordSignIn(ctx, session, cluster);
  return session;
}

/**
 * Remembers the groups this sign-in carried, for analysis of "can <user> …?" later. Failing to
 * record does not fail the sign-in: analysis then says the groups are unknown, as without a record.
 */
async function recordSignIn(ctx: BffContext, session: Session, cluster?: string): Promise<void> {
  const issuer = session.authMode === 'oidc' ? ctx.config.oidc?.issuer : undefined;
  try {
    await ctx.state.signIns.record({
      user: session.user.name,
      groups: [...session.user.groups],
      at: new Date(session.signedInAt * 1000).toISOString(),
      authMode: session.authMode,
      ...(issuer ? { issuer } : {}),
      ...(session.authMode !== 'oidc' && cluster ? { cluster } : {}),
    });
  } catch (err) {
    ctx.logger.warn({ err, user: session.user.name }, 'could not record the sign-in groups');
  }
}

export async function signOut(ctx: BffContext, req: Request, res: Response): Promise<void> {
  const session = sessionOf(req);
  if (session) {
    await ctx.sessions.revoke(res, session);
    await ctx.audit.write(sessionEvent(req, session, 'logout'));
  }
  res.setHeader('clear-site-data', '"cache", "cookies", "storage"');
  res.status(204).end();
}

function sessionEvent(req: Request, session: Session, verb: 'login' | 'logout'): AuditEntry {
  return {
    time: new Date().toISOString(),
    requestId: String(req.id),
    user: session.user.name,
    groups: session.user.groups,
    authMode: session.authMode,
    verb,
    outcome: { code: 204, status: 'success' },
  };
}
