import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import type { AuthMode, UserInfo } from '../contract.js';
import { ApiError } from '../errors.js';
import type { Actor } from '../kube-client.js';
import type { KeyRing } from './keys.js';
import type { Revocations } from './revocation.js';

const sessionSchema = z.object({
  sid: z.string(),
  user: z.object({ name: z.string(), groups: z.array(z.string()) }),
  authMode: z.enum(['oidc', 'token', 'demo']),
  cred: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('impersonate'),
      /** OIDC only, with --oidc-refresh-groups: the IdP's refresh token, sealed in the cookie. */
      refreshToken: z.string().optional(),
      /** When the groups were last read from the IdP, epoch seconds. */
      groupsAt: z.number().optional(),
    }),
    z.object({ kind: z.literal('token'), token: z.string() }),
  ]),
  /**
   * Sign-in time and last activity, epoch seconds. Not `iat`: the JWT's own iat is the time this
   * cookie value was sealed, which each refresh moves; the absolute lifetime counts from sign-in.
   */
  signedInAt: z.number(),
  seen: z.number(),
});

export type Session = z.infer<typeof sessionSchema>;
export type SessionCredential = Session['cred'];

export function actorOf(session: Session): Actor {
  return session.cred.kind === 'token'
    ? { kind: 'token', token: session.cred.token }
    : { kind: 'impersonate', user: session.user.name, groups: session.user.groups };
}

const maxCookieBytes = 4000;
const openedCacheSize = 10_000;
/** Refresh the sliding idle timer at most this often, so most requests set no cookie. */
const touchEverySeconds = 60;
const sessions = new WeakMap<Request, Session>();

export function sessionOf(req: Request): Session | undefined {
  return sessions.get(req);
}

export interface SessionOptions {
  secure: boolean;
  idleSeconds: number;
  maxSeconds: number;
}

export class SessionManager {
  readonly cookieName: string;
  readonly oidcCookieName: string;
  readonly preCookieName: string;

  constructor(
    private readonly keys: KeyRing,
    private readonly revocations: Revocations,
    private readonly opts: SessionOptions,
  ) {
    // __Host- needs Secure; browsers refuse it on plain http, so dev on http uses plain names.
    const prefix = opts.secure ? '__Host-' : '';
    this.cookieName = `${prefix}gatehouse`;
    this.oidcCookieName = `${prefix}gatehouse-oidc`;
    this.preCookieName = `${prefix}gatehouse-pre`;
  }

  cookieOptions(maxAgeSeconds: number): CookieOptions {
    return {
      httpOnly: true,
      secure: this.opts.secure,
      sameSite: 'lax',
      path: '/',
      maxAge: maxAgeSeconds * 1000,
    };
  }

  /** Starts a new session (a fresh id on every sign-in) and sets its cookie. */
  async issue(
    res: Response,
    data: { user: UserInfo; authMode: AuthMode; cred: SessionCredential },
  ): Promise<Session> {
    const now = nowSeconds();
    const session: Session = {
      sid: randomBytes(18).toString('base64url'),
      ...data,
      signedInAt: now,
      seen: now,
    };
    await this.write(res, session);
    return session;
  }

  /** The valid session of a request, or undefined: expired, idle, revoked, or not sealed by us. */
  async read(req: Request, res: Response): Promise<Session | undefined> {
    const raw = readCookie(req, this.cookieName);
    if (!raw) return undefined;
    const s = this.opened.get(raw) ?? (await this.openSession(raw));
    if (!s) return undefined;
    // Checked here on every request, cached or not (the cache skips the JWT's own exp check).
    const now = nowSeconds();
    if (now >= this.expiresAt(s) || now >= s.seen + this.opts.idleSeconds) {
      this.opened.delete(raw);
      return undefined;
    }
    if (await this.revocations.isRevoked(s.sid)) return undefined;
    // A new object: the cached one belongs to the old cookie value, which keeps its own idle time.
    const current = now - s.seen >= touchEverySeconds ? { ...s, seen: now } : s;
    if (current !== s) await this.write(res, current);
    sessions.set(req, current);
    return current;
  }

  /**
   * Decrypting is the costliest step of a proxied request; a cookie always decrypts to the same
   * payload, so keep recent ones. Expiry and revocation are still checked on every request.
   */
  private readonly opened = new Map<string, Session>();

  private async openSession(raw: string): Promise<Session | undefined> {
    const parsed = sessionSchema.safeParse(await this.open(raw, 'session'));
    if (!parsed.success) return undefined;
    if (this.opened.size >= openedCacheSize) this.opened.delete(this.opened.keys().next().value!);
    this.opened.set(raw, parsed.data);
    return parsed.data;
  }

  /** The end of a session's absolute lifetime, epoch seconds: sign-in plus --session-max, whatever the refreshes. */
  expiresAt(session: Session): number {
    return session.signedInAt + this.opts.maxSeconds;
  }

  /** Replaces the request's session (same id, same sign-in time) and reseals its cookie. */
  async replace(req: Request, res: Response, session: Session): Promise<void> {
    await this.write(res, session);
    sessions.set(req, session);
  }

  /** Forgets the request's session and clears its cookie without revoking it (it is dead anyway). */
  drop(req: Request, res: Response): void {
    sessions.delete(req);
    res.clearCookie(this.cookieName, { ...this.cookieOptions(0), maxAge: undefined });
  }

  async revoke(res: Response, session: Session): Promise<void> {
    await this.revocations.revoke(session.sid, this.expiresAt(session));
    res.clearCookie(this.cookieName, { ...this.cookieOptions(0), maxAge: undefined });
  }

  /** Encrypts (A256GCM, direct key) any small payload for a cookie. */
  async seal(
    payload: Record<string, unknown>,
    purpose: string,
    ttlSeconds: number,
  ): Promise<string> {
    const key = this.keys.current;
    return new EncryptJWT({ ...payload, pur: purpose })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: key.kid })
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .encrypt(key.secret);
  }

  async open(sealed: string, purpose: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { payload } = await jwtDecrypt(
        sealed,
        (header) => {
          const key = this.keys.find(header.kid);
          if (!key) throw new Error('unknown key');
          return key.secret;
        },
        { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] },
      );
      return payload.pur === purpose ? payload : undefined;
    } catch {
      return undefined;
    }
  }

  private async write(res: Response, s: Session): Promise<void> {
    const remaining = this.expiresAt(s) - nowSeconds();
    const sealed = await this.seal(s, 'session', remaining);
    // Browsers silently drop cookies over ~4 KB; fail the sign-in loudly instead.
    if (sealed.length + this.cookieName.length > maxCookieBytes) {
      throw new ApiError(
        400,
        `this identity (${s.user.groups.length} groups${s.cred.kind === 'token' ? ', and the token' : ''}) is too large for a session cookie`,
        'BadRequest',
      );
    }
    res.cookie(this.cookieName, sealed, this.cookieOptions(remaining));
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
