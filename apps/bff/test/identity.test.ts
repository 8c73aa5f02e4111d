// Identities that would become something else on the way to the API server are refused, never trimmed.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../src/contract.js';
import { UnsafeIdentityError } from '../src/identity.js';
import {
  demoSignIn,
  embeddedBffForSuite,
  session,
  startTestBff,
  type TestBff,
} from './support/bff.js';
import { direct, startFleet, tempDir, type Fleet } from './support/clusters.js';
import { startIdp, type TestIdp } from './support/idp.js';

/** GET as gatehouse-bff with raw Impersonate-* header values, straight to the cluster. */
function asBffImpersonating(
  url: string,
  ca: string,
  token: string,
  headers: Record<string, string | string[]>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/apis/rbac.authorization.k8s.io/v1/clusterrolebindings`,
      { ca, headers: { authorization: `Bearer ${token}`, ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// Values an IdP can put in a claim that the API server would read differently, or that display as
// something else. Leading/trailing space and tab are what Go's textproto trims from header values.
const badNames = [
  ' system:masters',
  '\tsystem:masters',
  'system:masters ',
  'ops\r\n',
  'ops\u0000',
  'evil\u202Etxt.exe',
  'o\u200Bps',
  '\uFEFFops',
  'ops\u2066',
];

describe('identities from the identity provider', () => {
  const dir = tempDir('bff-identity-oidc-');
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
      // No prefix: the reserved-name check alone has to hold.
      oidc: { issuer: idp.issuer, clientId: 'gatehouse', clientSecret: 'secret-for-tests' },
    });
    idp.register(`${bff.url}/api/auth/oidc/callback`, 'secret-for-tests');
  });
  afterAll(async () => {
    await bff?.close();
    await idp?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('the API server trims impersonation header values: " system:masters" arrives as system:masters', async () => {
    // Why the BFF must refuse rather than pass such values on: the devcluster, like kube-apiserver
    // (Go net/http reads headers with textproto.TrimString), admits mallory as cluster admin.
    const dc = fleet.clusters.prod!;
    const token = dc.token('gatehouse-bff');
    expect(
      await asBffImpersonating(dc.url, dc.caPem, token, { 'impersonate-user': 'mallory' }),
    ).toBe(403);
    expect(
      await asBffImpersonating(dc.url, dc.caPem, token, {
        'impersonate-user': 'mallory',
        'impersonate-group': ' system:masters',
      }),
    ).toBe(200);
  });

  it.each(badNames)(
    'refuses sign-in with a group %j instead of trimming or passing it on',
    async (g) => {
      idp.loginAs({
        sub: `g-${badNames.indexOf(g)}`,
        email: 'mallory@example.com',
        groups: ['dev', g],
      });
      const br = bff.browser();
      const end = await br.navigate('/api/auth/oidc/login');
      expect(end.status, end.text).toBe(403);
      const { error } = end.json<ApiErrorBody>();
      expect(error.reason).toBe('Forbidden');
      expect(error.message).toMatch(
        /the identity provider's group ".*" (has leading or trailing whitespace|contains)/,
      );
      // The value is shown escaped, never raw (no bidi or control characters in the answer).
      expect([...error.message].filter((c) => c < ' ' || /\p{Cf}/u.test(c))).toEqual([]);
      expect((await br.get('/api/session')).status).toBe(401);
    },
  );

  it.each([
    ' system:kube-controller-manager',
    'system:serviceaccount:gatehouse-system:gatehouse-controller\n',
    'mallory\u202E',
  ])('refuses sign-in with a user name %j', async (email) => {
    idp.loginAs({ sub: `u-${email.length}`, email, groups: [] });
    const br = bff.browser();
    const end = await br.navigate('/api/auth/oidc/login');
    expect(end.status, end.text).toBe(403);
    expect(end.json<ApiErrorBody>().error.message).toMatch(
      /the identity provider's user name ".*" (has leading or trailing whitespace|contains)/,
    );
    expect((await br.get('/api/session')).status).toBe(401);
  });

  it('a clean identity still signs in, and a system: group is still dropped', async () => {
    idp.loginAs({ sub: 'ok', email: 'dana@example.com', groups: ['dev', 'system:masters'] });
    const br = bff.browser();
    const end = await br.navigate('/api/auth/oidc/login');
    expect(end.url, end.text).toBe(`${bff.url}/`);
    expect((await session(br)).user).toEqual({
      name: 'dana@example.com',
      groups: ['dev', 'system:authenticated'],
    });
  });
});

describe('names in invitations and the header builder', () => {
  const suite = embeddedBffForSuite('bff-identity-invite-');
  const api = '/api/clusters/dev/projects/payments/collaborators';

  it.each([
    ' system:kube-controller-manager',
    'joe ',
    '\u200Bjoe',
    'joe\u202E',
    '\uFEFFjoe',
    'jo\u0000e',
  ])('refuses to invite %j and makes no binding', async (name) => {
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    const dc = suite.bff.bff.context.clusters.embedded!;
    const before = await direct<{ items: unknown[] }>(
      dc,
      'admin',
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings',
    );
    const r = await bob.post(api, { subjects: [{ kind: 'User', name }], level: 'developer' });
    expect(r.status, r.text).toBe(400);
    const { error } = r.json<ApiErrorBody>();
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toMatch(/has leading or trailing whitespace|contains/);
    const after = await direct<{ items: unknown[] }>(
      dc,
      'admin',
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings',
    );
    expect(after.body.items).toEqual(before.body.items);
  });

  it('the header builder refuses such a name even if it got into a session', async () => {
    const cluster = suite.bff.bff.context.clusters.list[0]!;
    for (const actor of [
      { kind: 'impersonate' as const, user: ' system:kube-controller-manager', groups: [] },
      {
        kind: 'impersonate' as const,
        user: 'mallory',
        groups: ['system:authenticated', ' system:masters'],
      },
    ]) {
      await expect(
        cluster.client.json('GET', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', actor),
      ).rejects.toBeInstanceOf(UnsafeIdentityError);
    }
    // The same call with a clean identity reaches the cluster, which answers for mallory.
    const ok = await cluster.client.json(
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      { kind: 'impersonate', user: 'mallory', groups: ['system:authenticated'] },
    );
    expect(ok.status).toBe(403);
  });
});
