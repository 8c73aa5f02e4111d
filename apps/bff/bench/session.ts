// /api/session's size for a cluster-wide viewer (carol, bound to read every resource type by one
// ClusterRoleBinding) on packages/policy's fixtures, as sent over HTTP by a BFF against a
// devcluster holding the fixture. Sizes from the command line (`small medium large`), else large.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SIZES, generateFixture } from '../../../packages/policy/bench/fixtures.js';
import { tokenSignIn } from '../test/support/bff.js';
import { Browser } from '../test/support/browser.js';
import { startClusterAndBff, stop, tokenOf } from './processes.js';
import { writeState } from './fixture-state.js';

/** Both shapes the answer has had: bare names of every other namespace, or only their count. */
interface WireCapabilities {
  cluster: unknown;
  namespaces: Array<{ name: string; project?: string; rules?: unknown }>;
  plainNamespaces?: string[];
  namespaceCount?: number;
}

const asked = process.argv.slice(2).filter((a) => SIZES.some((s) => s.name === a));
const sizes = SIZES.filter((s) => (asked.length ? asked.includes(s.name) : s.name === 'large'));

console.log(
  '\n/api/session of a cluster-wide viewer (token sign-in as carol, bound to read every type); median of 5 reads',
);
console.log('fixture  namespaces  entries  sent bytes   sent KiB  time ms');
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), `bff-bench-session-${size.name}-`));
  const children: ChildProcess[] = [];
  try {
    const f = generateFixture(size);
    mkdirSync(join(dir, 'cluster'), { recursive: true });
    writeState(f, join(dir, 'cluster', 'state.json'));
    const { bff } = await startClusterAndBff(dir, children, [
      '--state-file',
      join(dir, 'cluster', 'state.json'),
    ]);
    const b = new Browser(bff.url);
    await tokenSignIn(b, tokenOf(join(dir, 'cluster', 'kubeconfig', 'carol.yaml')));
    const times: number[] = [];
    let text = '';
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = await b.get('/api/session');
      times.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`/api/session: HTTP ${r.status}`);
      text = r.text;
    }
    times.sort((x, y) => x - y);
    const caps = (JSON.parse(text) as { clusters: Array<{ capabilities: WireCapabilities }> })
      .clusters[0]!.capabilities;
    const seen =
      caps.namespaceCount ?? caps.namespaces.length + (caps.plainNamespaces ?? []).length;
    // The fixture's namespaces, plus those the devcluster itself keeps (gatehouse-system and its own).
    if (seen < f.namespaces.length)
      throw new Error(
        `carol sees ${seen} namespaces, fewer than the fixture's ${f.namespaces.length}`,
      );
    const bytes = Buffer.byteLength(text);
    console.log(
      `${size.name.padEnd(8)} ${String(seen).padStart(10)} ${String(caps.namespaces.length).padStart(8)} ${String(bytes).padStart(11)} ${(bytes / 1024).toFixed(1).padStart(10)} ${times[2]!.toFixed(0).padStart(8)}`,
    );
  } finally {
    await stop(children);
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log('target: under 100 kB (100,000 bytes) on the large fixture');
