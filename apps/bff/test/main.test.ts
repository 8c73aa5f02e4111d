import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/clusters.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith('GATEHOUSE_') && k !== 'KUBECONFIG' && k !== 'PORT',
  ),
);

describe('dist/main.js', () => {
  const dir = tempDir('bff-main-');
  afterAll(() => dir.remove());

  it('starts the embedded devclusters, prints one ready line, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [main, '--port', '0', '--data-dir', dir.path, '--log-level', 'warn'],
      { env },
    );
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m =
          /^gatehouse ready (http:\/\/127\.0\.0\.1:\d+) \(embedded devclusters: dev, staging\)$/m.exec(
            out,
          );
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${out}`)));
    });
    const cfg = (await (await fetch(`${url}/api/auth/config`)).json()) as {
      modes: string[];
      clusters: Array<{ id: string }>;
    };
    expect(cfg.modes).toEqual(['demo']);
    expect(cfg.clusters).toEqual([
      { id: 'dev', name: 'Dev cluster (embedded)' },
      { id: 'staging', name: 'Staging cluster (embedded)' },
    ]);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('listens on the README’s --port and keeps its state in its --data-dir, as npm start passes them', async () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const example = /^npm start -- (--port \d+ --data-dir \S+)/m.exec(readme);
    expect(example, 'README documents npm start -- --port … --data-dir …').not.toBeNull();
    // scripts/start.mjs hands everything after `--` to dist/main.js unchanged.
    const start = readFileSync(new URL('../../../scripts/start.mjs', import.meta.url), 'utf8');
    expect(start).toMatch(/const passed = process\.argv\.slice\(2\);/);
    expect(start).toMatch(/\.\.\.passed\]/);
    // The same flags, with a port that is free now and a data dir of the test's own.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const dataDir = join(dir.path, 'gh');
    const args = example![1]!
      .split(' ')
      .map((a, i, all) =>
        all[i - 1] === '--port' ? String(port) : all[i - 1] === '--data-dir' ? dataDir : a,
      );
    const child = spawn(process.execPath, [main, ...args, '--log-level', 'warn'], { env });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /^gatehouse ready (http:\/\/\S+) /m.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${out}`)));
    });
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${url}/api/auth/config`)).status).toBe(200);
    expect(existsSync(join(dataDir, 'devcluster', 'kubeconfig', 'bob.yaml'))).toBe(true);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses bad flags with a clear message and exit code 2', () => {
    const r = spawnSync(
      process.execPath,
      [main, '--kubeconfig', '/nonexistent/config', '--auth', 'demo', '--port', '0'],
      { env, encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'auth: demo sign-in exists only with the embedded devcluster (no --kubeconfig)',
    );
    const unknown = spawnSync(process.execPath, [main, '--colour', 'blue'], {
      env,
      encoding: 'utf8',
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colour'/);
    expect(unknown.stderr).toContain('--oidc-issuer');
  });

  it('names a kubeconfig it cannot read', () => {
    const r = spawnSync(
      process.execPath,
      [main, '--kubeconfig', '/nonexistent/config', '--port', '0', '--data-dir', dir.path],
      { env, encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/kubeconfig \/nonexistent\/config: ENOENT/);
  });
});
