// Proxy overhead: the same Kubernetes reads straight to the devcluster and through the BFF, side by side.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
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

const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
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
  console.log(
    `${requests} GETs per row after 100 warm-up, concurrency ${concurrency}, user alice; client, BFF and devcluster in separate processes`,
  );
  console.log('path'.padEnd(52) + 'direct p50/p99 ms   req/s   | via BFF p50/p99 ms   req/s');
  for (const path of paths) {
    const d = await measure(direct, path);
    const b = await measure(viaBff, path);
    const fmt = (r: typeof d) =>
      `${r.p50.toFixed(2).padStart(6)} /${r.p99.toFixed(2).padStart(7)} ${r.rps.toFixed(0).padStart(7)}`;
    console.log(`${path.padEnd(52)}${fmt(d)}   | ${fmt(b)}`);
  }
} finally {
  await stop(children);
  rmSync(dir, { recursive: true, force: true });
}

/** The cluster id the BFF makes from the kubeconfig's (only) context name. */
function contextId(kubeconfigFile: string): string {
  const kc = parse(readFileSync(kubeconfigFile, 'utf8')) as { contexts: Array<{ name: string }> };
  return kc.contexts[0]!.name.toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// Access analysis (who-can and the matrix at the three fixture sizes), each against its own cluster.
await import('./access.js');
