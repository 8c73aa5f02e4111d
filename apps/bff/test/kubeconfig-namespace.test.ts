// A kubeconfig for one namespace outside any project: alice (cluster-admin, in no project) gets a
// file for a namespace she reaches, never beyond the level asked for, nor beyond what she holds.
import { describe, expect, it } from 'vitest';
import type { KubeconfigsResponse, RevokeResponse } from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { direct } from './support/clusters.js';
import { kubectlWith } from './support/kubectl.js';

const errorOf = (r: { json<T>(): T }) => r.json<{ error: { message: string } }>().error.message;
const forNamespace = (b: Browser, namespace: string, level?: string) =>
  b.get(
    `/api/clusters/dev/kubeconfig?${new URLSearchParams({ namespace, ...(level ? { level } : {}) }).toString()}`,
  );

describe('kubeconfigs for a namespace', () => {
  const suite = embeddedBffForSuite('bff-kubeconfig-namespace-');

  it('gives a cluster-admin in no project a file for a namespace, with the level asked for only there', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    // The page's info: the levels she holds there, the lifetimes, the file's context.
    const about = await alice.get('/api/clusters/dev/kubeconfig/info?namespace=data');
    expect(about.status, about.text).toBe(200);
    expect(about.json()).toMatchObject({
      project: '',
      namespaces: ['data'],
      mode: 'token',
      contextName: 'dev-ns-data',
      myLevels: ['viewer', 'developer', 'admin'],
    });
    const r = await forNamespace(alice, 'data', 'developer');
    expect(r.status, r.text).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment; filename="dev-ns-data.kubeconfig"');
    const kubectl = kubectlWith(suite.dataDir, 'alice', r.text);
    const can = async (...args: string[]) =>
      (await kubectl('auth', 'can-i', ...args)).stdout.trim();
    // The identity the file carries is her own ServiceAccount, bound to edit in data alone.
    expect(
      (await kubectl('config', 'view', '--minify', '-o', 'jsonpath={..namespace}')).stdout,
    ).toBe('data');
    expect(await can('create', 'deployments')).toBe('yes');
    expect(await can('create', 'rolebindings')).toBe('no');
    expect(await can('get', 'pods', '-n', 'payments')).toBe('no');
    expect(await can('create', 'clusterrolebindings')).toBe('no');
    expect(await can('get', 'secrets', '-n', 'gatehouse-system')).toBe('no');
    const mine = (await alice.get('/api/kubeconfigs')).json<KubeconfigsResponse>().kubeconfigs;
    expect(mine).toEqual([
      expect.objectContaining({ project: '', namespace: 'data', status: 'active' }),
    ]);
    // A second file reuses the binding made for the first: one identity per namespace and level.
    expect((await forNamespace(alice, 'data', 'developer')).status).toBe(200);
    const dc = suite.bff.bff.context.clusters.embedded!;
    const bindings = async () =>
      (
        await direct<{ items: Array<{ metadata: { name: string }; roleRef: { name: string } }> }>(
          dc,
          'admin',
          'GET',
          '/apis/rbac.authorization.k8s.io/v1/namespaces/data/rolebindings',
        )
      ).body.items
        .filter((b) => b.metadata.name.startsWith('gatehouse:kubeconfig:'))
        .map((b) => `${b.metadata.name.replace(/[0-9a-f]{10}$/, 'HASH')} -> ${b.roleRef.name}`);
    expect(await bindings()).toEqual(['gatehouse:kubeconfig:developer:HASH -> edit']);
    // The binding was made as alice (the API server judged it), and audited so.
    const audit = suite.bff.auditOut.json().map((l) => l.audit as Record<string, unknown>);
    expect(audit).toContainEqual(
      expect.objectContaining({
        user: 'alice',
        verb: 'create',
        resource: 'rolebindings',
        namespace: 'data',
        name: expect.stringMatching(/^gatehouse:kubeconfig:developer:/),
      }),
    );

    // Revoke all takes the files, the identity and its binding.
    const out = (await alice.post('/api/kubeconfigs/revoke-all')).json<RevokeResponse>();
    expect(out.revoked).toHaveLength(2);
    expect(out.identities).toHaveLength(1);
    expect(await bindings()).toEqual([]);
    expect((await kubectl('get', 'pods')).code).not.toBe(0);
  });

  it('refuses a level the person does not hold there, the cluster’s own namespaces, and too long a life', async () => {
    // joe edits deliveries through group devel: not admin, and he may not bind edit either.
    const joe = suite.bff.browser();
    await demoSignIn(joe, 'joe');
    const admin = await forNamespace(joe, 'deliveries', 'admin');
    expect(admin.status).toBe(403);
    expect(errorOf(admin)).toMatch(/you do not hold admin \(ClusterRole admin\) in deliveries/);
    const developer = await forNamespace(joe, 'deliveries', 'developer');
    expect(developer.status).toBe(403);
    expect(errorOf(developer)).toMatch(/you may not bind edit in deliveries/);
    expect(
      (await joe.get('/api/clusters/dev/kubeconfig/info?namespace=deliveries')).json(),
    ).toMatchObject({ myLevels: ['viewer', 'developer'] });
    const carol = suite.bff.browser();
    await demoSignIn(carol, 'carol');
    expect((await forNamespace(carol, 'data')).status).toBe(403);
    const none = await carol.get('/api/clusters/dev/kubeconfig/info?namespace=data');
    expect(none.status).toBe(403);
    expect(errorOf(none)).toMatch(/you hold none of the access levels in data/);
    expect(
      (await carol.get('/api/clusters/dev/kubeconfig/info?namespace=data&project=data')).status,
    ).toBe(400);

    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const system = await forNamespace(alice, 'gatehouse-system', 'admin');
    expect(system.status).toBe(400);
    expect(errorOf(system)).toMatch(/no kubeconfig for gatehouse-system/);
    expect((await forNamespace(alice, 'nosuch')).status).toBe(404);
    expect((await forNamespace(alice, 'data', 'root')).status).toBe(400);
    const long = await alice.get(
      '/api/clusters/dev/kubeconfig?namespace=data&expirationSeconds=99999999',
    );
    expect(long.status).toBe(400);
    expect(errorOf(long)).toMatch(/lives at most 604800 seconds/);
    expect((await alice.get('/api/clusters/dev/kubeconfig')).status).toBe(400);
    // None of the refusals issued anything.
    for (const b of [joe, carol, alice])
      expect((await b.get('/api/kubeconfigs')).json<KubeconfigsResponse>().kubeconfigs).toEqual([]);
  });
});
