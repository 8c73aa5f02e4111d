import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClustersResponse, KubeStatus } from '../src/contract.js';
import { session, startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { startFleet, tempDir, type Fleet } from './support/clusters.js';

describe('a slow or failing cluster', () => {
  const dir = tempDir('bff-faults-');
  let fleet: Fleet;
  let bff: TestBff;

  let balancer: Server;

  beforeAll(async () => {
    // A load balancer in front of a cluster that has lost its backend answers in HTML.
    const pki = join(dir.path, 'lb-pki');
    const ca = await startFleet(pki, ['ca']);
    const certDir = join(pki, 'ca', 'pki');
    balancer = createServer(
      {
        cert: readFileSync(join(certDir, 'server.crt')),
        key: readFileSync(join(certDir, 'server.key')),
      },
      (_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      },
    );
    await new Promise<void>((r) => balancer.listen(0, '127.0.0.1', () => r()));
    const lbUrl = `https://127.0.0.1:${(balancer.address() as AddressInfo).port}`;
    const caPem = ca.clusters.ca!.caPem;
    await ca.stop();
    fleet = await startFleet(dir.path, ['slow', 'fine'], {
      contexts: [{ name: 'lb', server: lbUrl, ca: caPem }],
    });
    bff = await startTestBff({
      kubeconfig: fleet.kubeconfig,
      dataDir: `${dir.path}/bff-data`,
      upstreamTimeoutMs: 2_000,
    });
  });
  afterAll(async () => {
    balancer?.close();
    await bff?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('answers 504 naming the cluster instead of hanging, and the other cluster keeps working', async () => {
    const br = bff.browser();
    await tokenSignIn(br, fleet.clusters.slow!.token('alice'), 'slow');
    fleet.clusters.slow!.setFaults({ latencyMs: 20_000 });
    try {
      const r = await br.get('/k8s/slow/api/v1/namespaces');
      expect(r.status).toBe(504);
      expect(r.json<KubeStatus>()).toMatchObject({ kind: 'Status', code: 504, reason: 'Timeout' });
      expect(r.json<KubeStatus>().message).toBe('cluster "slow" did not answer within 2000 ms');
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

  it('turns a non-Kubernetes error page into a Status naming the cluster', async () => {
    const br = bff.browser();
    await tokenSignIn(br, fleet.clusters.fine!.token('alice'), 'fine');
    const r = await br.get('/k8s/lb/api/v1/namespaces');
    expect(r.status).toBe(502);
    expect(r.json<KubeStatus>()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      code: 502,
      reason: 'InternalError',
      message: 'cluster "lb" answered 502: 502 Bad Gateway',
    });
  });
});
