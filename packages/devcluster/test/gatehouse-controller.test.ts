// The identity the BFF impersonates for kubeconfig issuance and invitation expiry: what it may and may not do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, raw, startTestCluster, type TestCluster } from './helpers.js';

const controller = 'system:serviceaccount:gatehouse-system:gatehouse-controller';

describe('seeded gatehouse-controller identity', () => {
  let tc: TestCluster;
  let asController: (method: string, path: string, body?: unknown) => ReturnType<typeof raw>;

  beforeAll(async () => {
    tc = await startTestCluster();
    const bffToken = tc.cluster.token('gatehouse-bff');
    // Node's client frames no body on DELETE unless told its length.
    asController = (method, path, body) =>
      raw(tc.cluster, method, path, {
        token: bffToken,
        body,
        headers: {
          'Impersonate-User': controller,
          ...(body === undefined
            ? {}
            : { 'Content-Length': String(Buffer.byteLength(JSON.stringify(body))) }),
        },
      });
  });
  afterAll(async () => tc?.stop());

  it('issues a token bound to a Secret it creates in gatehouse-system, and the Secret revokes it', async () => {
    const sa = await asController('POST', '/api/v1/namespaces/gatehouse-system/serviceaccounts', {
      metadata: { name: 'kc-person' },
    });
    expect(sa.status, sa.text).toBe(201);
    const secret = await asController('POST', '/api/v1/namespaces/gatehouse-system/secrets', {
      metadata: { name: 'kc-person-1' },
      type: 'Opaque',
    });
    expect(secret.status, secret.text).toBe(201);
    const tr = await asController(
      'POST',
      '/api/v1/namespaces/gatehouse-system/serviceaccounts/kc-person/token',
      {
        spec: {
          expirationSeconds: 3600,
          boundObjectRef: {
            kind: 'Secret',
            apiVersion: 'v1',
            name: 'kc-person-1',
            uid: at(secret.json, 'metadata', 'uid'),
          },
        },
      },
    );
    expect(tr.status, tr.text).toBe(201);
    const token = String(at(tr.json, 'status', 'token'));
    const who = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(at(who.json, 'status', 'userInfo', 'username')).toBe(
      'system:serviceaccount:gatehouse-system:kc-person',
    );
    expect(
      (await asController('DELETE', '/api/v1/namespaces/gatehouse-system/secrets/kc-person-1'))
        .status,
    ).toBe(200);
    const after = await raw(
      tc.cluster,
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { token, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
    );
    expect(after.status).toBe(401);
  });

  it('cannot touch Secrets or ServiceAccounts in project namespaces, nor grant access', async () => {
    expect((await asController('GET', '/api/v1/namespaces/payments/secrets')).status).toBe(403);
    expect(
      (
        await asController(
          'POST',
          '/api/v1/namespaces/payments/serviceaccounts/ci-deployer/token',
          { spec: {} },
        )
      ).status,
    ).toBe(403);
    const grant = await asController(
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings',
      {
        metadata: { name: 'sneaky' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
      },
    );
    expect(grant.status).toBe(403);
  });

  it('deletes a RoleBinding only at the resourceVersion it saw', async () => {
    const rb = await asController(
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/data/rolebindings/gatehouse:data:viewer',
    );
    expect(rb.status, rb.text).toBe(200);
    const stale = await asController(
      'DELETE',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/data/rolebindings/gatehouse:data:viewer',
      {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        preconditions: {
          resourceVersion: `${String(at(rb.json, 'metadata', 'resourceVersion'))}0`,
        },
      },
    );
    expect(stale.status, stale.text).toBe(409);
    const ok = await asController(
      'DELETE',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/data/rolebindings/gatehouse:data:viewer',
      {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        preconditions: { resourceVersion: at(rb.json, 'metadata', 'resourceVersion') },
      },
    );
    expect(ok.status, ok.text).toBe(200);
  });
});
