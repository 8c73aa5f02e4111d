import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from '@playwright/test';
import { expect, test } from '../pages/fixtures.js';

// The production build as the BFF serves it to a real browser: precompressed, cached by kind of
// file, and without source maps.
const dist = new URL('../../apps/web/dist/', import.meta.url).pathname;

test('the app loads brotli-compressed, assets immutable, index.html revalidated', async ({
  page,
}) => {
  const finished: Promise<{
    path: string;
    headers: Record<string, string>;
    wire: number;
    decoded: number;
  }>[] = [];
  const record = async (request: Request) => {
    const response = await request.response();
    const sizes = await request.sizes();
    return {
      path: new URL(request.url()).pathname,
      headers: response?.headers() ?? {},
      wire: sizes.responseBodySize,
      decoded: (await response?.body())?.length ?? 0,
    };
  };
  page.on('requestfinished', (request) => {
    if (!new URL(request.url()).pathname.startsWith('/api/')) finished.push(record(request));
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  const loaded = await Promise.all(finished);

  const document = loaded.find((r) => r.path === '/');
  expect(document?.headers['content-encoding']).toBe('br');
  expect(document?.headers['cache-control']).toBe('no-cache');
  expect(document?.headers['vary']).toMatch(/accept-encoding/i);

  const assets = loaded.filter((r) => r.path.startsWith('/assets/'));
  expect(assets.map((a) => a.path.split('.').pop()).sort()).toEqual(
    expect.arrayContaining(['css', 'js']),
  );
  for (const asset of assets) {
    expect(asset.headers['content-encoding'], asset.path).toBe('br');
    expect(asset.headers['cache-control'], asset.path).toBe('public, max-age=31536000, immutable');
    // What crossed the wire is the compressed body, a fraction of what the page runs; below 1 KiB
    // brotli's framing is most of the body (the lazy schema chunk is a 103-byte re-export).
    if (asset.decoded >= 1024) expect(asset.wire, asset.path).toBeLessThan(asset.decoded / 2);
    else expect(asset.wire, asset.path).toBeLessThanOrEqual(asset.decoded);
  }
});

test('the production build publishes no source maps', () => {
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' });
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  for (const file of files.filter((f) => /\.(js|css)$/.test(f)))
    expect(readFileSync(join(dist, file), 'utf8'), file).not.toContain('sourceMappingURL');
});
