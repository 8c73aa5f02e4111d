import { describe, expect, it } from 'vitest';
import type { SessionResponse } from '../src/contract.js';
import { demoSignIn, session, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';
import {
  ownNamespaces,
  rulesIn,
  searchNamespaces,
  visibleNamespaces,
} from './support/capabilities.js';

const bindings = (ns: string) =>
  `/k8s/dev/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`;
const waitMs = 30_000;

function namespacesOf(s: SessionResponse): string[] {
  return ownNamespaces(s.clusters[0]!.capabilities);
}

/** Re-reads the session until `done` holds; the cache follows a watch, so no fixed delay is assumed. */
async function sessionUntil(b: Browser, done: (ns: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const ns = namespacesOf(await session(b));
    if (done(ns) || Date.now() > deadline) return ns;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function viewBinding(name: string, namespace: string, user: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  };
}

describe('session namespaces follow RoleBindings through the shared list+watch cache', () => {
  const suite = embeddedBffForSuite('bff-session-ns-');

  it('a RoleBinding created for carol adds its namespace to her session, and deleting it removes it', async () => {
    const carol = suite.bff.browser();
    const before = await demoSignIn(carol, 'carol');
    expect(namespacesOf(before)).toEqual([]);
    expect(before.clusters[0]!.capabilities.namespaceCount).toBe(0);
    expect(await searchNamespaces(carol, 'dev', 'data')).toEqual({ namespaces: [], total: 0 });

    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const created = await alice.post(
      bindings('data-lake'),
      viewBinding('carol-view', 'data-lake', 'carol'),
    );
    expect(created.status, created.text).toBe(201);

    expect(await sessionUntil(carol, (ns) => ns.includes('data-lake'))).toEqual(['data-lake']);
    const s = await session(carol);
    // She may not list namespaces: the ones she sees are those where a RoleBinding names her.
    expect(s.clusters[0]!.capabilities.namespaceCount).toBe(1);
    expect(await searchNamespaces(carol, 'dev', 'DATA')).toEqual({
      namespaces: [{ name: 'data-lake', project: 'data', own: true }],
      total: 1,
    });
    // Her rules there are asked of the cluster as carol: view lists pods, never writes them.
    expect(rulesIn(s.clusters[0]!.capabilities, 'data-lake').resourceRules).toContainEqual(
      expect.objectContaining({
        verbs: expect.arrayContaining(['list']),
        resources: expect.arrayContaining(['pods']),
      }),
    );

    const gone = await alice.send('DELETE', `${bindings('data-lake')}/carol-view`);
    expect(gone.status, gone.text).toBe(200);
    expect(await sessionUntil(carol, (ns) => ns.length === 0)).toEqual([]);
    expect((await searchNamespaces(carol, 'dev')).total).toBe(0);
  });

  it('shows nobody namespaces of other people: bob sees and finds only his own', async () => {
    const b = suite.bff.browser();
    const bob = await demoSignIn(b, 'bob');
    expect(namespacesOf(bob)).toEqual(['deliveries', 'payments', 'payments-staging']);
    expect(bob.clusters[0]!.capabilities.namespaceCount).toBe(3);
    expect(await visibleNamespaces(b, 'dev')).toEqual([
      'deliveries',
      'payments',
      'payments-staging',
    ]);
    const found = await searchNamespaces(b, 'dev', 'pay');
    expect(found.namespaces.map((n) => [n.name, n.project, n.own])).toEqual([
      ['payments', 'payments', true],
      ['payments-staging', 'payments', true],
    ]);
    // data-lake exists (alice finds it) but bob may not see it.
    expect((await searchNamespaces(b, 'dev', 'data-lake')).total).toBe(0);
  });

  it('a cluster-wide reader gets entries only where bindings of their own add rules, and the rest by count and search', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const joe = suite.bff.browser();
    await demoSignIn(joe, 'joe');
    // joe edits in deliveries; a ClusterRoleBinding makes him a reader of every namespace.
    const crb = await alice.post('/k8s/dev/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'joe-reads-namespaces' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'joe-reads-namespaces',
      },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'joe' }],
    });
    expect(crb.status, crb.text).toBe(201);
    const role = await alice.post('/k8s/dev/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'joe-reads-namespaces' },
      rules: [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list'] }],
    });
    expect(role.status, role.text).toBe(201);
    try {
      const all = await visibleNamespaces(alice, 'dev');
      const deadline = Date.now() + waitMs;
      let s = await session(joe);
      while (s.clusters[0]!.capabilities.namespaceCount !== all.length && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        s = await session(joe);
      }
      const caps = s.clusters[0]!.capabilities;
      // Every namespace counted, but only deliveries (his own RoleBinding) sent as an entry.
      expect(caps.namespaceCount).toBe(all.length);
      expect(all.length).toBeGreaterThan(3);
      expect(ownNamespaces(caps)).toEqual(['deliveries']);
      expect(caps.cluster.resourceRules).toContainEqual(
        expect.objectContaining({ resources: expect.arrayContaining(['namespaces']) }),
      );
      // Found by search as joe: everything alice sees, his own first, bounded by limit.
      expect(await visibleNamespaces(joe, 'dev')).toEqual(all);
      const two = await searchNamespaces(joe, 'dev', '', 2);
      expect(two.total).toBe(all.length);
      expect(two.namespaces).toHaveLength(2);
      expect(two.namespaces[0]).toMatchObject({ name: 'deliveries', own: true });
      expect(two.namespaces[1]!.own).toBe(false);
      // Names starting with the query come before names that only contain it.
      const e = await searchNamespaces(joe, 'dev', 'e');
      const others = e.namespaces.filter((n) => !n.own).map((n) => n.name);
      const starting = others.filter((n) => n.startsWith('e'));
      expect(others.slice(0, starting.length)).toEqual(starting);
      expect(e.namespaces.every((n) => n.name.includes('e'))).toBe(true);
      expect(e.total).toBe(all.filter((n) => n.includes('e')).length);
    } finally {
      for (const path of ['clusterrolebindings', 'clusterroles'])
        await alice.send(
          'DELETE',
          `/k8s/dev/apis/rbac.authorization.k8s.io/v1/${path}/joe-reads-namespaces`,
        );
    }
  });

  it('refuses a bad search with 400 and an unknown cluster with 404', async () => {
    const b = suite.bff.browser();
    await demoSignIn(b, 'alice');
    for (const q of ['limit=0', 'limit=201', 'limit=ten', 'q=' + 'x'.repeat(64), 'other=1']) {
      const r = await b.get(`/api/clusters/dev/namespaces?${q}`);
      expect(r.status, `${q}: ${r.text}`).toBe(400);
    }
    expect((await b.get('/api/clusters/nowhere/namespaces')).status).toBe(404);
    const anonymous = suite.bff.browser();
    expect((await anonymous.get('/api/clusters/dev/namespaces')).status).toBe(401);
  });
});
