import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeStatus } from '../src/contract.js';
import { startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { direct, startFleet, tempDir, type Fleet } from './support/clusters.js';

// kube-apiserver closes a keep-alive connection after 90 s idle (secure_serving.go); a load balancer
// may do it sooner. A request written on a connection the server is closing fails before any answer:
// the BFF sends a GET or an access review once more on a new connection, and nothing else.
describe('connections the server closes under the BFF', () => {
  const dir = tempDir('bff-connections-');
  let fleet: Fleet;
  let bff: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['c']);
    bff = await startTestBff({ kubeconfig: fleet.kubeconfig, dataDir: `${dir.path}/bff-data` });
  });
  afterAll(async () => {
    await bff?.close();
    await fleet?.stop();
    dir.remove();
  });

  const dc = () => fleet.clusters.c!;

  it('reads and access reviews succeed when every reused connection is dropped', async () => {
    const br = bff.browser();
    await tokenSignIn(br, dc().token('alice'), 'c');
    dc().setFaults({ dropReusedConnections: true });
    try {
      for (let i = 0; i < 6; i++) {
        const list = await br.get('/k8s/c/apis/rbac.authorization.k8s.io/v1/clusterroles?limit=1');
        expect(list.status, list.text).toBe(200);
        const review = await br.post(
          '/k8s/c/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
          {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: { resourceAttributes: { verb: 'list', resource: 'roles' } },
          },
        );
        expect(review.status, review.text).toBe(201);
        expect(review.json<{ status: { allowed: boolean } }>().status.allowed).toBe(true);
      }
    } finally {
      dc().setFaults({});
    }
  });

  it('a create on a dropped connection is reported, not sent twice', async () => {
    const br = bff.browser();
    await tokenSignIn(br, dc().token('alice'), 'c');
    // Leaves a kept-alive connection in the pool for the create to reuse.
    expect((await br.get('/k8s/c/api/v1/namespaces/payments')).status).toBe(200);
    dc().setFaults({ dropReusedConnections: true });
    let r;
    try {
      r = await br.post('/k8s/c/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'sent-once' },
        rules: [],
      });
    } finally {
      dc().setFaults({});
    }
    expect(r.status).toBe(502);
    expect(r.json<KubeStatus>()).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable' });
    const stored = await direct(
      dc(),
      'alice',
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles/sent-once',
    );
    expect(stored.status).toBe(404);
  });
});
