// AccessPolicy plan cost without HTTP: compile + diff for one policy over 10 clusters × 1,000
// namespaces, as POST /api/fleet/policies/plan does per cluster once the reads are in.
//   BENCH_ONLY=policies pnpm --filter @gatehouse/bff bench
import { performance } from 'node:perf_hooks';
import { compilePolicy, type PolicyInput } from '../src/fleet/policies/compile.js';
import { diffObjects, type ActualObject } from '../src/fleet/policies/diff.js';

const clusters = Number(process.env.BENCH_CLUSTERS ?? 10);
const perCluster = Number(process.env.BENCH_NAMESPACES ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

const fleet = Array.from({ length: clusters }, (_, i) => ({
  id: `c${i}`,
  labels: { env: i % 2 ? 'prod' : 'staging', region: `r${i % 3}` },
  namespaces: Array.from({ length: perCluster }, (_, n) => ({
    name: `ns-${n}`,
    labels: { team: `t${n % 10}`, tier: n % 4 ? 'app' : 'data' },
  })),
}));

const policy = (generation: number): PolicyInput => ({
  name: 'bench',
  generation,
  spec: {
    subjects: [
      { kind: 'Group', name: 'sre' },
      { kind: 'User', name: 'olga' },
    ],
    statements: [
      // Every namespace of every cluster by selector (1,000 RoleBindings per cluster).
      {
        clusterRole: 'view',
        placements: [
          {
            clusters: { names: ['*'] },
            namespaces: { selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } },
          },
        ],
      },
      // Named namespaces on prod clusters.
      {
        clusterRole: 'edit',
        placements: [
          {
            clusters: { selector: { matchLabels: { env: 'prod' } } },
            namespaces: { names: Array.from({ length: 50 }, (_, n) => `ns-${n * 7}`) },
          },
        ],
      },
      // Inline rules, cluster-wide.
      {
        rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes'] }],
        placements: [{ clusters: { names: ['*'] }, namespaces: { names: ['*'] } }],
      },
    ],
  },
});

function plan(p: PolicyInput, actual: Map<string, ActualObject[]>) {
  let objects = 0;
  let changes = 0;
  for (const c of fleet) {
    const compiled = compilePolicy(p, c, c.namespaces);
    const d = diffObjects(compiled.objects, actual.get(c.id) ?? []);
    objects += compiled.objects.length;
    changes += d.creates.length + d.updates.length + d.deletes.length;
  }
  return { objects, changes };
}

function time(label: string, run: () => { objects: number; changes: number }) {
  const ms: number[] = [];
  let last = { objects: 0, changes: 0 };
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    last = run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} objects ${String(last.objects).padStart(6)}  changes ${String(last.changes).padStart(6)}  median ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms  max ${ms[ms.length - 1]!.toFixed(1)} ms`,
  );
}

// What the clusters hold: generation 1 applied everywhere (as read back: kind set, resourceVersion).
const applied = new Map(
  fleet.map((c) => [
    c.id,
    compilePolicy(policy(1), c, c.namespaces).objects.map((o, i): ActualObject => ({
      ...o,
      metadata: { ...o.metadata, resourceVersion: String(i) },
    })),
  ]),
);

console.log(
  `AccessPolicy plan (compile + diff, no HTTP): ${clusters} clusters × ${perCluster} namespaces, ${rounds} rounds`,
);
time('first apply (nothing there: all creates)', () => plan(policy(1), new Map()));
time('re-plan, nothing changed (all unchanged)', () => plan(policy(1), applied));
time('after an edit (new generation: all updates)', () => plan(policy(2), applied));
