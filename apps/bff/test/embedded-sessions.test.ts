import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '../src/contract.js';
import { authConfig, demoSignIn, session, embeddedBffForSuite } from './support/bff.js';

const rbac = '/k8s/dev/apis/rbac.authorization.k8s.io/v1';

describe('embedded devcluster: demo sign-in, sessions, CSRF and headers', () => {
  const suite = embeddedBffForSuite('bff-embedded-');

  it('offers the demo picker and the two embedded clusters', async () => {
    const cfg = await authConfig(suite.bff.browser());
    expect(cfg.modes).toEqual(['demo']);
    expect(cfg.demoUsers.map((u) => u.name)).toEqual(['admin', 'alice', 'bob', 'joe', 'carol']);
    expect(cfg.clusters).toEqual([
      { id: 'dev', name: 'Dev cluster (embedded)' },
      { id: 'staging', name: 'Staging cluster (embedded)' },
    ]);
  });

  it('sets an HttpOnly SameSite=Lax session cookie, unprefixed on plain http', async () => {
    const b = suite.bff.browser();
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
    const b = suite.bff.browser();
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
    const port = Number(new URL(suite.bff.url).port);
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
    const other = suite.bff.browser();
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
    const b = suite.bff.browser();
    await authConfig(b);
    const port = new URL(suite.bff.url).port;
    const r = await b.post(
      '/api/auth/demo',
      { user: 'joe' },
      { origin: `http://localhost:${port}` },
    );
    expect(r.status, r.text).toBe(204);
  });

  it('sends security headers: strict CSP, no framing, no x-powered-by, no HSTS on http', async () => {
    const r = await suite.bff.browser().get('/api/auth/config');
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
    const b = suite.bff.browser();
    await authConfig(b);
    const r = await b.get(`${rbac}/clusterroles`);
    expect(r.status).toBe(401);
    expect(r.json<KubeStatus>()).toMatchObject({
      kind: 'Status',
      code: 401,
      reason: 'Unauthorized',
    });
    // Liveness names the mode and each cluster's credential state, nothing about anyone's access.
    expect((await b.get('/api/healthz')).json()).toEqual({
      status: 'ok',
      mode: 'embedded',
      clusters: [
        { id: 'dev', credentials: 'ok', checkedAt: expect.any(String) },
        { id: 'staging', credentials: 'ok', checkedAt: expect.any(String) },
      ],
    });
    for (const path of ['/api/session', '/api/clusters', '/api/audit']) {
      expect((await b.get(path)).status, path).toBe(401);
    }
    // A write with a valid CSRF token but no session is refused by the BFF, not sent as itself.
    const write = await b.post(`${rbac}/clusterroles`, { metadata: { name: 'as-bff' }, rules: [] });
    expect(write.status).toBe(401);
    const forged = await b.get(`${rbac}/clusterroles`, {
      cookie: 'gatehouse=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z',
    });
    expect(forged.status).toBe(401);
  });

  it('does not rate limit the demo picker, which has no secret to guess', async () => {
    const b = suite.bff.browser();
    await authConfig(b);
    const codes = new Set<number>();
    for (let i = 0; i < 35; i++) {
      codes.add((await b.post('/api/auth/demo', { user: 'carol' })).status);
      await session(b);
    }
    expect([...codes]).toEqual([204]);
  });

  it('signs out: the cookie stops working, also when copied before', async () => {
    const b = suite.bff.browser();
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
    const b = suite.bff.browser();
    await demoSignIn(b, 'joe');
    await b.get('/api/session', { authorization: 'Bearer very-secret-token' });
    const text = suite.bff.logs.lines.join('\n');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('very-secret-token');
    expect(text).not.toMatch(/gatehouse=eyJ/);
  });

  it('re-reads its session with a fresh id on every sign-in', async () => {
    const b = suite.bff.browser();
    await demoSignIn(b, 'joe');
    const before = b.copy();
    const again = await demoSignIn(b, 'alice');
    expect(again.user.name).toBe('alice');
    expect((await before.get('/api/session')).status).toBe(401);
    expect((await session(b)).user.name).toBe('alice');
  });
});
