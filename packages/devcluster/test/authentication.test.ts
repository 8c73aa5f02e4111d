// Authentication: static tokens, TokenRequest JWTs (expiry, bound objects), OIDC ID tokens, anonymous.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { at, raw, startTestCluster, type TestCluster } from './helpers.js';

let tc: TestCluster;
let admin: string;
let issuer: Server;
let issuerUrl: string;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  signingKey = privateKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  issuer = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/.well-known/openid-configuration')
      res.end(JSON.stringify({ issuer: issuerUrl, jwks_uri: `${issuerUrl}/keys` }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((ok) => issuer.listen(0, '127.0.0.1', ok));
  issuerUrl = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
  tc = await startTestCluster({
    seed: 'demo',
    allowAnonymous: true,
    oidc: {
      issuerUrl,
      clientId: 'gatehouse',
      usernameClaim: 'email',
      groupsClaim: 'groups',
      groupsPrefix: 'oidc:',
    },
  });
  admin = tc.cluster.token('admin');
});
afterAll(async () => {
  await tc?.stop();
  await new Promise((ok) => issuer.close(ok));
});

async function whoami(token?: string): Promise<{ status: number; user: unknown }> {
  const r = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    ...(token ? { token } : {}),
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  });
  return { status: r.status, user: at(r.json, 'status', 'userInfo') };
}

describe('static tokens and anonymous', () => {
  it('authenticates seeded users and adds system:authenticated', async () => {
    expect((await whoami(tc.cluster.token('bob'))).user).toEqual({
      username: 'bob',
      uid: 'bob-uid',
      groups: ['devel', 'qa', 'system:authenticated'],
    });
  });

  it('answers 401 Unauthorized for an unknown token', async () => {
    const r = await raw(tc.cluster, 'GET', '/api/v1/namespaces', { token: 'not-a-token' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('treats requests without credentials as system:anonymous when enabled', async () => {
    const review = await raw(
      tc.cluster,
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { body: {} },
    );
    expect(review.json.message).toBe(
      'selfsubjectreviews.authentication.k8s.io is forbidden: User "system:anonymous" cannot create resource "selfsubjectreviews" in API group "authentication.k8s.io" at the cluster scope',
    );
    expect((await raw(tc.cluster, 'GET', '/healthz')).text).toBe('ok');
    const r = await raw(tc.cluster, 'GET', '/api/v1/namespaces');
    expect(r.json.message).toBe(
      'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
  });
});

describe('ServiceAccount tokens', () => {
  const tokenFor = async (
    sa: string,
    spec: Record<string, unknown>,
  ): Promise<{ status: number; json: Record<string, unknown> }> =>
    raw(tc.cluster, 'POST', `/api/v1/namespaces/payments/serviceaccounts/${sa}/token`, {
      token: admin,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec },
    });

  it('binds a token to a Secret: deleting the Secret revokes it', async () => {
    const secret = await raw(tc.cluster, 'POST', '/api/v1/namespaces/payments/secrets', {
      token: admin,
      body: { metadata: { name: 'bound' } },
    });
    const uid = String(at(secret.json, 'metadata', 'uid'));
    const r = await tokenFor('ci-deployer', {
      boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 'bound', uid },
    });
    expect(r.status).toBe(201);
    expect(at(r.json, 'status', 'expirationTimestamp')).toMatch(/Z$/);
    const token = String(at(r.json, 'status', 'token'));
    expect((await whoami(token)).user).toMatchObject({
      username: 'system:serviceaccount:payments:ci-deployer',
    });
    await raw(tc.cluster, 'DELETE', '/api/v1/namespaces/payments/secrets/bound', { token: admin });
    expect((await whoami(token)).status).toBe(401);
  });

  it('refuses a bound object whose uid does not match, and a too-short duration', async () => {
    await raw(tc.cluster, 'POST', '/api/v1/namespaces/payments/secrets', {
      token: admin,
      body: { metadata: { name: 'other' } },
    });
    const wrong = await tokenFor('ci-deployer', {
      boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 'other', uid: 'nope' },
    });
    expect(wrong.status).toBe(409);
    const short = await tokenFor('ci-deployer', { expirationSeconds: 60 });
    expect(short.status).toBe(422);
    expect(short.json.message).toBe(
      'TokenRequest.authentication.k8s.io "ci-deployer" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    );
  });

  it('keeps a token for another audience off the API, while TokenReview for that audience accepts it', async () => {
    const r = await tokenFor('ci-deployer', { audiences: ['vault'] });
    const token = String(at(r.json, 'status', 'token'));
    expect((await whoami(token)).status).toBe(401);
    const review = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      token: admin,
      body: { spec: { token, audiences: ['vault'] } },
    });
    expect(at(review.json, 'status', 'authenticated')).toBe(true);
    expect(at(review.json, 'status', 'audiences')).toEqual(['vault']);
  });

  it('refuses an expired token signed with the cluster key', async () => {
    const key = await importPKCS8(
      readFileSync(join(tc.cluster.dataDir, 'pki', 'sa.key'), 'utf8'),
      'ES256',
    );
    const sa = await raw(
      tc.cluster,
      'GET',
      '/api/v1/namespaces/payments/serviceaccounts/ci-deployer',
      { token: admin },
    );
    const claims = {
      'kubernetes.io': {
        namespace: 'payments',
        serviceaccount: { name: 'ci-deployer', uid: at(sa.json, 'metadata', 'uid') },
      },
    };
    const sign = (exp: number): Promise<string> =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer('https://kubernetes.default.svc.cluster.local')
        .setAudience('https://kubernetes.default.svc.cluster.local')
        .setSubject('system:serviceaccount:payments:ci-deployer')
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(key);
    const now = Math.floor(Date.now() / 1000);
    expect((await whoami(await sign(now + 600))).status).toBe(201);
    expect((await whoami(await sign(now - 60))).status).toBe(401);
  });
});

describe('OIDC', () => {
  const idToken = (claims: Record<string, unknown>, aud = 'gatehouse'): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuerUrl)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(signingKey);

  it('maps the email and groups claims, with the groups prefix', async () => {
    const token = await idToken({
      sub: 'u-1',
      email: 'dana@example.com',
      email_verified: true,
      groups: ['platform'],
    });
    expect((await whoami(token)).user).toEqual({
      username: 'dana@example.com',
      groups: ['oidc:platform', 'system:authenticated'],
    });
  });

  it('refuses another audience and an unverified email', async () => {
    expect(
      (await whoami(await idToken({ sub: 'u-2', email: 'eve@example.com' }, 'someone-else')))
        .status,
    ).toBe(401);
    expect(
      (await whoami(await idToken({ sub: 'u-3', email: 'eve@example.com', email_verified: false })))
        .status,
    ).toBe(401);
  });

  it('answers TokenReview for any token kind', async () => {
    const token = await idToken({ sub: 'u-4', email: 'fay@example.com', email_verified: true });
    const r = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      token: admin,
      body: { spec: { token } },
    });
    expect(at(r.json, 'status', 'authenticated')).toBe(true);
    expect(at(r.json, 'status', 'user', 'username')).toBe('fay@example.com');
    const bad = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      token: admin,
      body: { spec: { token: 'garbage' } },
    });
    expect(at(bad.json, 'status', 'authenticated')).toBeUndefined();
  });
});
