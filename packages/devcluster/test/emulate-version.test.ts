// The devcluster started as an older API server (--emulate-version / emulateVersion), against the
// real kubectl: /version, SelfSubjectReview by version (KEP-3325: v1alpha1 in 1.26 behind a gate
// that is off by default, v1beta1 in 1.27, v1 from 1.28), and before 1.24 the token controller's
// legacy ServiceAccount token Secrets (tokens_controller.go, auto-generation on).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, raw, startTestCluster, type TestCluster } from './helpers.js';
import { kubectl, requireKubectl } from './kubectl.js';

describe('--emulate-version 1.26', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    requireKubectl();
    tc = await startTestCluster({ seed: 'demo', emulateVersion: '1.26' });
  });
  afterAll(async () => tc?.stop());

  it('reports 1.26 and serves no SelfSubjectReview, so kubectl auth whoami cannot work', async () => {
    const v = await raw(tc.cluster, 'GET', '/version', { token: tc.cluster.token('bob') });
    expect(v.json).toMatchObject({ major: '1', minor: '26', gitVersion: 'v1.26.15-devcluster' });
    const ssr = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token: tc.cluster.token('bob'),
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(ssr.status).toBe(404);
    expect(at(ssr.json, 'message')).toBe('the server could not find the requested resource');
    const group = await raw(tc.cluster, 'GET', '/apis/authentication.k8s.io/v1', {
      token: tc.cluster.token('bob'),
    });
    const names = (at(group.json, 'resources') as { name: string }[]).map((r) => r.name);
    expect(names).toContain('tokenreviews');
    expect(names).not.toContain('selfsubjectreviews');
    const whoami = await kubectl(tc, 'bob', ['auth', 'whoami']);
    expect(whoami.code).not.toBe(0);
    expect(whoami.stderr).toContain(
      'error: the selfsubjectreviews API is not enabled in the cluster',
    );
    // TokenReview (as an identity allowed to create it) still tells who a token is.
    const tr = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      token: tc.cluster.token('gatehouse-bff'),
      body: { spec: { token: tc.cluster.token('bob') } },
    });
    expect(at(tr.json, 'status', 'user', 'username')).toBe('bob');
  });

  it('creates no legacy token Secret for a new ServiceAccount', async () => {
    const made = await kubectl(tc, 'admin', [
      'create',
      'serviceaccount',
      'robot',
      '-n',
      'payments',
    ]);
    expect(made.code).toBe(0);
    const secrets = await kubectl(tc, 'admin', ['get', 'secrets', '-n', 'payments', '-o', 'name']);
    expect(secrets.stdout).not.toContain('robot-token-');
  });
});

describe('--emulate-version 1.27', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    tc = await startTestCluster({ seed: 'demo', emulateVersion: '1.27' });
  });
  afterAll(async () => tc?.stop());

  it('serves SelfSubjectReview at v1beta1 only, which kubectl auth whoami finds', async () => {
    const v1 = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token: tc.cluster.token('bob'),
      body: {},
    });
    expect(v1.status).toBe(404);
    const beta = await raw(
      tc.cluster,
      'POST',
      '/apis/authentication.k8s.io/v1beta1/selfsubjectreviews',
      { token: tc.cluster.token('bob'), body: {} },
    );
    expect(beta.status).toBe(201);
    expect(beta.json).toMatchObject({
      apiVersion: 'authentication.k8s.io/v1beta1',
      kind: 'SelfSubjectReview',
      status: { userInfo: { username: 'bob' } },
    });
    const whoami = await kubectl(tc, 'bob', [
      'auth',
      'whoami',
      '-o',
      'jsonpath={.status.userInfo.username}',
    ]);
    expect(whoami.stdout).toBe('bob');
  });
});

describe('--emulate-version 1.23', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    requireKubectl();
    tc = await startTestCluster({ seed: 'demo', emulateVersion: '1.23' });
  });
  afterAll(async () => tc?.stop());

  const tokenSecretOf = async (ns: string, sa: string) => {
    const r = await kubectl(tc, 'admin', [
      'get',
      'serviceaccount',
      sa,
      '-n',
      ns,
      '-o',
      'jsonpath={.secrets[0].name}',
    ]);
    return r.stdout;
  };

  it('gives every ServiceAccount a non-expiring token Secret that authenticates as it', async () => {
    expect(await tokenSecretOf('payments', 'default')).toMatch(/^default-token-[a-z0-9]{5}$/);
    const made = await kubectl(tc, 'admin', [
      'create',
      'serviceaccount',
      'robot',
      '-n',
      'payments',
    ]);
    expect(made.code).toBe(0);
    const name = await tokenSecretOf('payments', 'robot');
    expect(name).toMatch(/^robot-token-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const secret = await raw(tc.cluster, 'GET', `/api/v1/namespaces/payments/secrets/${name}`, {
      token: tc.cluster.token('admin'),
    });
    expect(secret.json).toMatchObject({
      type: 'kubernetes.io/service-account-token',
      metadata: { annotations: { 'kubernetes.io/service-account.name': 'robot' } },
    });
    const token = Buffer.from(String(at(secret.json, 'data', 'token')), 'base64').toString();
    const claims = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims.iss).toBe('kubernetes/serviceaccount');
    expect(claims.exp).toBeUndefined();
    const can = await raw(
      tc.cluster,
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        token,
        body: {
          spec: { resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'payments' } },
        },
      },
    );
    expect(can.status).toBe(201);
    const v = await raw(tc.cluster, 'GET', '/version', { token });
    expect(at(v.json, 'gitVersion')).toBe('v1.23.17-devcluster');

    // Deleting the Secret gets the ServiceAccount a new one (ensureReferencedToken); the old token dies.
    const del = await kubectl(tc, 'admin', ['delete', 'secret', name, '-n', 'payments']);
    expect(del.code).toBe(0);
    const next = await tokenSecretOf('payments', 'robot');
    expect(next).toMatch(/^robot-token-/);
    expect(next).not.toBe(name);
    expect((await raw(tc.cluster, 'GET', '/version', { token })).status).toBe(401);

    // Deleting the ServiceAccount deletes its token Secrets.
    await kubectl(tc, 'admin', ['delete', 'serviceaccount', 'robot', '-n', 'payments']);
    const left = await kubectl(tc, 'admin', ['get', 'secrets', '-n', 'payments', '-o', 'name']);
    expect(left.stdout).not.toContain('robot-token-');
  });
});
