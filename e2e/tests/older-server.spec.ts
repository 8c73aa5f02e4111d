import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../pages/fixtures.js';
import { startDevCluster, type DevCluster } from '@gatehouse/devcluster';
import { KubeconfigLinkPage } from '../pages/ProjectPages.js';

// A BFF of its own in front of a devcluster started as Kubernetes 1.26, which serves no
// SelfSubjectReview: token sign-in still works (by TokenReview), and the kubeconfig page does not
// suggest `kubectl auth whoami`, which cannot work against that server.
let dir = '';
let cluster: DevCluster | undefined;
let bff: ChildProcess | undefined;
let url = '';

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-k8s-1.26-'));
  cluster = await startDevCluster({
    dataDir: join(dir, 'devcluster'),
    port: 0,
    seed: 'demo',
    emulateVersion: '1.26',
  });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: old\n  cluster:\n    server: ${cluster.url}\n    certificate-authority-data: ${b64(cluster.caPem)}`,
      'users:',
      `- name: bff\n  user:\n    token: ${cluster.token('gatehouse-bff')}`,
      'contexts:',
      '- name: old\n  context:\n    cluster: old\n    user: bff',
      'current-context: old',
      '',
    ].join('\n'),
  );
  const child = spawn(
    process.execPath,
    [
      '../apps/bff/dist/main.js',
      '--port',
      '0',
      '--data-dir',
      join(dir, 'bff'),
      '--kubeconfig',
      kubeconfig,
      '--auth',
      'token',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  bff = child;
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /gatehouse ready (\S+) \(/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the BFF exited ${String(code)}: ${err}`)));
  });
});

test.afterAll(async () => {
  if (bff && bff.exitCode === null) {
    const exited = new Promise((r) => bff?.once('exit', r));
    bff.kill('SIGTERM');
    await exited;
  }
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('bob signs in by token on a 1.26 cluster, and his kubeconfig page leaves out kubectl auth whoami', async ({
  page,
}) => {
  const base = new URL(url);
  // As signInWithToken, on this test's own BFF rather than the suite's.
  await page.goto(new URL('/sign-in', base).toString());
  await page.getByRole('textbox', { name: 'Token' }).fill(cluster!.token('bob'));
  await page.getByRole('button', { name: 'Sign in with token' }).click();
  await expect(page.getByRole('button', { name: 'User menu for bob' })).toBeVisible();
  await page.goto(new URL('/kubeconfig?cluster=old&project=payments', base).toString());
  const link = new KubeconfigLinkPage(page);
  await link.expectLoaded('payments');
  await expect(link.commands()).toContainText('kubectl auth can-i --list');
  await expect(link.commands()).toContainText('kubectl get pods -n payments');
  await expect(link.commands()).not.toContainText('whoami');
});
