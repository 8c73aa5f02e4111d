// Bearer-token authentication: static tokens, ServiceAccount JWTs, OIDC ID tokens, optional anonymous.
import type { IncomingMessage } from 'node:http';
import type { OidcAuthenticator } from './oidc.js';
import type { ServiceAccountTokens } from './serviceaccount-tokens.js';
import { ANONYMOUS, withAuthenticatedGroup, type UserInfo } from './user.js';

export interface StaticUser {
  name: string;
  uid: string;
  groups: string[];
  token: string;
}

export class Authenticator {
  private readonly byToken = new Map<string, UserInfo>();

  constructor(
    users: StaticUser[],
    private readonly serviceAccounts: ServiceAccountTokens,
    private readonly oidc: OidcAuthenticator | undefined,
    private readonly allowAnonymous: boolean,
  ) {
    for (const u of users)
      this.byToken.set(u.token, {
        name: u.name,
        uid: u.uid,
        groups: withAuthenticatedGroup(u.groups),
      });
  }

  /** The token's user, or undefined when it authenticates no one; `audiences` narrows ServiceAccount tokens (TokenReview). */
  async authenticateToken(token: string, audiences?: string[]): Promise<UserInfo | undefined> {
    const stat = this.byToken.get(token);
    if (stat) return stat;
    if (this.oidc?.claims(token)) return this.oidc.authenticate(token);
    return this.serviceAccounts.authenticate(token, audiences);
  }

  /** undefined means 401: a bad credential, or none while anonymous access is off. */
  async authenticate(req: IncomingMessage): Promise<UserInfo | undefined> {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m?.[1]) return undefined;
      return this.authenticateToken(m[1]);
    }
    return this.allowAnonymous ? ANONYMOUS : undefined;
  }
}
