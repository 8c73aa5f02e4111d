// Smaller holes closed: dry runs on /api, forged ID tokens, the pre-sign-in CSRF token, minting
// ServiceAccount tokens through the proxy, and revoke-all with a cluster down.
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, KubeconfigsResponse, RevokeResponse } from '../src/contract.js';
import {
  authConfig,
  demoSignIn,
  embeddedBffForSuite,
  session,
  startTestBff,
  tokenSignIn,
  type TestBff,
} from './support/bff.js';
import { direct, startFleet, tempDir, type Fleet } from './support/clusters.js';
import { startIdp, type TestIdp } from './support/idp.js';

const rolebindings = '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings';

describe('requests on the embedded cluster', () => {
  const suite = embeddedBffForSuite('bff-sec-requests-');
  const dc = () => suite.bff.bff.context.clusters.embedded!;

  it('refuses dryRun on every /api route with a 400 and changes nothing', async () => {
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    const before = await direct<{ items: unknown[] }>(dc(), 'admin', 'GET', rolebindings);
    const invite = await bob.post('/api/clusters/dev/projects/payments/collaborators?dryRun=All', {
      subjects: [{ kind: 'User', name: 'dave' }],
      level: 'developer',
    });
    expect(invite.status, invite.text).toBe(400);
    expect(invite.json<ApiErrorBody>().error).toMatchObject({
      reason: 'BadRequest',
      message: 'dryRun is not supported on /api routes; nothing was changed',
    });
    expect(
      (await direct<{ items: unknown[] }>(dc(), 'admin', 'GET', rolebindings)).body.items,
    ).toEqual(before.body.items);
    for (const [method, path] of [
      ['POST', '/api/clusters/dev/projects?dryRun=All'],
      ['POST', '/api/clusters/dev/projects/payments/collaborators/remove?dryrun=All'],
      ['POST', '/api/kubeconfigs/revoke-all?dryRun'],
      ['GET', '/api/clusters/dev/kubeconfig?project=payments&dryRun=All'],
      ['GET', '/api/session?DryRun=All'],
    ] as const) {
      const r =
        method === 'GET' ? await bob.get(path) : await bob.post(path, { subjects: [], level: 'x' });
      expect(r.status, `${method} ${path}`).toBe(400);
    }
    // The proxy passes dryRun on, as the API server honours it there.
    const proxied = await bob.post(`/k8s/dev${rolebindings}?dryRun=All`, {
      metadata: { name: 'dry' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dave' }],
    });
    expect(proxied.status, proxied.text).toBe(201);
    expect((await direct(dc(), 'admin', 'GET', `${rolebindings}/dry`)).status).toBe(404);
  });

  it('rotates the CSRF token at sign-in: the pre-sign-in token no longer works', async () => {
    const br = suite.bff.browser();
    const pre = (await authConfig(br)).csrfToken;
    const signIn = await br.post('/api/auth/demo', { user: 'alice' });
    expect(signIn.status, signIn.text).toBe(204);
    // The pre-session cookie is cleared with the sign-in.
    expect(signIn.headers['set-cookie']).toContainEqual(expect.stringMatching(/^gatehouse-pre=;/));
    const s = await session(br);
    expect(s.csrfToken).not.toBe(pre);
    const withPre = await br.post('/api/auth/logout', undefined, {
      headers: { 'x-csrf-token': pre },
    });
    expect(withPre.status).toBe(403);
    expect(withPre.json<ApiErrorBody>().error.message).toMatch(/does not belong to this session/);
    // Even with the pre-session cookie kept (a browser that ignored the clearing).
    const keptPre = br.copy();
    keptPre.cookies().set('gatehouse-pre', 'A'.repeat(22));
    expect(
      (await keptPre.post('/api/auth/logout', undefined, { headers: { 'x-csrf-token': pre } }))
        .status,
    ).toBe(403);
    expect((await br.post('/api/auth/logout')).status).toBe(204);
  });

  it('does not let an edit holder mint ServiceAccount tokens through the console', async () => {
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    const path = '/api/v1/namespaces/payments/serviceaccounts/default/token';
    const r = await bob.post(`/k8s/dev${path}`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {},
    });
    expect(r.status, r.text).toBe(403);
    expect(r.json<{ kind: string; reason: string }>()).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
    });
    // The cluster itself would have minted one for bob: the refusal is the BFF's allowlist.
    const asBob = await direct(dc(), 'bob', 'POST', path, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {},
    });
    expect(asBob.status).toBe(201);
  });
});

describe('ID tokens from the token endpoint', () => {
  const dir = tempDir('bff-sec-idtoken-');
  let fleet: Fleet;
  let idp: TestIdp;
  let bff: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['prod']);
    idp = await startIdp();
    bff = await startTestBff({
      kubeconfig: fleet.kubeconfig,
      dataDir: `${dir.path}/bff-data`,
      auth: ['oidc'],
      oidc: { issuer: idp.issuer, clientId: 'gatehouse', clientSecret: 'secret-for-tests' },
    });
    idp.register(`${bff.url}/api/auth/oidc/callback`, 'secret-for-tests');
  });
  afterAll(async () => {
    idp?.tamperIdTokens(undefined);
    await bff?.close();
    await idp?.close();
    await fleet?.stop();
    dir.remove();
  });

  const attacker = generateKeyPair('RS256');
  const forgeries: Array<[string, (t: string) => Promise<string>]> = [
    [
      're-signed by another key under the IdP key id, with a group added',
      async (t) => {
        const { privateKey } = await attacker;
        const header = decodeProtectedHeader(t);
        return new SignJWT({ ...decodeJwt(t), groups: ['platform-admins'] })
          .setProtectedHeader({ alg: 'RS256', ...(header.kid ? { kid: header.kid } : {}) })
          .sign(privateKey);
      },
    ],
    [
      'with its signature altered',
      async (t) => {
        const [h, p, sig] = t.split('.');
        const bytes = Buffer.from(sig!, 'base64url');
        bytes[0] = bytes[0]! ^ 0xff;
        return `${h}.${p}.${bytes.toString('base64url')}`;
      },
    ],
  ];

  it.each(forgeries)('refuses an ID token %s', async (_why, forge) => {
    idp.loginAs({ sub: 'f-1', email: 'mallory@example.com', groups: ['dev'] });
    idp.tamperIdTokens(forge);
    try {
      const br = bff.browser();
      const end = await br.navigate('/api/auth/oidc/login');
      expect(end.status, end.text).toBe(401);
      expect(end.json<ApiErrorBody>().error.reason).toBe('Unauthorized');
      expect((await br.get('/api/session')).status).toBe(401);
    } finally {
      idp.tamperIdTokens(undefined);
    }
  });

  it('accepts the IdP own ID token passed through unchanged', async () => {
    idp.loginAs({ sub: 'f-2', email: 'dana@example.com', groups: ['dev'] });
    idp.tamperIdTokens(async (t) => t);
    try {
      const br = bff.browser();
      const end = await br.navigate('/api/auth/oidc/login');
      expect(end.url, end.text).toBe(`${bff.url}/`);
      expect((await session(br)).user.name).toBe('dana@example.com');
    } finally {
      idp.tamperIdTokens(undefined);
    }
  });
});

describe('revoke-all with a cluster down', () => {
  const dir = tempDir('bff-sec-revoke-');
  let fleet: Fleet;
  let bff: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['one'], { unreachable: 'down' });
    bff = await startTestBff({ kubeconfig: fleet.kubeconfig, dataDir: `${dir.path}/bff-data` });
  });
  afterAll(async () => {
    await bff?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('revokes on the clusters it can reach and reports the one it cannot', async () => {
    const bob = bff.browser();
    await tokenSignIn(bob, fleet.clusters.one!.token('bob'), 'one');
    const file = await bob.get('/api/clusters/one/kubeconfig?project=payments&namespace=payments');
    expect(file.status, file.text).toBe(200);
    const r = await bob.post('/api/kubeconfigs/revoke-all');
    expect(r.status, r.text).toBe(200);
    const body = r.json<RevokeResponse>();
    expect(body.revoked).toHaveLength(1);
    expect(body.revoked[0]).toMatch(/^one\//);
    expect(body.errors).toEqual([{ cluster: 'down', message: 'the cluster cannot be reached' }]);
    const left = (await bob.get('/api/kubeconfigs')).json<KubeconfigsResponse>();
    expect(left.kubeconfigs).toEqual([]);
  });
});
