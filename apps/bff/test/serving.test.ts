import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfig, session, startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { chooseEncoding } from '../src/static.js';
import { Browser } from './support/browser.js';
import { startFleet, tempDir, type Fleet } from './support/clusters.js';

describe('serving over TLS, the web app, and session lifetimes', () => {
  const dir = tempDir('bff-serving-');
  let fleet: Fleet;
  let tls: TestBff;
  let plain: TestBff;
  let shortLived: TestBff;
  // As the web build leaves them (apps/web/build/precompress.ts): file, file.br, file.gz.
  const appJs = `console.log("gatehouse");\n${'export const verbs = ["get", "list", "watch"];\n'.repeat(200)}`;
  const indexHtml =
    '<!doctype html><title>Gatehouse</title><script type="module" src="/assets/app.js"></script>';

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['one']);
    const web = join(dir.path, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    for (const [file, text] of [
      [join(web, 'index.html'), indexHtml],
      [join(web, 'assets', 'app.js'), appJs],
    ] as const) {
      writeFileSync(file, text);
      writeFileSync(`${file}.br`, brotliCompressSync(text));
      writeFileSync(`${file}.gz`, gzipSync(text));
    }
    writeFileSync(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
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

  it('sends precompressed files by Accept-Encoding: br first, then gzip, else identity', async () => {
    const br = plain.browser();
    const brotli = await br.get('/assets/app.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.length);
    expect(brotli.body.length).toBeLessThan(appJs.length / 4);
    expect(brotliDecompressSync(brotli.body).toString()).toBe(appJs);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const gzip = await br.get('/assets/app.js', { 'accept-encoding': 'gzip;q=1, br;q=0.5' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
    expect(gunzipSync(gzip.body).toString()).toBe(appJs);
    expect(gzip.headers.etag).not.toBe(brotli.headers.etag);

    for (const accept of [undefined, 'identity', 'deflate', 'br;q=0, gzip;q=0']) {
      const plainText = await br.get('/assets/app.js', accept ? { 'accept-encoding': accept } : {});
      expect(plainText.headers['content-encoding'], accept).toBeUndefined();
      expect(plainText.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(plainText.body.toString(), accept).toBe(appJs);
      expect(Number(plainText.headers['content-length'])).toBe(appJs.length);
    }

    // index.html, at / and as the history fallback, also compressed and never cached unchecked.
    for (const path of ['/', '/index.html', '/projects/payments']) {
      const page = await br.get(path, { accept: 'text/html', 'accept-encoding': 'br' });
      expect(page.status, path).toBe(200);
      expect(page.headers['content-encoding'], path).toBe('br');
      expect(page.headers['content-type'], path).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control'], path).toBe('no-cache');
      expect(brotliDecompressSync(page.body).toString(), path).toBe(indexHtml);
    }

    // A file the build left uncompressed (too small to gain) goes as it is, with no Vary.
    const icon = await br.get('/favicon.svg', { 'accept-encoding': 'br, gzip' });
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD, Range and If-None-Match for a coding as for its own bytes', async () => {
    const br = plain.browser();
    const head = await br.send('HEAD', '/assets/app.js', { headers: { 'accept-encoding': 'br' } });
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);
    const full = await br.get('/assets/app.js', { 'accept-encoding': 'br' });
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
    expect(head.headers.etag).toBe(full.headers.etag);

    const range = await br.get('/assets/app.js', {
      'accept-encoding': 'identity',
      range: 'bytes=0-9',
    });
    expect(range.status).toBe(206);
    expect(range.headers['content-range']).toBe(`bytes 0-9/${appJs.length}`);
    expect(range.body.toString()).toBe(appJs.slice(0, 10));

    const etag = String(full.headers.etag);
    const again = await br.get('/assets/app.js', {
      'accept-encoding': 'br',
      'if-none-match': etag,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The brotli validator does not validate the gzip body.
    const other = await br.get('/assets/app.js', {
      'accept-encoding': 'gzip',
      'if-none-match': etag,
    });
    expect(other.status).toBe(200);
    expect(other.headers['content-encoding']).toBe('gzip');
  });

  it('answers a missing asset with 404, not index.html', async () => {
    const br = plain.browser();
    for (const path of ['/assets/index-gone.js', '/assets/', '/assets/app.js/x']) {
      const r = await br.get(path, { accept: '*/*', 'accept-encoding': 'br' });
      expect(r.status, path).toBe(404);
      expect(r.text, path).not.toContain('<title>');
    }
    const dotfile = await br.get('/.env', { accept: 'text/html' });
    expect(dotfile.text).toContain('<title>Gatehouse</title>');
    const traversal = await br.get('/assets/%2e%2e/%2e%2e/plain-data/sessions/key', {
      accept: '*/*',
    });
    expect(traversal.status).toBe(404);
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

describe('chooseEncoding', () => {
  it('takes the highest q-value, br over gzip over identity on a tie', () => {
    const both = ['br', 'gzip'] as const;
    expect(chooseEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(chooseEncoding('gzip, deflate, br, zstd', ['gzip'])).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(chooseEncoding('*', both)).toBe('br');
    expect(chooseEncoding('br;q=0, *;q=0.8', both)).toBe('gzip');
    expect(chooseEncoding('gzip;q=0.2, identity', both)).toBe('identity');
    expect(chooseEncoding('identity;q=0, gzip;q=0.2', both)).toBe('gzip');
    expect(chooseEncoding('BR;Q=1', both)).toBe('br');
    expect(chooseEncoding('', both)).toBe('identity');
    expect(chooseEncoding(undefined, both)).toBe('identity');
    expect(chooseEncoding('br, gzip', [])).toBe('identity');
  });
});
