// ServiceAccount tokens: TokenRequest issues signed JWTs; authentication accepts them only while the
// ServiceAccount (same uid) and the bound object (Secret or Pod, same uid) still exist.
import {
  createPrivateKey,
  createPublicKey,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { KObject } from '../object.js';
import type { Store } from '../store.js';
import type { UserInfo } from './user.js';

export const API_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
const ISSUER = 'https://kubernetes.default.svc.cluster.local';

interface BoundRef {
  kind: 'Pod' | 'Secret';
  name: string;
  uid: string;
}

interface KubernetesClaims {
  namespace: string;
  serviceaccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  secret?: { name: string; uid: string };
}

export interface IssuedToken {
  token: string;
  expirationTimestamp: string;
}

/** The issuer of the token controller's non-expiring Secret tokens (serviceaccount/legacy.go). */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';
const LEGACY = 'kubernetes.io/serviceaccount/';

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

const BOUND_KEYS: Record<BoundRef['kind'], string> = { Pod: '/pods', Secret: '/secrets' };

export class ServiceAccountTokens {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(
    saKeyPem: string,
    private readonly store: Store,
  ) {
    this.privateKey = createPrivateKey(saKeyPem);
    this.publicKey = createPublicKey(this.privateKey);
  }

  async issue(
    sa: KObject,
    audiences: string[],
    expirationSeconds: number,
    bound?: BoundRef,
  ): Promise<IssuedToken> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + expirationSeconds;
    const ns = sa.metadata.namespace ?? '';
    const claims: KubernetesClaims = {
      namespace: ns,
      serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid ?? '' },
    };
    if (bound?.kind === 'Pod') claims.pod = { name: bound.name, uid: bound.uid };
    if (bound?.kind === 'Secret') claims.secret = { name: bound.name, uid: bound.uid };
    const token = await new SignJWT({ 'kubernetes.io': claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'devcluster-sa' })
      .setIssuer(ISSUER)
      .setSubject(`system:serviceaccount:${ns}:${sa.metadata.name}`)
      .setAudience(audiences)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return {
      token,
      expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
  }

  /**
   * A legacy token as the token controller puts in a `kubernetes.io/service-account-token` Secret:
   * no expiry, no audience, valid while the Secret (holding this very token) and the ServiceAccount
   * exist. Signed synchronously, as the controller writes it from a store callback.
   */
  legacyToken(sa: KObject, secretName: string): string {
    const ns = sa.metadata.namespace ?? '';
    const header = b64url(JSON.stringify({ alg: 'ES256', kid: 'devcluster-sa' }));
    const payload = b64url(
      JSON.stringify({
        iss: LEGACY_ISSUER,
        [`${LEGACY}namespace`]: ns,
        [`${LEGACY}secret.name`]: secretName,
        [`${LEGACY}service-account.name`]: sa.metadata.name,
        [`${LEGACY}service-account.uid`]: sa.metadata.uid ?? '',
        sub: `system:serviceaccount:${ns}:${sa.metadata.name}`,
      }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
      key: this.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${header}.${payload}.${b64url(signature)}`;
  }

  /** LegacyValidator: the Secret still holds this token and the ServiceAccount (same uid) exists. */
  private authenticateLegacy(token: string): UserInfo | undefined {
    const [header = '', body = '', signature = ''] = token.split('.');
    const ok = verify(
      'sha256',
      Buffer.from(`${header}.${body}`),
      { key: this.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    if (!ok) return undefined;
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      return undefined;
    }
    const ns = String(claims[`${LEGACY}namespace`] ?? '');
    const name = String(claims[`${LEGACY}service-account.name`] ?? '');
    const uid = String(claims[`${LEGACY}service-account.uid`] ?? '');
    const secret = this.store.get('/secrets', ns, String(claims[`${LEGACY}secret.name`] ?? ''));
    const data = (secret?.data ?? {}) as Record<string, unknown>;
    if (typeof data.token !== 'string') return undefined;
    if (Buffer.from(data.token, 'base64').toString('utf8') !== token) return undefined;
    const sa = this.store.get('/serviceaccounts', ns, name);
    if (!sa || sa.metadata.uid !== uid) return undefined;
    return {
      name: `system:serviceaccount:${ns}:${name}`,
      uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
    };
  }

  /** The user a token stands for, or undefined when it is not (or no longer) valid. */
  async authenticate(
    token: string,
    audiences: string[] = [API_AUDIENCE],
  ): Promise<UserInfo | undefined> {
    if (legacyIssuer(token)) return this.authenticateLegacy(token);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, {
        issuer: ISSUER,
        audience: audiences,
        algorithms: ['ES256'],
      }));
    } catch {
      return undefined;
    }
    const k = payload['kubernetes.io'] as KubernetesClaims | undefined;
    if (!k?.serviceaccount) return undefined;
    const sa = this.store.get('/serviceaccounts', k.namespace, k.serviceaccount.name);
    if (!sa || sa.metadata.uid !== k.serviceaccount.uid) return undefined;
    const extra: Record<string, string[]> = {};
    for (const [kind, ref] of [
      ['Pod', k.pod],
      ['Secret', k.secret],
    ] as const) {
      if (!ref) continue;
      const obj = this.store.get(BOUND_KEYS[kind], k.namespace, ref.name);
      if (!obj || obj.metadata.uid !== ref.uid) return undefined;
      if (kind === 'Pod') {
        extra['authentication.kubernetes.io/pod-name'] = [ref.name];
        extra['authentication.kubernetes.io/pod-uid'] = [ref.uid];
      }
    }
    if (typeof payload.jti === 'string')
      extra['authentication.kubernetes.io/credential-id'] = [`JTI=${payload.jti}`];
    return {
      name: `system:serviceaccount:${k.namespace}:${k.serviceaccount.name}`,
      uid: k.serviceaccount.uid,
      groups: [
        'system:serviceaccounts',
        `system:serviceaccounts:${k.namespace}`,
        'system:authenticated',
      ],
      extra,
    };
  }
}

function legacyIssuer(token: string): boolean {
  const body = token.split('.')[1];
  if (!body) return false;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { iss?: unknown };
    return claims.iss === LEGACY_ISSUER;
  } catch {
    return false;
  }
}
