// pnpm --filter @gatehouse/policy bench: the indexed engine beside the reference evaluator.
import { readFileSync } from 'node:fs';
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

const rows: string[][] = [];
const row = (fixture: string, query: string, engine: string, nsPerOp: number, note = '') =>
  rows.push([fixture, query, engine, formatOps(nsPerOp), formatNs(nsPerOp), note]);

function benchFixture(f: Fixture): void {
  const name = f.size.name;
  const build = timeOnce(() => createAuthorizer(f.snapshot));
  const authz = build.result;
  const mib = retainedMiB(() => createAuthorizer(f.snapshot));
  rows.push([
    name,
    'build index',
    'indexed',
    '',
    `${build.ms.toFixed(1)} ms`,
    `${mib.toFixed(1)} MiB retained`,
  ]);

  const q = f.requests.length;
  const users = f.users;
  const userOf = (i: number): UserInfo => users[i % users.length] as UserInfo;
  const reqOf = (i: number): AuthorizationRequest => f.requests[i] as AuthorizationRequest;
  const allowed = f.requests.filter((r, i) => authz.authorize(userOf(i), r).allowed).length;
  row(
    name,
    'authorize',
    'indexed',
    time(q, (i) => consume(authz.authorize(userOf(i), reqOf(i)).allowed)).nsPerOp,
    `${allowed}/${q} allowed`,
  );
  const refN = name === 'large' ? 100 : q;
  row(
    name,
    'authorize',
    'reference',
    time(refN, (i) => consume(refAuthorize(f.snapshot, userOf(i), reqOf(i)).allowed), 250, 3)
      .nsPerOp,
  );

  row(name, 'whoCan', 'indexed', time(q, (i) => consume(authz.whoCan(reqOf(i)).length)).nsPerOp);
  row(
    name,
    'whoCan',
    'reference',
    time(name === 'large' ? 50 : q, (i) => consume(refWhoCan(f.snapshot, reqOf(i)).length), 250, 3)
      .nsPerOp,
  );

  const nsOf = (i: number): string => f.namespaces[(i * 7919) % f.namespaces.length] as string;
  row(
    name,
    'rulesFor',
    'indexed',
    time(q, (i) => consume(authz.rulesFor(userOf(i), nsOf(i)).resourceRules.length)).nsPerOp,
  );
  row(
    name,
    'rulesFor',
    'reference',
    time(
      name === 'large' ? 100 : q,
      (i) => consume(refRulesFor(f.snapshot, userOf(i), nsOf(i)).length),
      250,
      3,
    ).nsPerOp,
  );

  const cells = f.namespaces.length * f.resourceTypes.length * STANDARD_VERBS.length;
  const matrix = timeOnce(() => authz.accessMatrix(f.matrixUser, f.namespaces, f.resourceTypes), 5);
  rows.push([
    name,
    `access matrix (${cells.toLocaleString('en')} cells)`,
    'indexed',
    '',
    `${matrix.ms.toFixed(2)} ms`,
    `${matrix.result.namespaced.size} namespace rows, ${matrix.result.countAllowed().toLocaleString('en')} allowed`,
  ]);
  // Cell by cell is only feasible on a sample: time it and extrapolate to the whole matrix.
  const sample = Array.from({ length: 2000 }, (_, i) => {
    const t = f.resourceTypes[(i * 31) % f.resourceTypes.length];
    return {
      verb: STANDARD_VERBS[i % 8] ?? 'get',
      apiGroup: t?.apiGroup ?? '',
      resource: t?.resource ?? '',
      namespace: nsOf(i),
    };
  });
  const cellIndexed = time(
    sample.length,
    (i) => consume(authz.authorize(f.matrixUser, sample[i] as AuthorizationRequest).allowed),
    200,
    3,
  ).nsPerOp;
  rows.push([
    name,
    'access matrix cell by cell',
    'indexed',
    '',
    `${formatNs(cellIndexed * cells)} (est.)`,
    `${formatNs(cellIndexed)}/cell × cells`,
  ]);
  const cellRef = time(
    name === 'large' ? 100 : sample.length,
    (i) =>
      consume(refAuthorize(f.snapshot, f.matrixUser, sample[i] as AuthorizationRequest).allowed),
    200,
    3,
  ).nsPerOp;
  rows.push([
    name,
    'access matrix cell by cell',
    'reference',
    '',
    `${formatNs(cellRef * cells)} (est.)`,
    `${formatNs(cellRef)}/cell × cells`,
  ]);
}

interface GoFixture extends RbacSnapshot {
  user: UserInfo;
  requests: { name: string; request: AuthorizationRequest; expected: boolean }[];
  go_measured_on_this_machine_ns_per_op: Record<string, { min: number; median: number }>;
}

function benchKubernetesFixture(): void {
  const path = fileURLToPath(
    new URL('../../../../shared/testdata/k8s-authorize-bench/fixture.json', import.meta.url),
  );
  const fx = JSON.parse(readFileSync(path, 'utf8')) as GoFixture;
  const authz = createAuthorizer(fx);
  const goRows: string[][] = [];
  for (const { name, request, expected } of fx.requests) {
    const got = authz.authorize(fx.user, request).allowed;
    if (got !== expected || refAuthorize(fx, fx.user, request).allowed !== expected)
      throw new Error(`${name}: expected ${expected}, got ${got}`);
    const t = time(1, () => consume(authz.authorize(fx.user, request).allowed), 300, 7);
    const ref = time(1, () => consume(refAuthorize(fx, fx.user, request).allowed), 200, 3);
    const go = fx.go_measured_on_this_machine_ns_per_op[name.replace(/ \((deny|allow)\)$/, '')];
    goRows.push([
      name,
      `${t.nsPerOp.toFixed(0)} ns`,
      `${t.minNsPerOp.toFixed(0)} ns`,
      `${ref.nsPerOp.toFixed(0)} ns`,
      go ? `${go.median} ns` : '—',
      go ? `${(go.median / t.nsPerOp).toFixed(1)}×` : '—',
    ]);
  }
  console.log(
    '\nk8s-authorize-bench (BenchmarkAuthorize objects and requests, user system:node:node1)\n',
  );
  console.log(
    table(
      ['request', 'indexed median', 'indexed min', 'reference', 'Go median', 'faster than Go'],
      goRows,
    ),
  );
}

const only = process.argv[2];
for (const size of SIZES) {
  if (only && only !== size.name && only !== 'fixtures') continue;
  const f = generateFixture(size);
  console.error(`benchmarking ${size.name}…`);
  benchFixture(f);
}
if (rows.length > 0) {
  console.log(`\nGenerated fixtures (node ${process.version})\n`);
  console.log(table(['fixture', 'query', 'engine', 'ops/s', 'time/query', 'note'], rows));
}
if (!only || only === 'k8s') benchKubernetesFixture();
consume(sinkValue());
