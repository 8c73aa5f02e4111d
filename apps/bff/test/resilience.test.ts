import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClustersResponse, KubeStatus } from '../src/contract.js';
import { session, startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { startFleet, tempDir, type Fleet } from './support/clusters.js';

describe('a slow or failing cluster', () => {
  const dir = tempDir('bff-faults-');
  let fleet: Fleet;
  let bff: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['slow', 'fine']);
    bff = await startTestBff({
      kubeconfig: fleet.kubeconfig,
      dataDir: `${dir.path}/bff-data`,
      upstreamTimeoutMs: 400,
    });
  });
  afterAll(async () => {
    await bff?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('answers 504 naming the cluster instead of hanging, and the other cluster keeps working', async () => {
    const br = bff.browser();
    await tokenSignIn(br, fleet.clusters.slow!.token('alice'), 'slow');
    fleet.clusters.slow!.setFaults({ latencyMs: 5_000 });
    try {
      const r = await br.get('/k8s/slow/api/v1/namespaces');
      expect(r.status).toBe(504);
      expect(r.json<KubeStatus>()).toMatchObject({ kind: 'Status', code: 504, reason: 'Timeout' });
      expect(r.json<KubeStatus>().message).toBe('cluster "slow" did not answer within 400 ms');
      const health = (await br.get('/api/clusters')).json<ClustersResponse>();
      expect(health.find((c) => c.id === 'slow')).toMatchObject({
        healthy: false,
        error: expect.stringMatching(/did not answer/),
      });
      expect(health.find((c) => c.id === 'fine')).toMatchObject({ healthy: true });
      const s = await session(br);
      expect(s.clusters.find((c) => c.id === 'slow')!.capabilities.cluster.evaluationError).toMatch(
        /did not answer/,
      );
    } finally {
      fleet.clusters.slow!.setFaults({});
    }
    expect((await br.get('/k8s/slow/api/v1/namespaces')).status).toBe(200);
  });

  it("passes a cluster's own errors on as its Status", async () => {
    const br = bff.browser();
    await tokenSignIn(br, fleet.clusters.fine!.token('alice'), 'fine');
    fleet.clusters.fine!.setFaults({ errorRate: 1, errorPaths: ['/api/v1/namespaces'] });
    try {
      const r = await br.get('/k8s/fine/api/v1/namespaces');
      expect(r.status).toBe(500);
      expect(r.json<KubeStatus>()).toMatchObject({ kind: 'Status', code: 500 });
    } finally {
      fleet.clusters.fine!.setFaults({});
    }
  });
});
