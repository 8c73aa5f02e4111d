// Access analysis end to end: who-can and the access matrix through the BFF (HTTP, session, SSAR gate,
// list+watch model) against a devcluster loaded with packages/policy's small, medium and large fixtures.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SIZES, generateFixture } from '../../../packages/policy/bench/fixtures.js';
import { adminNamespaces, timed, writeState } from './fixture-state.js';
import { tokenSignIn } from '../test/support/bff.js';
import { Browser } from '../test/support/browser.js';
import { startClusterAndBff, stop, tokenOf } from './processes.js';

const whoCanRequests = Number(process.env.BENCH_WHO_CAN ?? 300);
const matrixRequests = Number(process.env.BENCH_MATRIX ?? 20);
const only = process.argv.slice(2).filter((a) => SIZES.some((s) => s.name === a));

const fmt = (n: number) => n.toFixed(1).padStart(8);

interface WireCapabilities {
  cluster: unknown;
  namespaces: Array<{ name: string; project?: string; rules?: unknown }>;
  plainNamespaces: string[];
}

/**
 * /api/session for a cluster-wide viewer (carol, bound to read everything by one
 * ClusterRoleBinding): its size as sent, and the size the earlier format (the cluster-wide rules
 * copied into an entry per namespace) would have had for the same answer.
 */
async function sessionPayload(
  name: string,
  namespaces: number,
  url: string,
  dir: string,
): Promise<string> {
  const b = new Browser(url);
  await tokenSignIn(b, tokenOf(join(dir, 'cluster', 'kubeconfig', 'carol.yaml')));
  const t = performance.now();
  const r = await b.get('/api/session');
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`/api/session: HTTP ${r.status}`);
  const caps = r.json<{ clusters: Array<{ capabilities: WireCapabilities }> }>().clusters[0]!
    .capabilities;
  const seen = caps.namespaces.length + caps.plainNamespaces.length;
  // The fixture's namespaces, plus those the devcluster itself keeps (gatehouse-system and its own).
  if (seen < namespaces)
    throw new Error(`carol sees ${seen} namespaces, fewer than the fixture's ${namespaces}`);
  const before = JSON.stringify({
    ...caps,
    plainNamespaces: undefined,
    namespaces: [
      ...caps.namespaces.map((n) => ({ ...n, rules: n.rules ?? caps.cluster })),
      ...caps.plainNamespaces.map((n) => ({ name: n, rules: caps.cluster })),
    ],
  }).length;
  const bytes = Buffer.byteLength(r.text);
  return `${name.padEnd(8)} ${String(seen).padStart(10)} ${(bytes / 1024).toFixed(1).padStart(9)} ${(before / 1024).toFixed(0).padStart(12)} ${ms.toFixed(0).padStart(8)}`;
}

const sessionRows: string[] = [];

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
    sessionRows.push(await sessionPayload(size.name, f.namespaces.length, bff.url, dir));
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
console.log(
  '\n/api/session of a cluster-wide viewer (token sign-in as carol, bound to read every type)',
);
console.log('fixture  namespaces  sent KiB  earlier KiB*  time ms');
for (const row of sessionRows) console.log(row);
console.log(
  '* the same answer with the cluster-wide rules copied into an entry per namespace, as before',
);
