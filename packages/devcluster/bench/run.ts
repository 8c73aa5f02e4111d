// Requests/s and p99 latency of create, get and list with 10,000 objects stored, over HTTPS as admin.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevCluster, type DevCluster } from '../src/index.js';

const OBJECTS = 10_000;
const CONCURRENCY = 16;

function call(
  cluster: DevCluster,
  agent: Agent,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      ...extra,
    };
    if (data) headers['Content-Type'] = 'application/json';
    const req = request(new URL(path, cluster.url), { method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode && res.statusCode < 300
          ? resolve(res.statusCode)
          : reject(new Error(`${method} ${path}: ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

interface Result {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
}

async function measure(
  name: string,
  total: number,
  op: (i: number) => Promise<unknown>,
): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { name, requests: total, rps: total / seconds, p50: pct(0.5), p99: pct(0.99) };
}

/** Creates OBJECTS ConfigMaps in namespace bench, measuring each create. */
async function fill(cluster: DevCluster, agent: Agent, name: string): Promise<Result> {
  const token = cluster.token('admin');
  await call(cluster, agent, token, 'POST', '/api/v1/namespaces', { metadata: { name: 'bench' } });
  return measure(name, OBJECTS, (i) =>
    call(cluster, agent, token, 'POST', '/api/v1/namespaces/bench/configmaps', {
      metadata: { name: `cm-${i}`, labels: { shard: String(i % 10) } },
      data: { value: String(i) },
    }),
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'devcluster-bench-'));
  const results: Result[] = [];
  const durable = await startDevCluster({
    dataDir: join(dir, 'durable'),
    port: 0,
    seed: 'empty',
    stateFile: join(dir, 'state.json'),
  });
  const durableAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: durable.caPem });
  try {
    results.push(await fill(durable, durableAgent, `create, state file on (to ${OBJECTS} stored)`));
  } finally {
    durableAgent.destroy();
    await durable.stop();
  }
  const cluster = await startDevCluster({ dataDir: join(dir, 'memory'), port: 0, seed: 'empty' });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: cluster.caPem });
  const token = cluster.token('admin');
  try {
    results.push(await fill(cluster, agent, `create, in memory (to ${OBJECTS} stored)`));
    results.push(
      await measure('get', 5_000, (i) =>
        call(
          cluster,
          agent,
          token,
          'GET',
          `/api/v1/namespaces/bench/configmaps/cm-${(i * 7919) % OBJECTS}`,
        ),
      ),
    );
    // The BFF's path: its own token, impersonating a user whom RBAC (not system:masters) must allow.
    const bff = cluster.token('gatehouse-bff');
    await call(
      cluster,
      agent,
      token,
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/bench/rolebindings',
      {
        metadata: { name: 'dana-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'User', name: 'dana' }],
      },
    );
    results.push(
      await measure('get, impersonating via RBAC', 5_000, (i) =>
        call(
          cluster,
          agent,
          bff,
          'GET',
          `/api/v1/namespaces/bench/configmaps/cm-${(i * 7919) % OBJECTS}`,
          undefined,
          { 'Impersonate-User': 'dana' },
        ),
      ),
    );
    results.push(
      await measure('list limit=500', 500, () =>
        call(cluster, agent, token, 'GET', '/api/v1/namespaces/bench/configmaps?limit=500'),
      ),
    );
    results.push(
      await measure('list labelSelector (1,000 of 10,000)', 200, (i) =>
        call(
          cluster,
          agent,
          token,
          'GET',
          `/api/v1/namespaces/bench/configmaps?labelSelector=shard%3D${i % 10}`,
        ),
      ),
    );
    results.push(
      await measure('list all 10,000', 50, () =>
        call(cluster, agent, token, 'GET', '/api/v1/namespaces/bench/configmaps'),
      ),
    );
    console.log(
      `devcluster bench: ${OBJECTS} ConfigMaps stored, ${CONCURRENCY} concurrent HTTPS keep-alive clients (with a state file each write is on disk before its answer)`,
    );
    console.log(
      'operation'.padEnd(40),
      'requests'.padStart(9),
      'req/s'.padStart(9),
      'p50 ms'.padStart(8),
      'p99 ms'.padStart(8),
    );
    for (const r of results) {
      console.log(
        r.name.padEnd(40),
        String(r.requests).padStart(9),
        r.rps.toFixed(0).padStart(9),
        r.p50.toFixed(2).padStart(8),
        r.p99.toFixed(2).padStart(8),
      );
    }
  } finally {
    agent.destroy();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
