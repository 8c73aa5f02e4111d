// OIDC ID tokens from one configured issuer, checked as kube-apiserver's --oidc-* flags do.
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createRemoteJWKSet, customFetch, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { UserInfo } from './user.js';
import { withAuthenticatedGroup } from './user.js';

export interface OidcIssuerConfig {
  issuerUrl: string;
  clientId: string;
  usernameClaim?: string;
  usernamePrefix?: string;
  groupsClaim?: string;
  groupsPrefix?: string;
  caPem?: string;
}

/** A fetch over node's http(s) so the issuer's own CA can be trusted. */
function fetchWithCa(caPem: string | undefined): (url: string) => Promise<Response> {
  return (url) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(u, { method: 'GET', ...(caPem ? { ca: caPem } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500 })),
        );
        res.on('error', reject);
      });
      req.setTimeout(5000, () => req.destroy(new Error(`timeout fetching ${url}`)));
      req.on('error', reject);
      req.end();
    });
}

export class OidcAuthenticator {
  private jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  private readonly fetch: (url: string) => Promise<Response>;

  constructor(private readonly cfg: OidcIssuerConfig) {
    this.fetch = fetchWithCa(cfg.caPem);
  }

  /** True when the token claims to come from this issuer (so other authenticators can be skipped). */
  claims(token: string): boolean {
    try {
      return decodeJwt(token).iss === this.cfg.issuerUrl;
    } catch {
      return false;
    }
  }

  private async keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.jwks) return this.jwks;
    const res = await this.fetch(
      `${this.cfg.issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`,
    );
    if (res.status !== 200) throw new Error(`OIDC discovery answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
    if (doc.issuer !== this.cfg.issuerUrl || !doc.jwks_uri)
      throw new Error('OIDC discovery document does not match the issuer');
    this.jwks = createRemoteJWKSet(new URL(doc.jwks_uri), { [customFetch]: this.fetch });
    return this.jwks;
  }

  async authenticate(token: string): Promise<UserInfo | undefined> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keySet(), {
        issuer: this.cfg.issuerUrl,
        audience: this.cfg.clientId,
      }));
    } catch {
      return undefined;
    }
    const claim = this.cfg.usernameClaim ?? 'sub';
    const raw = payload[claim];
    if (typeof raw !== 'string' || raw === '') return undefined;
    if (
      claim === 'email' &&
      payload.email_verified !== undefined &&
      payload.email_verified !== true
    )
      return undefined;
    const defaultPrefix = claim === 'email' ? '' : `${this.cfg.issuerUrl}#`;
    const prefix =
      this.cfg.usernamePrefix === '-' ? '' : (this.cfg.usernamePrefix ?? defaultPrefix);
    const groups: string[] = [];
    if (this.cfg.groupsClaim) {
      const g = payload[this.cfg.groupsClaim];
      const list =
        typeof g === 'string'
          ? [g]
          : Array.isArray(g)
            ? g.filter((x): x is string => typeof x === 'string')
            : [];
      for (const x of list) groups.push(`${this.cfg.groupsPrefix ?? ''}${x}`);
    }
    return { name: `${prefix}${raw}`, groups: withAuthenticatedGroup(groups) };
  }
}
