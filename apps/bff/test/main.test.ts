import { spawn, spawnSync } from 'node:child_process';
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

  it('starts the embedded devcluster, prints one ready line, serves, and exits 0 on SIGTERM', async () => {
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
          /^gatehouse ready (http:\/\/127\.0\.0\.1:\d+) \(embedded devcluster: dev\)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${out}`)));
    });
    const cfg = (await (await fetch(`${url}/api/auth/config`)).json()) as {
      modes: string[];
      clusters: Array<{ id: string }>;
    };
    expect(cfg.modes).toEqual(['demo']);
    expect(cfg.clusters).toEqual([{ id: 'dev', name: 'Dev cluster (embedded)' }]);
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
