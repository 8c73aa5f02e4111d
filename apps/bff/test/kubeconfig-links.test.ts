// What a kubeconfig link answers people who are not members: "not a collaborator" to those who
// may know the project exists, "not found" to everyone else.
import { describe, expect, it } from 'vitest';
import type { KubeconfigsResponse } from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { direct } from './support/clusters.js';
import { kubectlWith } from './support/kubectl.js';

const rbac = '/apis/rbac.authorization.k8s.io/v1';
const errorOf = (r: { json<T>(): T }) => r.json<{ error: { message: string } }>().error.message;
const info = (b: Browser, project: string) =>
  b.get(`/api/clusters/dev/kubeconfig/info?project=${project}`);
const download = (b: Browser, project: string) =>
  b.get(`/api/clusters/dev/kubeconfig?project=${project}`);

describe('kubeconfig links opened by non-members', () => {
  const suite = embeddedBffForSuite('bff-kubeconfig-links-');

  it('tells who may read a project namespace they are not a collaborator, and no one else that it exists', async () => {
    const dc = suite.bff.bff.context.clusters.embedded!;
    const carol = suite.bff.browser();
    await demoSignIn(carol, 'carol');
    // carol may read nothing: payments is "not found", as a project that does not exist is.
    for (const r of [await info(carol, 'payments'), await download(carol, 'payments')]) {
      expect(r.status).toBe(404);
      expect(errorOf(r)).toMatch(/project "payments" not found/);
    }
    expect(errorOf(await info(carol, 'nosuch'))).toMatch(/project "nosuch" not found/);

    // She is given `get` on the namespace payments-staging alone (a RoleBinding there): kubectl
    // shows her its project label, so the link may say she is not a collaborator.
    const role = await direct(dc, 'admin', 'POST', `${rbac}/clusterroles`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'namespace-reader' },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }],
    });
    expect(role.status).toBe(201);
    const bound = await direct(
      dc,
      'admin',
      'POST',
      `${rbac}/namespaces/payments-staging/rolebindings`,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'carol-reads-namespace', namespace: 'payments-staging' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'namespace-reader',
        },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
      },
    );
    expect(bound.status).toBe(201);
    for (const r of [await info(carol, 'payments'), await download(carol, 'payments')]) {
      expect(r.status).toBe(403);
      expect(errorOf(r)).toMatch(
        /you are not a collaborator of payments on cluster "Dev cluster \(embedded\)"; ask one of its admins to invite you/,
      );
    }
    // Other projects stay unknown to her.
    expect((await info(carol, 'deliveries')).status).toBe(404);
    expect((await info(carol, 'nosuch')).status).toBe(404);
    // No file was issued for the refusals.
    const secrets = await direct<{ items: unknown[] }>(
      dc,
      'admin',
      'GET',
      '/api/v1/namespaces/gatehouse-system/secrets?labelSelector=gatehouse.dev%2Fkubeconfig%3Dtrue',
    );
    expect(secrets.body.items).toEqual([]);
  });

  it('tells a cluster admin, who sees every namespace, that they are not a collaborator', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const r = await info(alice, 'payments');
    expect(r.status).toBe(403);
    expect(errorOf(r)).toMatch(/you are not a collaborator of payments/);
    expect((await info(alice, 'nosuch')).status).toBe(404);
  });
});

describe('kubeconfig lifetimes up to the server’s maximum', () => {
  const suite = embeddedBffForSuite('bff-kubeconfig-lifetime-', {
    kubeconfigFiles: { tokenSeconds: 3600, maxTokenSeconds: 2 * 86_400 },
  });

  it('issues a file for the maximum, and refuses one beyond it with a 400 that names the limit', async () => {
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    const about = (await info(bob, 'payments')).json<{
      tokenSeconds: number;
      maxTokenSeconds: number;
    }>();
    expect(about).toMatchObject({ tokenSeconds: 3600, maxTokenSeconds: 172_800 });
    const before = Date.now();
    const ok = await bob.get(
      '/api/clusters/dev/kubeconfig?project=payments&expirationSeconds=172800',
    );
    expect(ok.status, ok.text).toBe(200);
    const [file] = (await bob.get('/api/kubeconfigs')).json<KubeconfigsResponse>().kubeconfigs;
    const lives = Date.parse(file!.expiresAt) - before;
    expect(lives).toBeGreaterThan(172_700_000);
    expect(lives).toBeLessThanOrEqual(172_800_000 + 60_000);
    const kubectl = kubectlWith(suite.dataDir, 'bob', ok.text);
    expect((await kubectl('auth', 'can-i', 'get', 'pods')).stdout.trim()).toBe('yes');

    const beyond = await bob.get(
      '/api/clusters/dev/kubeconfig?project=payments&expirationSeconds=172801',
    );
    expect(beyond.status).toBe(400);
    expect(errorOf(beyond)).toBe(
      'expirationSeconds 172801 is beyond the most this console issues: a kubeconfig lives at most 172800 seconds (2 days); ask for 172800 or less',
    );
    // The refusal issued nothing.
    expect(
      (await bob.get('/api/kubeconfigs')).json<KubeconfigsResponse>().kubeconfigs,
    ).toHaveLength(1);
  });
});
