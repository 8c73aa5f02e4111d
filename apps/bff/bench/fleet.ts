// Fleet who-can against one-cluster who-can: the same requests through the BFF, asked of one cluster
// (/api/clusters/c0/access/who-can) and of every cluster at once (/api/fleet/who-can), over
// BENCH_FLEET_CLUSTERS devclusters (default 3) each loaded with the large fixture.
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SIZES, generateFixture } from '../../../packages/policy/bench/fixtures.js';
import { tokenSignIn } from '../test/support/bff.js';
import { Browser } from '../test/support/browser.js';
import { timed, writeState } from './fixture-state.js';
import { devclusterCli, spawnBff, spawnReady, stop } from './processes.js';

const clusters = Number(process.env.BENCH_FLEET_CLUSTERS ?? 3);
const requests = Number(process.env.BENCH_WHO_CAN ?? 300);
const sizeName = process.env.BENCH_FLEET_SIZE ?? 'large';
const size = SIZES.find((s) => s.name === sizeName);
if (!size)
  throw new Error(`no fixture size "${sizeName}" (${SIZES.map((s) => s.name).join(', ')})`);

const fmt = (n: number) => n.toFixed(1).padStart(8);
const dir = mkdtempSync(join(tmpdir(), 'bff-bench-fleet-'));
const children: ChildProcess[] = [];
try {
  const f = generateFixture(size);
  // The same admin and BFF tokens on every cluster (a devcluster keeps the tokens it finds), so one
  // token sign-in is the same person everywhere, as with one identity provider in front of a fleet.
  const tokens = {
    admin: randomBytes(24).toString('base64url'),
    'gatehouse-bff': randomBytes(24).toString('base64url'),
  };
  let objects = 0;
  const started = await Promise.all(
    Array.from({ length: clusters }, async (_, i) => {
      const data = join(dir, `c${i}`);
      mkdirSync(data, { recursive: true });
      writeFileSync(join(data, 'tokens.json'), JSON.stringify(tokens), { mode: 0o600 });
      objects = writeState(f, join(data, 'state.json'));
      const c = await spawnReady(
        [
          devclusterCli,
          '--port',
          '0',
          '--data-dir',
          data,
          '--state-file',
          join(data, 'state.json'),
        ],
        /devcluster ready (https:\/\/\S+)/,
      );
      children.push(c.child);
      const kc = parse(readFileSync(join(data, 'kubeconfig', 'gatehouse-bff.yaml'), 'utf8')) as {
        clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
      };
      return { name: `c${i}`, ...kc.clusters[0]!.cluster };
    }),
  );
  const kubeconfig = join(dir, 'fleet.yaml');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      ...started.map(
        (c) =>
          `- name: ${c.name}\n  cluster:\n    server: ${c.server}\n    certificate-authority-data: ${c['certificate-authority-data']}`,
      ),
      'users:',
      `- name: bff\n  user:\n    token: ${tokens['gatehouse-bff']}`,
      'contexts:',
      ...started.map((c) => `- name: ${c.name}\n  context:\n    cluster: ${c.name}\n    user: bff`),
      `current-context: c0`,
    ].join('\n') + '\n',
  );
  const bff = await spawnBff(['--data-dir', join(dir, 'bff'), '--kubeconfig', kubeconfig]);
  children.push(bff.child);
  const b = new Browser(bff.url);
  await tokenSignIn(b, tokens.admin, 'c0');
  const resourceRequests = f.requests.filter(
    (r): r is Extract<typeof r, { resource: string }> => 'resource' in r,
  );
  const queries = Array.from({ length: requests }, (_, i) => {
    const r = resourceRequests[i % resourceRequests.length]!;
    const ns = f.namespaces[(i * 7919) % f.namespaces.length]!;
    return new URLSearchParams({
      verb: r.verb,
      apiGroup: r.apiGroup,
      resource: r.resource,
      namespace: ns,
    });
  });
  const one = queries.map((q) => `/api/clusters/c0/access/who-can?${q}`);
  const fleet = queries.map((q) => `/api/fleet/who-can?${q}`);
  // Every cluster's answer must be a result, or the figures would measure refusals.
  const check = await b.get(fleet[0]!);
  const states = check.json<{ clusters: Array<{ cluster: string; state: string }> }>().clusters;
  if (states.some((s) => s.state !== 'result'))
    throw new Error(`fleet who-can did not answer everywhere: ${JSON.stringify(states)}`);
  const firstFleet = await timed(b, [fleet[1]!], 1);
  const rows: string[] = [];
  for (const concurrency of [1, 8]) {
    const o = await timed(b, one, concurrency);
    const w = await timed(b, fleet, concurrency);
    rows.push(
      `one cluster  c=${concurrency}  ${fmt(o.p50)} /${fmt(o.p99)} ${o.rps.toFixed(0).padStart(6)} ${(o.bytes / 1024).toFixed(0).padStart(6)}`,
      `${clusters} clusters   c=${concurrency}  ${fmt(w.p50)} /${fmt(w.p99)} ${w.rps.toFixed(0).padStart(6)} ${(w.bytes / 1024).toFixed(0).padStart(6)}`,
    );
  }
  console.log(
    `\nfleet who-can through the BFF: ${clusters} devclusters × the ${size.name} fixture (${objects} objects each), ${requests} requests per row, admin (token sign-in)`,
  );
  console.log(`first fleet who-can after one warm-up: ${firstFleet.p50.toFixed(1)} ms`);
  console.log('asked of            p50 ms /  p99 ms  req/s    KiB');
  for (const r of rows) console.log(r);
} finally {
  await stop(children);
  rmSync(dir, { recursive: true, force: true });
}
