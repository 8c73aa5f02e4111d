import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClustersResponse, HealthResponse } from '../src/contract.js';
import { startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { tempDir } from './support/clusters.js';
import { kubectlWith } from './support/kubectl.js';
import { startDevCluster, type DevCluster } from '@gatehouse/devcluster';

const plugin = new URL('./support/exec-plugin.mjs', import.meta.url).pathname;

/** The plugin's state: the token it hands out, its lifetime, and a line per call. */
function pluginState(dir: string) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'calls'), '');
  return {
    dir,
    set(token: string, ttlSeconds: number) {
      writeFileSync(join(dir, 'token'), token);
      writeFileSync(join(dir, 'ttl-seconds'), String(ttlSeconds));
    },
    calls(): Array<{
      info: { apiVersion?: string; spec?: Record<string, unknown> };
      env: string;
      inherited: string[];
    }> {
      return readFileSync(join(dir, 'calls'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as never);
    },
  };
}

// An exec plugin (client.authentication.k8s.io/v1) is how EKS, GKE and AKS hand out credentials.
// The BFF runs it as kubectl does and keeps its credential until it expires or the cluster refuses it.
describe('the BFF authenticating with an exec credential plugin', () => {
  const dir = tempDir('bff-exec-');
  let dc: DevCluster;
  let bff: TestBff;
  const long = pluginState(join(dir.path, 'long'));
  const short = pluginState(join(dir.path, 'short'));
  let kubeconfig: string;

  beforeAll(async () => {
    process.env.GATEHOUSE_TEST_SECRET = 'must not reach a plugin';
    dc = await startDevCluster({ dataDir: join(dir.path, 'dc'), seed: 'demo' });
    long.set('fail', 3600);
    short.set(dc.token('gatehouse-bff'), 2);
    const ca = Buffer.from(dc.caPem).toString('base64');
    const user = (state: string, env: string) => `
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${plugin}
      args: [${state}]
      env: [{ name: GATEHOUSE_PLUGIN_ENV, value: ${env} }]
      interactiveMode: Never
      provideClusterInfo: true
      installHint: install the test plugin`;
    const yaml = `apiVersion: v1
kind: Config
clusters:
- name: dc
  cluster: { server: "${dc.url}", certificate-authority-data: ${ca} }
users:
- name: long${user(long.dir, 'long-env')}
- name: short${user(short.dir, 'short-env')}
contexts:
- name: long
  context: { cluster: dc, user: long }
- name: short
  context: { cluster: dc, user: short }
current-context: long
`;
    kubeconfig = join(dir.path, 'bff.kubeconfig');
    writeFileSync(kubeconfig, yaml);
    bff = await startTestBff({ kubeconfig, dataDir: join(dir.path, 'bff-data'), auth: ['token'] });
  });
  afterAll(async () => {
    await bff?.close();
    await dc?.stop();
    dir.remove();
  });

  let signedIn: ReturnType<TestBff['browser']> | undefined;
  // The BFF's own list+watch of RBAC (started by the session) also authenticates with the plugin, so
  // counts below are exact only while the credential is good and cached.
  const health = async () => {
    if (!signedIn) {
      signedIn = bff.browser();
      await tokenSignIn(signedIn, dc.token('alice'), 'short');
    }
    const r = await signedIn.get('/api/clusters');
    expect(r.status, r.text).toBe(200);
    const all = r.json<ClustersResponse>();
    return { long: all.find((c) => c.id === 'long')!, short: all.find((c) => c.id === 'short')! };
  };

  it('runs the plugin with the stanza env and KUBERNETES_EXEC_INFO, never leaking env into the BFF', async () => {
    await health();
    const [call] = short.calls();
    expect(call!.env).toBe('short-env');
    // The BFF's own settings stay with the BFF; only the stanza's env is added.
    expect(call!.inherited).toEqual(['GATEHOUSE_PLUGIN_ENV']);
    expect(call!.info).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: {
          server: dc.url,
          'certificate-authority-data': Buffer.from(dc.caPem).toString('base64'),
        },
      },
    });
    expect(process.env.GATEHOUSE_PLUGIN_ENV).toBeUndefined();
  });

  it('names the plugin, its error and install hint when it fails, and runs it again next time', async () => {
    const before = long.calls().length;
    const failed = (await health()).long;
    expect(failed.healthy).toBe(false);
    expect(failed.error).toMatch(
      /the BFF's credentials for cluster "long" are unavailable: exec plugin exec-plugin.mjs failed \(exit 3\): plugin: the identity provider refused the request \(install the test plugin\)/,
    );
    expect(long.calls().length).toBeGreaterThan(before);
  });

  it('asks the plugin again once after a 401, then uses the new credential', async () => {
    long.set('not-a-token-the-cluster-knows', 3600);
    const before = long.calls().length;
    const refused = (await health()).long;
    expect(refused.healthy).toBe(false);
    // The plugin's credential was refused, it ran once more and its answer was refused too.
    expect(long.calls().length).toBeGreaterThanOrEqual(before + 2);

    long.set(dc.token('gatehouse-bff'), 3600);
    expect((await health()).long).toMatchObject({ healthy: true });
    const good = long.calls().length;
    for (let i = 0; i < 5; i++) expect((await health()).long.healthy).toBe(true);
    expect(long.calls().length).toBe(good);
  });

  it('runs the plugin again once the credential expired, once for concurrent requests', async () => {
    await health();
    const before = short.calls().length;
    await new Promise((r) => setTimeout(r, 2_200));
    const results = await Promise.all([health(), health(), health()]);
    for (const r of results) expect(r.short.healthy).toBe(true);
    expect(short.calls().length).toBe(before + 1);
  });

  it('is the same plugin kubectl runs with the same kubeconfig', async () => {
    const kubectl = kubectlWith(dir.path, 'kubectl', readFileSync(kubeconfig, 'utf8'));
    const before = short.calls().length;
    const r = await kubectl('--context', 'short', 'get', 'clusterroles', '-o', 'name');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/clusterrole.rbac.authorization.k8s.io\/cluster-admin/);
    expect(short.calls().length).toBe(before + 1);
    expect(short.calls().at(-1)!.env).toBe('short-env');
  });
});

// The transport a kubeconfig asks for: tls-server-name, proxy-url, and a credential the cluster refuses.
describe('kubeconfig transport and refused credentials', () => {
  const dir = tempDir('bff-transport-');
  let dc: DevCluster;
  let bff: TestBff;
  let proxy: Server;
  const tunnels: string[] = [];

  beforeAll(async () => {
    dc = await startDevCluster({ dataDir: join(dir.path, 'dc'), seed: 'demo' });
    // An HTTP CONNECT proxy that records where it tunnels to.
    proxy = createHttpServer();
    proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      const done = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', done);
      client.on('error', done);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const ca = Buffer.from(dc.caPem).toString('base64');
    const token = dc.token('gatehouse-bff');
    const yaml = `apiVersion: v1
kind: Config
clusters:
- name: sni
  cluster: { server: "${dc.url}", certificate-authority-data: ${ca}, tls-server-name: localhost }
- name: wrong-sni
  cluster: { server: "${dc.url}", certificate-authority-data: ${ca}, tls-server-name: elsewhere.example }
- name: proxied
  cluster: { server: "${dc.url}", certificate-authority-data: ${ca}, proxy-url: "${proxyUrl}" }
users:
- name: bff
  user: { token: ${token} }
- name: stale
  user: { token: not-the-bff-token }
contexts:
- name: sni
  context: { cluster: sni, user: bff }
- name: wrong-sni
  context: { cluster: wrong-sni, user: bff }
- name: proxied
  context: { cluster: proxied, user: bff }
- name: refused
  context: { cluster: sni, user: stale }
`;
    const kubeconfig = join(dir.path, 'bff.kubeconfig');
    writeFileSync(kubeconfig, yaml);
    bff = await startTestBff({ kubeconfig, dataDir: join(dir.path, 'bff-data'), auth: ['token'] });
  });
  afterAll(async () => {
    await bff?.close();
    proxy?.close();
    await dc?.stop();
    dir.remove();
  });

  it('checks the certificate against tls-server-name, tunnels through proxy-url, and names refused credentials', async () => {
    const br = bff.browser();
    await tokenSignIn(br, dc.token('alice'), 'sni');
    const all = (await br.get('/api/clusters')).json<ClustersResponse>();
    const by = (id: string) => all.find((c) => c.id === id)!;
    expect(by('sni')).toMatchObject({
      healthy: true,
      credentials: 'ok',
      identity: 'system:serviceaccount:gatehouse-system:gatehouse-bff',
    });
    expect(by('wrong-sni')).toMatchObject({ healthy: false, credentials: 'unreachable' });
    expect(by('wrong-sni').error).toMatch(/elsewhere\.example/);
    expect(by('proxied')).toMatchObject({ healthy: true, credentials: 'ok' });
    expect(tunnels).toContain(new URL(dc.url).host);
    // Not "unreachable": the cluster answered, and refused the BFF's token.
    expect(by('refused')).toMatchObject({ healthy: false, credentials: 'rejected' });
    expect(by('refused').error).toMatch(/cluster "refused" rejected the BFF's credentials/);
    const health = (await br.get('/api/healthz')).json<HealthResponse>();
    expect(health.mode).toBe('kubeconfig');
    expect(health.clusters.find((c) => c.id === 'refused')).toMatchObject({
      credentials: 'rejected',
    });
  });
});
