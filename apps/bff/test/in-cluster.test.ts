import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevCluster, type DevCluster } from '@gatehouse/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClustersResponse, HealthResponse } from '../src/contract.js';
import { tokenSignIn } from './support/bff.js';
import { Browser } from './support/browser.js';
import { boundServiceAccountToken, direct, tempDir } from './support/clusters.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

// A BFF process given exactly what a pod gets: KUBERNETES_SERVICE_HOST/PORT and the ServiceAccount's
// projected token, CA and namespace under var/run/secrets/kubernetes.io/serviceaccount (rooted in a
// temp dir here, as / in a pod). The kubelet rewrites the token file as it rotates it.
describe('in-cluster mode', () => {
  const dir = tempDir('bff-in-cluster-');
  const root = join(dir.path, 'pod-root');
  const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  let dc: DevCluster;
  let child: ChildProcess;
  let url: string;
  let stdout = '';

  /** A TokenRequest for gatehouse-bff bound to a Secret: deleting the Secret revokes the token. */
  const boundToken = (secret: string) => boundServiceAccountToken(dc, 'gatehouse-bff', secret, 600);

  beforeAll(async () => {
    dc = await startDevCluster({ dataDir: join(dir.path, 'dc'), seed: 'demo' });
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'ca.crt'), dc.caPem);
    writeFileSync(join(sa, 'namespace'), 'gatehouse-system');
    writeFileSync(join(sa, 'token'), await boundToken('pod-token-1'));
    child = spawn(
      process.execPath,
      [main, '--port', '0', '--data-dir', join(dir.path, 'bff-data'), '--log-level', 'warn'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: dir.path,
          KUBERNETES_SERVICE_HOST: '127.0.0.1',
          KUBERNETES_SERVICE_PORT: String(dc.port),
          GATEHOUSE_IN_CLUSTER_NAME: 'Home',
          GATEHOUSE_IN_CLUSTER_ROOT: root,
        },
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = /^gatehouse ready (http:\/\/\S+) \(in-cluster: home\)$/m.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${stdout}`)));
    });
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await dc?.stop();
    dir.remove();
  });

  const clusters = async (br: Browser) => {
    const r = await br.get('/api/clusters');
    expect(r.status, r.text).toBe(200);
    return r.json<ClustersResponse>()[0]!;
  };

  it('uses the pod ServiceAccount and says so on /api/healthz', async () => {
    const health = (await (await fetch(`${url}/api/healthz`)).json()) as HealthResponse;
    expect(health).toMatchObject({
      status: 'ok',
      mode: 'in-cluster',
      clusters: [{ id: 'home', credentials: 'ok' }],
    });
    const br = new Browser(url);
    await tokenSignIn(br, dc.token('alice'));
    expect(await clusters(br)).toMatchObject({
      id: 'home',
      name: 'Home',
      healthy: true,
      credentials: 'ok',
      identity: 'system:serviceaccount:gatehouse-system:gatehouse-bff',
    });
  });

  it('keeps working across a token rotation, and refuses clearly once the token is gone', async () => {
    const br = new Browser(url);
    await tokenSignIn(br, dc.token('alice'));
    // The kubelet writes a new token; the old one is then revoked.
    writeFileSync(join(sa, 'token'), await boundToken('pod-token-2'));
    const old = await direct(
      dc,
      'admin',
      'DELETE',
      '/api/v1/namespaces/gatehouse-system/secrets/pod-token-1',
    );
    expect(old.status).toBe(200);
    // The BFF's own calls (identity check, /version) now need the new token.
    expect(await clusters(br)).toMatchObject({ healthy: true, credentials: 'ok' });

    rmSync(join(sa, 'token'));
    // Read again within a second: the answer names the missing file instead of a vague failure.
    await new Promise((r) => setTimeout(r, 1_100));
    const gone = await clusters(br);
    expect(gone).toMatchObject({ healthy: false, credentials: 'unavailable' });
    expect(gone.error).toMatch(
      /the BFF's credentials for cluster "Home" are unavailable: token file .*\/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/token does not exist/,
    );
    const health = (await (await fetch(`${url}/api/healthz`)).json()) as HealthResponse;
    expect(health.status).toBe('ok');
  });
});
