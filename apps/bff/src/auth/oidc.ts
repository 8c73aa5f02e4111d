import type { Request, Response } from 'express';
import * as client from 'openid-client';
import type { OidcConfig } from '../config.js';
import type { UserInfo } from '../contract.js';
import { ApiError } from '../errors.js';
import { describeIdentity, identityProblem, isReservedIdentity } from '../identity.js';
import { nowSeconds, type Session, type SessionManager } from '../session/sessions.js';

const transactionSeconds = 600;

/**
 * OIDC authorization code flow with PKCE (S256), state and nonce, kept in a sealed single-use
 * cookie. Discovery is retried on use, so an IdP that is down at start does not stop the BFF.
 */
export class OidcSignIn {
  private discovered?: Promise<client.Configuration>;

  constructor(
    private readonly cfg: OidcConfig,
    private readonly sessions: SessionManager,
    private readonly publicOrigin: () => string,
  ) {}

  private configuration(): Promise<client.Configuration> {
    const issuer = new URL(this.cfg.issuer);
    // Plain http only for an IdP on this machine (tests, local development); anything else needs TLS.
    const loopback =
      issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    this.discovered ??= client
      .discovery(issuer, this.cfg.clientId, this.cfg.clientSecret, undefined, {
        // openid-client checks iss, aud, exp and nonce of the token endpoint's ID token but not its
        // signature unless asked (OIDC Core 3.1.3.7 lets TLS stand in); verify it against the jwks_uri.
        execute: [
          ...(loopback ? [client.allowInsecureRequests] : []),
          client.enableNonRepudiationChecks,
        ],
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw new ApiError(
          502,
          `the identity provider ${this.cfg.issuer} cannot be reached: ${(err as Error).message}`,
          'ServiceUnavailable',
        );
      });
    return this.discovered;
  }

  private redirectUri(): string {
    return this.cfg.redirectUrl ?? `${this.publicOrigin()}/api/auth/oidc/callback`;
  }

  async login(res: Response, returnTo: string): Promise<void> {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: this.cfg.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const sealed = await this.sessions.seal(
      { state, nonce, verifier, returnTo },
      'oidc',
      transactionSeconds,
    );
    res.cookie(
      this.sessions.oidcCookieName,
      sealed,
      this.sessions.cookieOptions(transactionSeconds),
    );
    res.redirect(302, url.href);
  }

  /** Completes the flow; returns the user and where to send the browser. */
  async callback(
    req: Request,
    res: Response,
    sealed: string | undefined,
  ): Promise<{ user: UserInfo; returnTo: string; refreshToken?: string }> {
    // Single use: the transaction cookie goes whatever happens next.
    res.clearCookie(this.sessions.oidcCookieName, {
      ...this.sessions.cookieOptions(0),
      maxAge: undefined,
    });
    const tx = sealed ? await this.sessions.open(sealed, 'oidc') : undefined;
    const { state, nonce, verifier, returnTo } = tx ?? {};
    if (
      typeof state !== 'string' ||
      typeof nonce !== 'string' ||
      typeof verifier !== 'string' ||
      typeof returnTo !== 'string'
    ) {
      throw new ApiError(
        400,
        'sign-in expired or was started in another browser; start again',
        'BadRequest',
      );
    }
    const config = await this.configuration();
    const current = new URL(this.redirectUri());
    current.search = new URL(req.originalUrl, 'http://placeholder').search;
    let claims: client.IDToken | undefined;
    let refreshToken: string | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      // Kept only when groups are to be re-read; most IdPs give one only for offline_access.
      if (this.cfg.refreshGroupsSeconds) refreshToken = tokens.refresh_token;
    } catch (err) {
      throw new ApiError(
        401,
        `sign-in with the identity provider failed: ${(err as Error).message}`,
        'Unauthorized',
      );
    }
    if (!claims) throw new ApiError(401, 'the identity provider sent no ID token', 'Unauthorized');
    return { user: this.userFrom(claims), returnTo, ...(refreshToken ? { refreshToken } : {}) };
  }

  private readonly refreshing = new Map<string, Promise<Session | undefined>>();

  /**
   * With --oidc-refresh-groups, the session with its groups re-read from the IdP once they are old
   * enough (the same session when not yet due or not refreshable), or undefined when the IdP no
   * longer vouches for the person: refresh refused, no ID token, another user, or a refused name.
   * Parallel requests of one session share one refresh (refresh tokens may rotate).
   */
  async refreshedSession(session: Session): Promise<Session | undefined> {
    const every = this.cfg.refreshGroupsSeconds;
    const { cred } = session;
    if (!every || session.authMode !== 'oidc' || cred.kind !== 'impersonate') return session;
    if (!cred.refreshToken) return session;
    const now = nowSeconds();
    if (now < (cred.groupsAt ?? session.signedInAt) + every) return session;
    let pending = this.refreshing.get(session.sid);
    if (!pending) {
      pending = this.refresh(session, cred.refreshToken, now).finally(() =>
        this.refreshing.delete(session.sid),
      );
      this.refreshing.set(session.sid, pending);
    }
    return pending;
  }

  private async refresh(
    session: Session,
    refreshToken: string,
    now: number,
  ): Promise<Session | undefined> {
    try {
      const config = await this.configuration();
      const tokens = await client.refreshTokenGrant(config, refreshToken);
      const claims = tokens.claims();
      if (!claims) return undefined;
      const user = this.userFrom(claims);
      if (user.name !== session.user.name) return undefined;
      return {
        ...session,
        user,
        cred: {
          kind: 'impersonate',
          refreshToken: tokens.refresh_token ?? refreshToken,
          groupsAt: now,
        },
      };
    } catch {
      return undefined;
    }
  }

  /** Claims to a Kubernetes identity the way kube-apiserver's OIDC authenticator maps them. */
  userFrom(claims: Record<string, unknown>): UserInfo {
    const raw = claims[this.cfg.usernameClaim];
    if (typeof raw !== 'string' || raw === '')
      throw new ApiError(
        401,
        `the ID token has no "${this.cfg.usernameClaim}" claim`,
        'Unauthorized',
      );
    if (this.cfg.usernameClaim === 'email' && claims.email_verified === false) {
      throw new ApiError(
        401,
        'the identity provider says this email address is not verified',
        'Unauthorized',
      );
    }
    const name = this.cfg.usernamePrefix + raw;
    // Refused, never trimmed: the API server trims header values, so " system:x" would become system:x.
    const nameProblem = identityProblem(name);
    if (nameProblem)
      throw new ApiError(
        403,
        `the identity provider's user name ${describeIdentity(name)} ${nameProblem}`,
        'Forbidden',
      );
    // An IdP must not be able to name someone into Kubernetes' reserved system: namespace.
    if (isReservedIdentity(name))
      throw new ApiError(403, `user name "${name}" is reserved for Kubernetes`, 'Forbidden');
    const rawGroups = claims[this.cfg.groupsClaim];
    const list = Array.isArray(rawGroups)
      ? rawGroups
      : typeof rawGroups === 'string'
        ? [rawGroups]
        : [];
    const groups: string[] = [];
    for (const g of list) {
      if (typeof g !== 'string' || g === '') continue;
      const group = this.cfg.groupsPrefix + g;
      const problem = identityProblem(g) ?? identityProblem(group);
      if (problem)
        throw new ApiError(
          403,
          `the identity provider's group ${describeIdentity(g)} ${problem}; fix the group at the identity provider`,
          'Forbidden',
        );
      // Reserved groups (system:masters!) are dropped even when a prefix would make them harmless.
      if (!isReservedIdentity(g) && !isReservedIdentity(group)) groups.push(group);
    }
    return { name, groups: [...new Set([...groups, 'system:authenticated'])] };
  }
}
