// Access analysis end to end: who-can and the access matrix through the BFF (HTTP, session, SSAR gate,
// list+watch model) against a devcluster loaded with packages/policy's small, medium and large fixtures.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SIZES, generateFixture } from '../../../packages/policy/bench/fixtures.js';
import { tokenSignIn } from '../test/support/bff.js';
import { Browser } from '../test/support/browser.js';
import { startClusterAndBff, stop, tokenOf } from './processes.js';
import { adminNamespaces, writeState } from './fixture-state.js';

const whoCanRequests = Number(process.env.BENCH_WHO_CAN ?? 300);
const matrixRequests = Number(process.env.BENCH_MATRIX ?? 20);
const only = process.argv.slice(2).filter((a) => SIZES.some((s) => s.name === a));

async function timed(
  b: Browser,
  paths: string[],
  concurrency: number,
): Promise<{ p50: number; p99: number; rps: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < paths.length) {
        const path = paths[next++]!;
        const t = performance.now();
        const r = await b.get(path);
        if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
        times.push(performance.now() - t);
        bytes = r.text.length;
      }
    }),
  );
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return {
    p50: at(0.5),
    p99: at(0.99),
    rps: times.length / ((performance.now() - start) / 1000),
    bytes,
  };
}

const fmt = (n: number) => n.toFixed(1).padStart(8);

console.log(
  `\naccess analysis through the BFF (admin, token sign-in); who-can ${whoCanRequests} requests at concurrency 8, matrix ${matrixRequests} at concurrency 2`,
);
console.log(
  'fixture  objects  first call (list+watch+index) ms | who-can p50/p99 ms  req/s | matrix p50/p99 ms  req/s  KiB',
);
for (const size of SIZES.filter((s) => only.length === 0 || only.includes(s.name))) {
  const dir = mkdtempSync(join(tmpdir(), `bff-bench-access-${size.name}-`));
  const children: ChildProcess[] = [];
  try {
    const f = generateFixture(size);
    mkdirSync(join(dir, 'cluster'), { recursive: true });
    const objects = writeState(f, join(dir, 'cluster', 'state.json'));
    const { bff } = await startClusterAndBff(dir, children, [
      '--state-file',
      join(dir, 'cluster', 'state.json'),
    ]);
    const b = new Browser(bff.url);
    const id = (await tokenSignIn(b, tokenOf(join(dir, 'cluster', 'kubeconfig', 'admin.yaml'))))
      .clusters[0]!.id;
    const base = `/api/clusters/${id}/access`;
    const resourceRequests = f.requests.filter(
      (r): r is Extract<typeof r, { resource: string }> => 'resource' in r,
    );
    const whoCanPaths = Array.from({ length: whoCanRequests }, (_, i) => {
      const r = resourceRequests[i % resourceRequests.length]!;
      const ns = f.namespaces[(i * 7919) % f.namespaces.length]!;
      return `${base}/who-can?${new URLSearchParams({ verb: r.verb, apiGroup: r.apiGroup, resource: r.resource, namespace: ns })}`;
    });
    const u = f.matrixUser;
    const matrixPath = `${base}/matrix?${new URLSearchParams({ subjectKind: 'User', subjectName: u.name, groups: u.groups.join(',') })}`;
    const first = await timed(b, [whoCanPaths[0]!], 1);
    const w = await timed(b, whoCanPaths, 8);
    const m = await timed(
      b,
      Array.from({ length: matrixRequests }, () => matrixPath),
      2,
    );
    console.log(
      `${size.name.padEnd(8)} ${String(objects).padStart(7)} ${fmt(first.p50)}                           | ${fmt(w.p50)} /${fmt(w.p99)} ${w.rps.toFixed(0).padStart(6)} | ${fmt(m.p50)} /${fmt(m.p99)} ${m.rps.toFixed(1).padStart(6)} ${(m.bytes / 1024).toFixed(0).padStart(5)}`,
    );
    // The same who-can requests as a namespace admin: readableScope's access reviews (cached by
    // the gate) and the scoped snapshot's authorizer, built once per model version and scope.
    const nb = new Browser(bff.url);
    await tokenSignIn(nb, tokenOf(join(dir, 'cluster', 'kubeconfig', 'bob.yaml')));
    const own = adminNamespaces(f);
    const scopedPaths = whoCanPaths.map((p, i) =>
      p.replace(/namespace=[^&]*/, `namespace=${encodeURIComponent(own[i % own.length]!)}`),
    );
    const firstScoped = await timed(nb, [scopedPaths[0]!], 1);
    const ws = await timed(nb, scopedPaths, 8);
    console.log(
      `${''.padEnd(8)} namespace admin (${own.length} namespaces, partial): first who-can ${fmt(firstScoped.p50)} ms | who-can p50/p99 ${fmt(ws.p50)} /${fmt(ws.p99)} ${ws.rps.toFixed(0).padStart(6)} req/s`,
    );
  } finally {
    await stop(children);
    rmSync(dir, { recursive: true, force: true });
  }
}
