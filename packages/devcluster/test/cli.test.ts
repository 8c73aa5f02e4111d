// The CLI as the start script and e2e use it: ready line, kubeconfigs, CA reuse, SIGTERM → exit 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// `--import tsx` resolves from the child's cwd; the root-level Vitest run starts in the repo root.
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const CLI = new URL('../src/cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'devcluster-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  readyLine: string;
}

function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('devcluster ready'));
      if (line && out.includes('\n')) resolve({ child, readyLine: line });
    });
    child.on('exit', (code) =>
      reject(new Error(`cli exited ${String(code)} before ready: ${err}`)),
    );
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('devcluster CLI', () => {
  it('prints one ready line with the chosen port, writes kubeconfigs, and exits 0 on SIGTERM', async () => {
    const data = join(dir, 'data');
    const { child, readyLine } = await startCli([
      '--port',
      '0',
      '--data-dir',
      data,
      '--seed',
      'demo',
    ]);
    expect(readyLine).toMatch(/^devcluster ready https:\/\/127\.0\.0\.1:\d+$/);
    const url = readyLine.split(' ')[2];
    for (const user of ['admin', 'alice', 'bob', 'joe', 'carol', 'gatehouse-bff']) {
      const kc = parse(readFileSync(join(data, 'kubeconfig', `${user}.yaml`), 'utf8')) as {
        clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
      };
      expect(kc.clusters[0]?.cluster.server).toBe(url);
      expect(
        Buffer.from(
          kc.clusters[0]?.cluster['certificate-authority-data'] ?? '',
          'base64',
        ).toString(),
      ).toBe(readFileSync(join(data, 'pki', 'ca.crt'), 'utf8'));
    }
    const exited = exitCode(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('reuses the CA on restart and exits 0 on SIGINT; the empty seed has only admin and the BFF', async () => {
    const data = join(dir, 'data');
    const ca = readFileSync(join(data, 'pki', 'ca.crt'), 'utf8');
    const { child } = await startCli(['--port', '0', '--data-dir', data, '--seed', 'empty']);
    expect(readFileSync(join(data, 'pki', 'ca.crt'), 'utf8')).toBe(ca);
    const exited = exitCode(child);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(join(data, 'kubeconfig', 'gatehouse-bff.yaml'))).toBe(true);
  });

  it('creates the CustomResourceDefinitions of --crds at start, served at once', async () => {
    const data = join(dir, 'data-crds');
    const crds = join(dir, 'crds.yaml');
    const crd = (plural: string, kind: string): string => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.seed.example.com
spec:
  group: seed.example.com
  scope: Cluster
  names: { plural: ${plural}, kind: ${kind} }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;
    writeFileSync(crds, `${crd('apples', 'Apple')}---\n${crd('pears', 'Pear')}`);
    const { child, readyLine } = await startCli([
      '--port',
      '0',
      '--data-dir',
      data,
      '--seed',
      'empty',
      '--crds',
      crds,
    ]);
    const url = readyLine.split(' ')[2] ?? '';
    const token = (
      JSON.parse(readFileSync(join(data, 'tokens.json'), 'utf8')) as Record<string, string>
    ).admin;
    const ca = readFileSync(join(data, 'pki', 'ca.crt'), 'utf8');
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(
        new URL('/apis/seed.example.com/v1', url),
        { headers: { Authorization: `Bearer ${token ?? ''}` }, ca },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const names = (JSON.parse(body) as { resources: { name: string }[] }).resources.map(
      (r) => r.name,
    );
    expect(names).toEqual(['apples', 'pears']);
    const exited = exitCode(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a missing --data-dir with a usage message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0'], {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exitCode(child)).toBe(2);
    expect(err).toMatch(/--data-dir/);
  });

  it('prints its options for --help and exits 0, and refuses an unknown option with usage, not a stack trace', async () => {
    const run = (args: string[]): Promise<{ code: number | null; out: string; err: string }> => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
        cwd: PACKAGE_DIR,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      return exitCode(child).then((code) => ({ code, out, err }));
    };
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: devcluster --port PORT --data-dir DIR/);
    expect(help.out).toContain('--state-file FILE');
    expect(help.err).toBe('');
    expect((await run(['-h'])).out).toBe(help.out);
    const unknown = await run(['--data-dir', dir, '--no-such-flag']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown option '--no-such-flag'");
    expect(unknown.err).toContain('usage: devcluster');
    expect(unknown.err).not.toMatch(/\n\s+at /);
  });
});
