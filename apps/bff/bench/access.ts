// Access analysis end to end: who-can and the access matrix through the BFF (HTTP, session, SSAR gate,
// list+watch model) against a devcluster loaded with packages/policy's small, medium and large fixtures.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SIZES, generateFixture, type Fixture } from '../../../packages/policy/bench/fixtures.js';
import { tokenSignIn } from '../test/support/bff.js';
import { Browser } from '../test/support/browser.js';
import { startClusterAndBff, stop, tokenOf } from './processes.js';

const RBAC = 'rbac.authorization.k8s.io';
const whoCanRequests = Number(process.env.BENCH_WHO_CAN ?? 300);
const matrixRequests = Number(process.env.BENCH_MATRIX ?? 20);
const only = process.argv.slice(2).filter((a) => SIZES.some((s) => s.name === a));

/** The BFF's own identity, which a state file must carry since the seed is not applied over one. */
function bffObjects(): Array<{ key: string; object: Record<string, unknown> }> {
  const sa = { kind: 'ServiceAccount', name: 'gatehouse-bff', namespace: 'gatehouse-system' };
  return [
    {
      key: '/namespaces',
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gatehouse-system' } },
    },
    {
      key: '/serviceaccounts',
      object: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'gatehouse-bff', namespace: 'gatehouse-system' },
      },
    },
    {
      key: `${RBAC}/clusterroles`,
      object: {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRole',
        metadata: { name: 'gatehouse:bff' },
        rules: [
          {
            apiGroups: [''],
            resources: ['users', 'groups', 'serviceaccounts'],
            verbs: ['impersonate'],
          },
          {
            apiGroups: [RBAC],
            resources: ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'],
            verbs: ['get', 'list', 'watch'],
          },
          {
            apiGroups: [''],
            resources: ['namespaces', 'serviceaccounts'],
            verbs: ['get', 'list', 'watch'],
          },
          {
            apiGroups: ['authorization.k8s.io'],
            resources: ['subjectaccessreviews'],
            verbs: ['create'],
          },
        ],
      },
    },
    {
      key: `${RBAC}/clusterrolebindings`,
      object: {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name: 'gatehouse:bff' },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'gatehouse:bff' },
        subjects: [sa],
      },
    },
  ];
}

/** A devcluster state file (snapshot format) holding the fixture's namespaces and RBAC objects. */
function writeState(f: Fixture, file: string): number {
  let uid = 0;
  const objects = bffObjects();
  const add = (
    key: string,
    kind: string,
    apiVersion: string,
    o: { metadata: Record<string, unknown> },
  ) =>
    objects.push({
      key,
      object: {
        ...o,
        apiVersion,
        kind,
        metadata: {
          ...o.metadata,
          uid: `bench-${++uid}`,
          resourceVersion: '1',
          creationTimestamp: '2026-01-01T00:00:00Z',
        },
      },
    });
  for (const name of f.namespaces) add('/namespaces', 'Namespace', 'v1', { metadata: { name } });
  for (const o of f.snapshot.clusterRoles)
    add(`${RBAC}/clusterroles`, 'ClusterRole', `${RBAC}/v1`, o);
  for (const o of f.snapshot.clusterRoleBindings)
    add(`${RBAC}/clusterrolebindings`, 'ClusterRoleBinding', `${RBAC}/v1`, o);
  for (const o of f.snapshot.roles) add(`${RBAC}/roles`, 'Role', `${RBAC}/v1`, o);
  for (const o of f.snapshot.roleBindings)
    add(`${RBAC}/rolebindings`, 'RoleBinding', `${RBAC}/v1`, o);
  // A cluster-wide viewer (the demo identity carol): read on every resource type, bound cluster-wide.
  const byGroup = new Map<string, string[]>();
  for (const t of f.resourceTypes)
    byGroup.set(t.apiGroup, [...(byGroup.get(t.apiGroup) ?? []), t.resource]);
  add(`${RBAC}/clusterroles`, 'ClusterRole', `${RBAC}/v1`, {
    metadata: { name: 'bench:viewer' },
    rules: [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      ...[...byGroup].map(([g, resources]) => ({
        apiGroups: [g],
        resources,
        verbs: ['get', 'list', 'watch'],
      })),
    ],
  } as { metadata: Record<string, unknown> });
  add(`${RBAC}/clusterrolebindings`, 'ClusterRoleBinding', `${RBAC}/v1`, {
    metadata: { name: 'bench:viewer' },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'bench:viewer' },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: 'carol' }],
  } as { metadata: Record<string, unknown> });
  writeFileSync(file, JSON.stringify({ resourceVersion: 1, objects }));
  return objects.length;
}

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
