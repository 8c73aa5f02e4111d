// Console state in the home cluster, measured across two BFF processes: what the revocation check
// costs a proxied read, how long a sign-out on one replica takes to be refused on the other, and how
// long the sweep lease takes to move when its holder is killed.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { tokenSignIn } from '../test/support/bff.js';
import { Browser } from '../test/support/browser.js';
import { devclusterCli, spawnBff, spawnReady, stop, tokenOf } from './processes.js';

const signOuts = Number(process.env.BENCH_SIGN_OUTS ?? 100);
const reads = Number(process.env.BENCH_REQUESTS ?? 2000);

function quantiles(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `p50 ${at(0.5).toFixed(2)} / p99 ${at(0.99).toFixed(2)} / max ${s.at(-1)!.toFixed(2)} ms`;
}

function holder(url: string, ca: string, token: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/apis/coordination.k8s.io/v1/namespaces/gatehouse-system/leases/gatehouse-sweeper`,
      { ca, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve(
            res.statusCode === 200
              ? (JSON.parse(body) as { spec: { holderIdentity?: string } }).spec.holderIdentity
              : undefined,
          ),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const dir = mkdtempSync(join(tmpdir(), 'bff-bench-state-'));
const children: ChildProcess[] = [];
try {
  const cluster = await spawnReady(
    [devclusterCli, '--port', '0', '--data-dir', join(dir, 'cluster')],
    /devcluster ready (https:\/\/\S+)/,
  );
  children.push(cluster.child);
  const ca = readFileSync(join(dir, 'cluster', 'pki', 'ca.crt'), 'utf8');
  const kubeconfig = join(dir, 'cluster', 'kubeconfig', 'gatehouse-bff.yaml');
  const admin = tokenOf(join(dir, 'cluster', 'kubeconfig', 'admin.yaml'));
  const token = tokenOf(join(dir, 'cluster', 'kubeconfig', 'alice.yaml'));
  const replica = async (name: string, store: 'dir' | 'cluster') => {
    const s = await spawnBff([
      '--kubeconfig',
      kubeconfig,
      '--data-dir',
      join(dir, name),
      // The bench signs in far more often than a person: not what the limit is for.
      '--sign-in-rate-limit',
      '100000',
      '--state-store',
      store,
      ...(store === 'cluster'
        ? ['--state-cluster', 'gatehouse-bff-devcluster', '--replica', name]
        : []),
    ]);
    children.push(s.child);
    return s;
  };
  const a = await replica('a', 'cluster');
  const b = await replica('b', 'cluster');
  const plain = await replica('plain', 'dir');

  // A proxied read does one revocation check: the data-dir store stats a file at most once a
  // second per session, the cluster store looks in the watched set.
  console.log(`\n${reads} proxied GET /version per row, concurrency 1, after 100 warm-up`);
  for (const [label, r] of [
    ['dir store', plain],
    ['cluster store', a],
  ] as const) {
    const br = new Browser(r.url);
    await tokenSignIn(br, token);
    const times: number[] = [];
    for (let i = 0; i < reads + 100; i++) {
      const t = performance.now();
      const res = await br.get('/k8s/gatehouse-bff-devcluster/version');
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      if (i >= 100) times.push(performance.now() - t);
    }
    console.log(`  ${label.padEnd(14)} ${quantiles(times)}`);
  }

  // Sign out on a, then ask b as fast as it answers until it refuses the same cookie.
  const lags: number[] = [];
  for (let i = 0; i < signOuts; i++) {
    const onA = new Browser(a.url);
    await tokenSignIn(onA, token);
    const onB = onA.copy(b.url);
    if ((await onB.get('/api/session')).status !== 200) throw new Error('b refused a live session');
    const out = await onA.post('/api/auth/logout');
    if (out.status !== 204) throw new Error(`sign-out: HTTP ${out.status}`);
    const t = performance.now();
    while ((await onB.get('/api/session')).status !== 401) {
      if (performance.now() - t > 5_000) throw new Error('b still accepts the cookie after 5 s');
    }
    lags.push(performance.now() - t);
  }
  console.log(
    `\n${signOuts} sign-outs on replica a: until replica b refuses the cookie (b polled back to back)\n  ${quantiles(lags)}`,
  );

  // Kill the lease holder; time until the other replica holds the lease (15 s lease, the default).
  let now: string | undefined;
  const t0 = performance.now();
  while (!(now = await holder(cluster.url, ca, admin))) {
    if (performance.now() - t0 > 30_000) throw new Error('no lease holder');
    await new Promise((r) => setTimeout(r, 100));
  }
  const dead = now === 'a' ? a : b;
  dead.child.kill('SIGKILL');
  const killed = performance.now();
  while ((await holder(cluster.url, ca, admin)) === now)
    await new Promise((r) => setTimeout(r, 100));
  console.log(
    `\nlease holder ${now} killed (SIGKILL): the other replica took the lease after ${((performance.now() - killed) / 1000).toFixed(1)} s (lease 15 s)`,
  );
} finally {
  await stop(children);
  rmSync(dir, { recursive: true, force: true });
}
