// pnpm --filter @gatehouse/policy bench [small|medium|large|k8s]: the indexed engine beside the
// reference evaluator (the API server's linear algorithm) on generated fixtures and on Kubernetes'
// own BenchmarkAuthorize fixture.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createAuthorizer, STANDARD_VERBS } from '../src/index.js';
import type { AuthorizationRequest, RbacSnapshot, UserInfo } from '../src/index.js';
import { refAuthorize, refRulesFor, refWhoCan } from '../test/reference.js';
import { SIZES, generateFixture } from './fixtures.js';
import type { Fixture } from './fixtures.js';
import {
  consume,
  formatNs,
  formatOps,
  retainedMiB,
  sinkValue,
  table,
  time,
  timeOnce,
} from './measure.js';
import type { Timing } from './measure.js';

const rows: string[][] = [];
const timed = (fixture: string, query: string, engine: string, t: Timing, note = '') =>
  rows.push([
    fixture,
    query,
    engine,
    formatOps(t.nsPerOp),
    formatNs(t.nsPerOp),
    formatNs(t.cpuNsPerOp),
    note,
  ]);
const once = (fixture: string, query: string, engine: string, wall: string, note: string) =>
  rows.push([fixture, query, engine, '', wall, '', note]);

function benchFixture(f: Fixture): void {
  const name = f.size.name;
  const large = name === 'large';
  const build = timeOnce(() => createAuthorizer(f.snapshot));
  const authz = build.result;
  const mib = retainedMiB(() => createAuthorizer(f.snapshot));
  once(
    name,
    'build index',
    'indexed',
    `${build.ms.toFixed(1)} ms`,
    `${mib.toFixed(1)} MiB retained`,
  );

  const q = f.requests.length;
  const userOf = (i: number): UserInfo => f.users[i % f.users.length] as UserInfo;
  const reqOf = (i: number): AuthorizationRequest => f.requests[i] as AuthorizationRequest;
  const nsOf = (i: number): string => f.namespaces[(i * 7919) % f.namespaces.length] as string;
  const allowed = f.requests.filter((r, i) => authz.authorize(userOf(i), r).allowed).length;

  timed(
    name,
    'authorize',
    'indexed',
    time(q, (i) => consume(authz.authorize(userOf(i), reqOf(i)).allowed)),
    `${allowed}/${q} allowed`,
  );
  timed(
    name,
    'authorize',
    'reference',
    time(
      large ? 100 : q,
      (i) => consume(refAuthorize(f.snapshot, userOf(i), reqOf(i)).allowed),
      250,
      3,
    ),
  );
  timed(
    name,
    'whoCan',
    'indexed',
    time(q, (i) => consume(authz.whoCan(reqOf(i)).length)),
  );
  timed(
    name,
    'whoCan',
    'reference',
    time(large ? 50 : q, (i) => consume(refWhoCan(f.snapshot, reqOf(i)).length), 250, 3),
  );
  timed(
    name,
    'rulesFor',
    'indexed',
    time(q, (i) => consume(authz.rulesFor(userOf(i), nsOf(i)).resourceRules.length)),
  );
  timed(
    name,
    'rulesFor',
    'reference',
    time(
      large ? 100 : q,
      (i) => consume(refRulesFor(f.snapshot, userOf(i), nsOf(i)).length),
      250,
      3,
    ),
  );

  const cells = f.namespaces.length * f.resourceTypes.length * STANDARD_VERBS.length;
  const matrix = timeOnce(() => authz.accessMatrix(f.matrixUser, f.namespaces, f.resourceTypes), 5);
  const m = matrix.result;
  once(
    name,
    `access matrix (${cells.toLocaleString('en')} cells)`,
    'indexed',
    `${matrix.ms.toFixed(2)} ms`,
    `${m.namespaced.size} namespace rows, ${m.countAllowed().toLocaleString('en')} allowed`,
  );
  // Cell by cell is only feasible on a sample: time it and extrapolate to the whole matrix.
  const sample = Array.from({ length: 2000 }, (_, i): AuthorizationRequest => {
    const t = f.resourceTypes[(i * 31) % f.resourceTypes.length];
    return {
      verb: STANDARD_VERBS[i % 8] ?? 'get',
      apiGroup: t?.apiGroup ?? '',
      resource: t?.resource ?? '',
      namespace: nsOf(i),
    };
  });
  const cell = (i: number): AuthorizationRequest => sample[i] as AuthorizationRequest;
  const cellIndexed = time(
    sample.length,
    (i) => consume(authz.authorize(f.matrixUser, cell(i)).allowed),
    200,
    3,
  );
  once(
    name,
    'access matrix cell by cell',
    'indexed',
    `${formatNs(cellIndexed.nsPerOp * cells)} (est.)`,
    `${formatNs(cellIndexed.nsPerOp)}/cell × cells`,
  );
  const cellRef = time(
    large ? 100 : sample.length,
    (i) => consume(refAuthorize(f.snapshot, f.matrixUser, cell(i)).allowed),
    200,
    3,
  );
  once(
    name,
    'access matrix cell by cell',
    'reference',
    `${formatNs(cellRef.nsPerOp * cells)} (est.)`,
    `${formatNs(cellRef.nsPerOp)}/cell × cells`,
  );
}

interface GoFixture extends RbacSnapshot {
  user: UserInfo;
  requests: { name: string; request: AuthorizationRequest; expected: boolean }[];
  go_measured_on_this_machine_ns_per_op: Record<string, { min: number; median: number }>;
}

/**
 * Go figures come from outside this run: they are printed as references with where they were taken,
 * never divided into our own figures as if both were measured here, side by side.
 */
const goReferences = [
  {
    source:
      '../shared/testdata/k8s-authorize-bench/README.md (the fixture file): Go 1.23.5 BenchmarkAuthorize, Kubernetes v1.32, a 2-core development machine, when the fixture was made',
    figures: (fx: GoFixture) =>
      Object.entries(fx.go_measured_on_this_machine_ns_per_op)
        .map(([name, g]) => `${name} ${g.median} ns (min ${g.min})`)
        .join('; '),
  },
  {
    source:
      'Gatehouse issue 15 (2026-12): the same benchmark measured side by side with packages/policy on a 2-core machine of this kind',
    figures: () => '612–894 ns per decision across the three requests',
  },
];

function benchKubernetesFixture(): void {
  const path = fileURLToPath(
    new URL('../../../../shared/testdata/k8s-authorize-bench/fixture.json', import.meta.url),
  );
  const fx = JSON.parse(readFileSync(path, 'utf8')) as GoFixture;
  const authz = createAuthorizer(fx);
  const out: string[][] = [];
  for (const { name, request, expected } of fx.requests) {
    const got = authz.authorize(fx.user, request).allowed;
    if (got !== expected || refAuthorize(fx, fx.user, request).allowed !== expected)
      throw new Error(`${name}: expected ${expected}, got ${got}`);
    const t = time(1, () => consume(authz.authorize(fx.user, request).allowed), 300, 9);
    const ref = time(1, () => consume(refAuthorize(fx, fx.user, request).allowed), 200, 3);
    const ns = (x: number) => `${x.toFixed(0)} ns`;
    out.push([name, ns(t.nsPerOp), ns(t.minNsPerOp), ns(t.cpuNsPerOp), ns(ref.nsPerOp)]);
  }
  console.log(
    '\nk8s-authorize-bench: BenchmarkAuthorize objects and requests, user system:node:node1 (measured in this run)\n',
  );
  console.log(table(['request', 'wall median', 'wall min', 'CPU median', 'reference'], out));
  console.log(
    '\nGo authorizer on the same fixture — outside references, not measured in this run:',
  );
  for (const r of goReferences) console.log(`  - ${r.figures(fx)}\n    source: ${r.source}`);
}

const only = process.argv[2];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`node ${process.version}; load average at start: ${load()}`);
for (const size of SIZES) {
  if (only && only !== size.name) continue;
  console.error(`benchmarking ${size.name}…`);
  benchFixture(generateFixture(size));
}
if (rows.length > 0) {
  console.log(
    '\nGenerated fixtures (time/query: wall-clock median; CPU: process CPU time per query)\n',
  );
  console.log(
    table(['fixture', 'query', 'engine', 'ops/s', 'time/query', 'CPU/query', 'note'], rows),
  );
}
if (!only || only === 'k8s') benchKubernetesFixture();
console.log(`\nload average at end: ${load()}`);
consume(sinkValue());
