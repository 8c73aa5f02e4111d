import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditResponse, KubeStatus } from '../src/contract.js';
import { authConfig, demoSignIn, session, startTestBff, type TestBff } from './support/bff.js';
import { tempDir } from './support/clusters.js';

const rbac = '/k8s/dev/apis/rbac.authorization.k8s.io/v1';
const whoami = '/k8s/dev/apis/authentication.k8s.io/v1/selfsubjectreviews';
const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };

describe('embedded devcluster with demo sign-in', () => {
  const dir = tempDir('bff-embedded-');
  let bff: TestBff;

  beforeAll(async () => {
    bff = await startTestBff({ dataDir: dir.path });
  });
  afterAll(async () => {
    await bff?.close();
    dir.remove();
  });

  it('offers the demo picker and one embedded cluster', async () => {
    const cfg = await authConfig(bff.browser());
    expect(cfg.modes).toEqual(['demo']);
    expect(cfg.demoUsers.map((u) => u.name)).toEqual(['admin', 'alice', 'bob', 'joe', 'carol']);
    expect(cfg.clusters).toEqual([{ id: 'dev', name: 'Dev cluster (embedded)' }]);
  });

  it('sets an HttpOnly SameSite=Lax session cookie, unprefixed on plain http', async () => {
    const b = bff.browser();
    await authConfig(b);
    const r = await b.post('/api/auth/demo', { user: 'carol' });
    expect(r.status).toBe(204);
    const cookie = (r.headers['set-cookie'] as string[]).find((c) => c.startsWith('gatehouse='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
  });

  it('refuses cross-site unsafe requests: no token, foreign Origin, cross-site fetch metadata', async () => {
    const b = bff.browser();
    await authConfig(b);
    const noToken = await b.post('/api/auth/demo', { user: 'alice' }, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.json<{ error: { message: string } }>().error.message).toMatch(/X-CSRF-Token/);
    const foreign = await b.post(
      '/api/auth/demo',
      { user: 'alice' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const noOrigin = await b.post('/api/auth/demo', { user: 'alice' }, { origin: null });
    expect(noOrigin.status).toBe(403);
    // Another port on the same host is another origin.
    const port = Number(new URL(bff.url).port);
    const otherPort = await b.post(
      '/api/auth/demo',
      { user: 'alice' },
      { origin: `http://127.0.0.1:${port + 1}` },
    );
    expect(otherPort.status).toBe(403);
    const crossSite = await b.post(
      '/api/auth/demo',
      { user: 'alice' },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(crossSite.status).toBe(403);
    // Another browser's token does not fit this browser's cookie.
    const other = bff.browser();
    await authConfig(other);
    const stolen = await b.post(
      '/api/auth/demo',
      { user: 'alice' },
      { headers: { 'x-csrf-token': other.csrfToken! } },
    );
    expect(stolen.status).toBe(403);
    expect((await b.get('/api/session')).status).toBe(401);
    // Signed in, a proxied write without the token is refused before it reaches the cluster.
    await demoSignIn(b, 'alice');
    const write = await b.send('POST', `${rbac}/clusterroles`, {
      body: { metadata: { name: 'x' }, rules: [] },
      csrf: false,
    });
    expect(write.status).toBe(403);
    expect((await b.get(`${rbac}/clusterroles/x`)).status).toBe(404);
  });

  it('accepts each loopback name of its own origin when none is configured', async () => {
    const b = bff.browser();
    await authConfig(b);
    const port = new URL(bff.url).port;
    const r = await b.post(
      '/api/auth/demo',
      { user: 'joe' },
      { origin: `http://localhost:${port}` },
    );
    expect(r.status, r.text).toBe(204);
  });

  it('sends security headers: strict CSP, no framing, no x-powered-by, no HSTS on http', async () => {
    const r = await bff.browser().get('/api/auth/config');
    expect(r.headers['content-security-policy']).toBe(
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'",
    );
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers['x-powered-by']).toBeUndefined();
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });

  it('never uses its own identity for a request without a session', async () => {
    const b = bff.browser();
    await authConfig(b);
    const r = await b.get(`${rbac}/clusterroles`);
    expect(r.status).toBe(401);
    expect(r.json<KubeStatus>()).toMatchObject({
      kind: 'Status',
      code: 401,
      reason: 'Unauthorized',
    });
    expect((await b.get('/api/session')).status).toBe(401);
    const forged = await b.get(`${rbac}/clusterroles`, {
      cookie: 'gatehouse=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z',
    });
    expect(forged.status).toBe(401);
  });

  it('drops identity headers from the client: carol asking to be alice is still carol', async () => {
    const b = bff.browser();
    await demoSignIn(b, 'carol');
    const r = await b.post(whoami, review, {
      headers: {
        'impersonate-user': 'alice',
        'impersonate-group': 'system:masters',
        authorization: 'Bearer not-carols-token',
        'x-remote-user': 'alice',
      },
    });
    expect(r.status, r.text).toBe(201);
    const info = r.json<{ status: { userInfo: { username: string; groups: string[] } } }>().status
      .userInfo;
    expect(info.username).toBe('carol');
    expect(info.groups).not.toContain('system:masters');
    const list = await b.get(`${rbac}/clusterroles`, { 'impersonate-user': 'alice' });
    expect(list.status).toBe(403);
    expect(list.json<KubeStatus>()).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
    });
    expect(list.json<KubeStatus>().message).toMatch(
      /User "carol" cannot list resource "clusterroles"/,
    );
  });

  it('evaluates capabilities as the user: alice everywhere, bob in his project only', async () => {
    const alice = await demoSignIn(bff.browser(), 'alice');
    expect(alice.user.name).toBe('alice');
    const dev = alice.clusters[0]!;
    expect(dev.capabilities.cluster.resourceRules).toContainEqual(
      expect.objectContaining({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
    );
    expect(dev.capabilities.namespaces.map((n) => n.name)).toEqual(
      expect.arrayContaining(['payments', 'deliveries', 'data-lake']),
    );

    const bob = await demoSignIn(bff.browser(), 'bob');
    const ns = bob.clusters[0]!.capabilities.namespaces;
    // bob administers payments, and his group devel develops in deliveries.
    expect(ns.map((n) => [n.name, n.project]).sort()).toEqual([
      ['deliveries', 'deliveries'],
      ['payments', 'payments'],
      ['payments-staging', 'payments'],
    ]);
    expect(ns.find((n) => n.name === 'payments')!.rules.resourceRules).toContainEqual(
      expect.objectContaining({
        verbs: expect.arrayContaining(['create']),
        resources: expect.arrayContaining(['rolebindings']),
      }),
    );
    expect(bob.clusters[0]!.capabilities.cluster.resourceRules).not.toContainEqual(
      expect.objectContaining({ resources: ['*'] }),
    );

    const carol = await demoSignIn(bff.browser(), 'carol');
    expect(carol.clusters[0]!.capabilities.namespaces).toEqual([]);
  });

  it.each([
    '/k8s/dev/api/v1/namespaces/..%2f..%2fsecrets',
    '/k8s/dev/api/v1/namespaces/../secrets',
    '/k8s/dev/api/v1/namespaces/%2e%2e/default/secrets',
    '/k8s/dev//api/v1/namespaces',
  ])('refuses traversal %s over HTTP', async (target) => {
    const b = bff.browser();
    await demoSignIn(b, 'admin');
    const r = await b.get(target);
    expect(r.status).toBe(400);
    expect(r.json<KubeStatus>()).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });

  it('keeps paths off the allowlist away from the cluster, even for admin', async () => {
    const b = bff.browser();
    await demoSignIn(b, 'admin');
    expect((await b.get('/k8s/dev/api/v1/namespaces/gatehouse-system/secrets')).status).toBe(403);
    expect((await b.get('/k8s/dev/api/v1/namespaces')).status).toBe(200);
    expect((await b.get('/k8s/nowhere/api/v1/namespaces')).status).toBe(404);
  });

  it('limits body size and content types', async () => {
    const b = bff.browser();
    await demoSignIn(b, 'admin');
    const big = await b.send('POST', `${rbac}/clusterroles`, {
      rawBody: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.json<KubeStatus>()).toMatchObject({ kind: 'Status', code: 413 });
    const yaml = await b.send('POST', `${rbac}/clusterroles`, {
      rawBody: 'kind: ClusterRole',
      headers: { 'content-type': 'application/yaml' },
    });
    expect(yaml.status).toBe(415);
  });

  it('audits a change with the real user, on stdout and fsynced to the audit file, readable by those allowed', async () => {
    const alice = bff.browser();
    await demoSignIn(alice, 'alice');
    const body = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'audit-probe', namespace: 'deliveries' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
    };
    const created = await alice.post(`${rbac}/namespaces/deliveries/rolebindings`, body, {
      headers: { 'impersonate-user': 'admin' },
    });
    expect(created.status, created.text).toBe(201);
    const requestId = created.headers['x-request-id'];

    const file = readFileSync(join(dir.path, 'audit', 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
    const line = file.find((e) => e.requestId === requestId);
    expect(line).toMatchObject({
      user: 'alice',
      cluster: 'dev',
      verb: 'create',
      apiGroup: 'rbac.authorization.k8s.io',
      resource: 'rolebindings',
      namespace: 'deliveries',
      outcome: { code: 201, status: 'success' },
    });
    expect(bff.auditOut.json().some((l) => (l.audit as AuditEntry).requestId === requestId)).toBe(
      true,
    );

    // A refused change is audited as a failure with the cluster's reason.
    const carol = bff.browser();
    await demoSignIn(carol, 'carol');
    const refused = await carol.post(`${rbac}/namespaces/deliveries/rolebindings`, {
      ...body,
      metadata: { name: 'nope', namespace: 'deliveries' },
    });
    expect(refused.status).toBe(403);
    const carolLine = readFileSync(join(dir.path, 'audit', 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry)
      .find((e) => e.requestId === refused.headers['x-request-id']);
    expect(carolLine).toMatchObject({
      user: 'carol',
      outcome: { code: 403, status: 'failure', reason: 'Forbidden' },
    });

    const seenByAlice = (await alice.get('/api/audit?limit=50')).json<AuditResponse>().entries;
    expect(seenByAlice.some((e) => e.requestId === requestId)).toBe(true);
    const seenByCarol = (await carol.get('/api/audit?limit=50')).json<AuditResponse>().entries;
    expect(seenByCarol.some((e) => e.requestId === requestId)).toBe(false);
    expect(seenByCarol.some((e) => e.user === 'carol' && e.verb === 'login')).toBe(true);
  });

  it('signs out: the cookie stops working, also when copied before', async () => {
    const b = bff.browser();
    await demoSignIn(b, 'joe');
    const copy = b.copy();
    expect((await copy.get('/api/session')).status).toBe(200);
    const out = await b.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers['clear-site-data']).toBe('"cache", "cookies", "storage"');
    expect((await copy.get('/api/session')).status).toBe(401);
    expect((await copy.get(`${rbac}/namespaces/deliveries/rolebindings`)).status).toBe(401);
  });

  it('redacts tokens and cookies from its logs', async () => {
    const b = bff.browser();
    await demoSignIn(b, 'joe');
    await b.get('/api/session', { authorization: 'Bearer very-secret-token' });
    const text = bff.logs.lines.join('\n');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('very-secret-token');
    expect(text).not.toMatch(/gatehouse=eyJ/);
  });

  it('re-reads its session with a fresh id on every sign-in', async () => {
    const b = bff.browser();
    await demoSignIn(b, 'joe');
    const before = b.copy();
    const again = await demoSignIn(b, 'alice');
    expect(again.user.name).toBe('alice');
    expect((await before.get('/api/session')).status).toBe(401);
    expect((await session(b)).user.name).toBe('alice');
  });
});
