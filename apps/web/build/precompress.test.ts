// @vitest-environment node
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { precompressDir } from './precompress.ts';

describe('precompressDir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-precompress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .br and .gz beside text files that shrink, and leaves the rest alone', async () => {
    mkdirSync(join(dir, 'assets'));
    const js = 'export const rules = [' + '{ verbs: ["get", "list"] },'.repeat(500) + '];\n';
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), js);
    writeFileSync(join(dir, 'index.html'), '<!doctype html>' + '<p>Gatehouse</p>'.repeat(50));
    writeFileSync(join(dir, 'tiny.svg'), '<svg/>');
    writeFileSync(join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));

    const done = await precompressDir(dir);

    expect(readdirSync(join(dir, 'assets')).sort()).toEqual([
      'index-abc123.js',
      'index-abc123.js.br',
      'index-abc123.js.gz',
    ]);
    const file = join(dir, 'assets', 'index-abc123.js');
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(js);
    expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(js);
    // Brotli at quality 11 beats gzip -9 on text.
    const entry = done.find((c) => c.file === file);
    expect(entry?.br).toBeLessThan(entry?.gzip ?? 0);
    expect(readdirSync(dir).sort()).toEqual([
      'assets',
      'index.html',
      'index.html.br',
      'index.html.gz',
      'photo.png',
      'tiny.svg',
    ]);
  });

  it('writes the same bytes on every run, so builds stay reproducible', async () => {
    const file = join(dir, 'assets', 'index-abc123.js');
    const before = [readFileSync(`${file}.br`), readFileSync(`${file}.gz`)];
    await precompressDir(dir);
    expect(readFileSync(`${file}.br`).equals(before[0]!)).toBe(true);
    expect(readFileSync(`${file}.gz`).equals(before[1]!)).toBe(true);
  });
});
