import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfig, session, startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { Browser } from './support/browser.js';
import { startFleet, tempDir, type Fleet } from './support/clusters.js';

describe('serving over TLS, the web app, and session lifetimes', () => {
  const dir = tempDir('bff-serving-');
  let fleet: Fleet;
  let tls: TestBff;
  let plain: TestBff;
  let shortLived: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['one']);
    const web = join(dir.path, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(
      join(web, 'index.html'),
      '<!doctype html><title>Gatehouse</title><script type="module" src="/assets/app.js"></script>',
    );
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log("gatehouse")');
    // The devcluster's serving certificate is valid for 127.0.0.1: borrow it for the BFF.
    const pki = join(dir.path, 'one', 'pki');
    tls = await startTestBff({
      kubeconfig: fleet.kubeconfig,
      dataDir: `${dir.path}/tls-data`,
      tls: { certFile: join(pki, 'server.crt'), keyFile: join(pki, 'server.key') },
    });
    plain = await startTestBff({
      kubeconfig: fleet.kubeconfig,
      dataDir: `${dir.path}/plain-data`,
      webDir: web,
    });
    shortLived = await startTestBff({
      kubeconfig: fleet.kubeconfig,
      dataDir: `${dir.path}/short-data`,
      sessionIdleSeconds: 2,
      sessionMaxSeconds: 3600,
    });
  });
  afterAll(async () => {
    await Promise.all([tls?.close(), plain?.close(), shortLived?.close()]);
    await fleet?.stop();
    dir.remove();
  });

  it('under TLS uses __Host- cookies marked Secure and sends HSTS', async () => {
    expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const br = new Browser(tls.url, fleet.clusters.one!.caPem);
    await authConfig(br);
    const r = await br.post('/api/auth/token', { token: fleet.clusters.one!.token('joe') });
    expect(r.status, r.text).toBe(204);
    const cookie = (r.headers['set-cookie'] as string[]).find((c) =>
      c.startsWith('__Host-gatehouse='),
    );
    expect(cookie).toMatch(/; Secure/);
    // The cookie lives as long as the absolute session lifetime (8 h by default), no longer.
    expect(cookie).toMatch(/Max-Age=28800;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toMatch(/Domain=/);
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect((await session(br)).user.name).toBe('joe');
    const csp = (await br.get('/api/session')).headers['content-security-policy'];
    expect(csp).toMatch(/upgrade-insecure-requests/);
  });

  it('serves the web app with history fallback, but never for /api or /k8s', async () => {
    const br = plain.browser();
    const deep = await br.get('/projects/payments/collaborators', { accept: 'text/html' });
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<title>Gatehouse</title>');
    expect(deep.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const asset = await br.get('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const api = await br.get('/api/nothing-here', { accept: 'text/html' });
    expect(api.status).toBe(404);
    expect(api.json<{ error: { code: number } }>().error.code).toBe(404);
    const k8s = await br.get('/k8s/one/api/v1/namespaces', { accept: 'text/html' });
    expect(k8s.status).toBe(401);
  });

  it('ends an idle session even if the browser keeps the cookie', async () => {
    const br = shortLived.browser();
    await tokenSignIn(br, fleet.clusters.one!.token('joe'));
    // Times are whole seconds: 2.1 s after sign-in is past a 2 s idle timeout whatever the rounding.
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await br.get('/api/session')).status).toBe(401);
  });

  it('keeps session keys in the data dir so replicas and restarts share them', () => {
    const key = readFileSync(join(dir.path, 'plain-data', 'sessions', 'key'), 'utf8');
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  });
});
