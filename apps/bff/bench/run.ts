// Proxy overhead: the same Kubernetes reads straight to the devcluster and through the BFF, side by side.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { tokenSignIn } from '../test/support/bff.js';
import { Browser } from '../test/support/browser.js';
import { startClusterAndBff, stop, tokenOf } from './processes.js';

if (process.env.BENCH_ONLY === 'state') {
  await import('./state.js');
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'policies') {
  await import('./policies.js');
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'fleet') {
  await import('./fleet.js');
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'access') {
  await import('./access.js');
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'session') {
  await import('./session.js');
  process.exit(0);
}

const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
// Rows at concurrency 1 show the latency the BFF adds; rows at `concurrency` show it under load.
const paths = ['/version', '/api/v1/namespaces', '/apis/rbac.authorization.k8s.io/v1/clusterroles'];

type Send = (path: string) => Promise<number>;

function sender(base: string, headers: Record<string, string>, ca?: string): Send {
  const url = new URL(base);
  const https = url.protocol === 'https:';
  const agent = https
    ? new HttpsAgent({ keepAlive: true, ca })
    : new HttpAgent({ keepAlive: true });
  return (path) =>
    new Promise((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname.replace(/\/$/, '') + path,
          headers,
          agent,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
}

async function measure(
  send: Send,
  path: string,
  concurrency: number,
): Promise<{ p50: number; p99: number; rps: number }> {
  for (let i = 0; i < 100; i++) await send(path);
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) {
        const t = performance.now();
        const status = await send(path);
        if (status !== 200) throw new Error(`${path}: HTTP ${status}`);
        times.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p99: at(0.99), rps: times.length / elapsed };
}

const dir = mkdtempSync(join(tmpdir(), 'bff-bench-'));
const children: ChildProcess[] = [];
try {
  const { cluster, bff } = await startClusterAndBff(dir, children);
  const ca = readFileSync(join(dir, 'cluster', 'pki', 'ca.crt'), 'utf8');
  const token = tokenOf(join(dir, 'cluster', 'kubeconfig', 'alice.yaml'));
  const browser = new Browser(bff.url);
  await tokenSignIn(browser, token);
  const cookie = [...browser.cookies()].map(([k, v]) => `${k}=${v}`).join('; ');
  const direct = sender(
    cluster.url,
    { authorization: `Bearer ${token}`, accept: 'application/json' },
    ca,
  );
  const viaBff = sender(
    `${bff.url}/k8s/${contextId(join(dir, 'cluster', 'kubeconfig', 'gatehouse-bff.yaml'))}`,
    { cookie, accept: 'application/json' },
  );
  const fmt = (r: { p50: number; p99: number; rps: number }) =>
    `${r.p50.toFixed(2).padStart(6)} /${r.p99.toFixed(2).padStart(7)} ${r.rps.toFixed(0).padStart(7)}`;
  for (const c of [1, concurrency]) {
    console.log(
      `\n${requests} GETs per row after 100 warm-up, concurrency ${c}, user alice; client, BFF and devcluster in separate processes`,
    );
    console.log(
      'path'.padEnd(52) +
        'direct p50/p99 ms   req/s   | via BFF p50/p99 ms   req/s   | added p50 ms',
    );
    for (const path of paths) {
      const d = await measure(direct, path, c);
      const b = await measure(viaBff, path, c);
      console.log(
        `${path.padEnd(52)}${fmt(d)}   | ${fmt(b)}   | ${(b.p50 - d.p50).toFixed(2).padStart(6)}`,
      );
    }
  }
  await watchEvents(
    cluster.url,
    ca,
    token,
    `${bff.url}/k8s/${contextId(join(dir, 'cluster', 'kubeconfig', 'gatehouse-bff.yaml'))}`,
    cookie,
  );
} finally {
  await stop(children);
  rmSync(dir, { recursive: true, force: true });
}
// Then /api/session's size for a cluster-wide viewer on the large fixture (BENCH_ONLY=session alone).
await import('./session.js');

/**
 * One watch straight to the devcluster and one through the BFF, on the same namespace; each event
 * (a ServiceAccount created directly) is timed from just before the create until it arrives on each stream.
 */
async function watchEvents(
  clusterUrl: string,
  ca: string,
  token: string,
  bffBase: string,
  cookie: string,
): Promise<void> {
  const events = Number(process.env.BENCH_WATCH_EVENTS ?? 300);
  const ns = 'payments';
  const path = `/api/v1/namespaces/${ns}/serviceaccounts?watch=1&resourceVersion=0`;
  const arrivals = { direct: new Map<string, number>(), bff: new Map<string, number>() };
  const open = (url: string, headers: Record<string, string>, into: Map<string, number>) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const u = new URL(url);
      const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
        { host: u.hostname, port: u.port, path: u.pathname + u.search, headers, ca },
        (res) => {
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            const now = performance.now();
            buf += chunk;
            let nl;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              const name = (JSON.parse(line) as { object?: { metadata?: { name?: string } } })
                .object?.metadata?.name;
              if (name?.startsWith('bench-')) into.set(name, now);
            }
          });
          resolve(res);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const streams = [
    await open(clusterUrl + path, { authorization: `Bearer ${token}` }, arrivals.direct),
    await open(bffBase + path, { cookie }, arrivals.bff),
  ];
  const sent = new Map<string, number>();
  const post = (name: string) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
      const u = new URL(clusterUrl);
      const req = httpsRequest(
        {
          host: u.hostname,
          port: u.port,
          method: 'POST',
          path: `/api/v1/namespaces/${ns}/serviceaccounts`,
          ca,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 201 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  for (let i = 0; i < events; i++) {
    const name = `bench-${i}`;
    sent.set(name, performance.now());
    await post(name);
    // One event at a time, so each is timed on an idle path.
    while (!arrivals.direct.has(name) || !arrivals.bff.has(name))
      await new Promise((r) => setImmediate(r));
  }
  for (const s of streams) s.destroy();
  const stats = (m: Map<string, number>) => {
    const t = [...sent].map(([n, at]) => m.get(n)! - at).sort((a, b) => a - b);
    const q = (x: number) => t[Math.min(t.length - 1, Math.floor(x * t.length))]!;
    return { p50: q(0.5), p99: q(0.99) };
  };
  const d = stats(arrivals.direct);
  const b = stats(arrivals.bff);
  console.log(`\n${events} watch events, create → arrival on each stream (same events), ms`);
  console.log(
    `direct p50/p99 ${d.p50.toFixed(2)} / ${d.p99.toFixed(2)}   | via BFF p50/p99 ${b.p50.toFixed(2)} / ${b.p99.toFixed(2)}   | added p50 ${(b.p50 - d.p50).toFixed(2)}`,
  );
}

/** The cluster id the BFF makes from the kubeconfig's (only) context name. */
function contextId(kubeconfigFile: string): string {
  const kc = parse(readFileSync(kubeconfigFile, 'utf8')) as { contexts: Array<{ name: string }> };
  return kc.contexts[0]!.name.toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// Access analysis (who-can and the matrix at the three fixture sizes), each against its own cluster.
if (process.env.BENCH_ONLY !== 'proxy') await import('./access.js');
// Console state in the home cluster across two replicas.
if (process.env.BENCH_ONLY !== 'proxy') await import('./state.js');
