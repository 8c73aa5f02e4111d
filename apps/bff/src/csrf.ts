import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { sendApiError } from './errors.js';
import type { KeyRing } from './session/keys.js';
import { readCookie, sessionOf, type SessionManager } from './session/sessions.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token for this browser: bound to the session, or before sign-in to a random pre-session cookie. */
export function csrfTokenFor(
  req: Request,
  res: Response,
  keys: KeyRing,
  sessions: SessionManager,
): string {
  const session = sessionOf(req);
  if (session) return keys.csrfToken(`s:${session.sid}`);
  let pre = readCookie(req, sessions.preCookieName);
  if (!pre || !/^[A-Za-z0-9_-]{22}$/.test(pre)) {
    pre = randomBytes(16).toString('base64url');
    res.cookie(sessions.preCookieName, pre, sessions.cookieOptions(60 * 60));
  }
  return keys.csrfToken(`p:${pre}`);
}

/**
 * Every unsafe method needs, in order: Fetch Metadata saying same-origin (when the browser sends
 * it), an Origin (or Referer) equal to the console's origin, and the X-CSRF-Token bound to this
 * browser's session or pre-session cookie.
 */
export function csrfProtection(
  allowedOrigins: () => string[],
  keys: KeyRing,
  sessions: SessionManager,
): RequestHandler {
  return (req, res, next) => {
    if (safeMethods.has(req.method)) return next();
    const refuse = (why: string) =>
      sendApiError(res, 403, `cross-site request refused: ${why}`, 'Forbidden');
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin') return refuse(`Sec-Fetch-Site is "${site}"`);
    const expected = allowedOrigins();
    const origin = req.get('origin') ?? originOf(req.get('referer'));
    if (!origin) return refuse('no Origin or Referer header');
    if (!expected.includes(origin)) {
      return refuse(
        `Origin ${origin} is not ${expected.join(' or ')} (set --public-origin if the console is served elsewhere)`,
      );
    }
    const token = req.get('x-csrf-token');
    if (!token) return refuse('missing X-CSRF-Token header');
    const session = sessionOf(req);
    const pre = readCookie(req, sessions.preCookieName);
    // Signed in, only the session's token counts: the pre-sign-in one is rotated out at sign-in.
    const ok = session
      ? keys.csrfMatches(`s:${session.sid}`, token)
      : pre !== undefined && keys.csrfMatches(`p:${pre}`, token);
    if (!ok) return refuse('X-CSRF-Token does not belong to this session');
    next();
  };
}

/** The origin a Referer names, if it is a URL. */
export function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

const loopbackHosts = ['127.0.0.1', 'localhost', '[::1]'];

/** Without a configured origin, a console on loopback is reachable under each loopback name. */
export function loopbackAliases(origin: string): string[] {
  const url = new URL(origin);
  if (!loopbackHosts.includes(url.hostname)) return [url.origin];
  return loopbackHosts.map((h) => `${url.protocol}//${h}${url.port ? `:${url.port}` : ''}`);
}
