// The subject directory over real HTTP against a real devcluster: every subject of a binding the
// person may list plus people seen at sign-in, searchable; a namespace admin sees only subjects of
// bindings in their namespaces and nobody else's sign-in.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntry, SubjectDirectoryResponse } from '../src/analysis/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';

const api = '/api/clusters/dev/access/subjects';
const id = (e: DirectoryEntry) =>
  e.kind === 'ServiceAccount' ? `${e.kind}:${e.namespace}/${e.name}` : `${e.kind}:${e.name}`;

describe('subject directory', () => {
  const suite = embeddedBffForSuite('bff-directory-', { logLevel: 'warn' });
  let alice: Browser;
  let bob: Browser;

  beforeAll(async () => {
    alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    // Seen at sign-in only: neither is named in any binding of the seed.
    await demoSignIn(suite.bff.browser(), 'joe');
    await demoSignIn(suite.bff.browser(), 'carol');
  });

  const get = async (b: Browser, query = ''): Promise<SubjectDirectoryResponse> => {
    const r = await b.get(`${api}${query}`);
    expect(r.status, r.text).toBe(200);
    return r.json<SubjectDirectoryResponse>();
  };

  it('a cluster admin sees every bound subject and the people seen only at sign-in', async () => {
    const r = await get(alice, '?limit=5000');
    expect(r.partial).toBe(false);
    expect(r.signIns).toBe('all');
    expect(r.total).toBe(r.entries.length);
    const ids = r.entries.map(id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'User:alice',
        'User:bob',
        'User:joe',
        'User:carol',
        'Group:devel',
        'Group:data-team',
        'Group:sre',
        'Group:system:masters',
        'ServiceAccount:payments/ci-deployer',
        'ServiceAccount:data/etl-runner',
      ]),
    );
    const carol = r.entries.find((e) => id(e) === 'User:carol');
    expect(carol).toMatchObject({ sources: ['sign-in'], bindings: [], bindingCount: 0 });
    expect(carol?.lastSignIn).toMatchObject({ authMode: 'demo', cluster: 'dev' });

    const bobEntry = r.entries.find((e) => id(e) === 'User:bob');
    expect(bobEntry?.sources).toEqual(['binding', 'sign-in']);
    expect(bobEntry?.bindings).toEqual([
      {
        kind: 'RoleBinding',
        name: 'gatehouse:payments:admin',
        namespace: 'payments',
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      },
      {
        kind: 'RoleBinding',
        name: 'gatehouse:payments:admin',
        namespace: 'payments-staging',
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      },
    ]);
    expect(bobEntry?.lastSignIn?.groups).toEqual(expect.arrayContaining(['devel', 'qa']));

    // A group lists the people whose last sign-in carried it.
    const devel = r.entries.find((e) => id(e) === 'Group:devel');
    expect(devel?.members).toEqual({ users: ['alice', 'bob', 'joe'], total: 3 });
    expect(devel?.bindings.map((b) => `${b.namespace}/${b.name}`)).toContain(
      'deliveries/gatehouse:deliveries:developer',
    );
    // Seen only in a sign-in's groups, bound nowhere.
    expect(r.entries.find((e) => id(e) === 'Group:qa')?.sources).toEqual(['sign-in']);
  });

  it('searches by part of the name, prefix matches first, and filters by kind', async () => {
    const sa = await get(alice, '?query=DEPLOY');
    // deployment-controller starts with it, ci-deployer only contains it.
    expect(sa.entries.map(id)).toEqual([
      'ServiceAccount:kube-system/deployment-controller',
      'ServiceAccount:payments/ci-deployer',
    ]);
    expect(sa.total).toBe(2);
    // namespace/name of a ServiceAccount matches too.
    const byNs = await get(alice, '?query=data/etl');
    expect(byNs.entries.map(id)).toEqual(['ServiceAccount:data/etl-runner']);

    const groups = await get(alice, '?kind=Group&query=de');
    expect(groups.entries.every((e) => e.kind === 'Group')).toBe(true);
    expect(groups.entries[0]?.name).toBe('devel');

    const users = await get(alice, '?kind=User');
    expect(users.entries.map((e) => e.name)).toEqual(
      expect.arrayContaining(['alice', 'bob', 'carol', 'joe']),
    );
    expect(users.entries.every((e) => e.kind === 'User')).toBe(true);

    const limited = await get(alice, '?limit=2');
    expect(limited.entries).toHaveLength(2);
    expect(limited.total).toBeGreaterThan(2);
  });

  it('bob (admin of payments) sees only subjects of bindings in his namespaces and only his own sign-in', async () => {
    const r = await get(bob, '?limit=5000');
    expect(r.partial).toBe(true);
    expect(r.signIns).toBe('own');
    const ids = r.entries.map(id);
    expect(ids).toContain('User:bob');
    expect(ids).toContain('ServiceAccount:payments/ci-deployer');
    // Bound only outside payments, or seen only at others' sign-ins: not his to see.
    for (const hidden of [
      'User:alice',
      'User:joe',
      'User:carol',
      'Group:sre',
      'Group:data-team',
      'Group:system:masters',
      'ServiceAccount:data/etl-runner',
      'ServiceAccount:gatehouse-system/gatehouse-controller',
    ])
      expect(ids).not.toContain(hidden);
    for (const e of r.entries)
      for (const b of e.bindings) expect(['payments', 'payments-staging']).toContain(b.namespace);
    // His own last sign-in, and his own groups without anyone else in them.
    const self = r.entries.find((e) => id(e) === 'User:bob');
    expect(self?.lastSignIn?.authMode).toBe('demo');
    const devel = r.entries.find((e) => id(e) === 'Group:devel');
    expect(devel?.sources).toEqual(['sign-in']);
    expect(devel?.members).toBeUndefined();
    expect(devel?.bindings).toEqual([]);
    expect((await get(bob, '?query=joe')).total).toBe(0);
  });

  it('someone who may list no bindings sees only themself', async () => {
    const carol = suite.bff.browser();
    await demoSignIn(carol, 'carol');
    const r = await get(carol);
    expect(r.entries.filter((e) => e.kind !== 'Group').map(id)).toEqual(['User:carol']);
    expect(r.entries.every((e) => e.bindingCount === 0 && !e.members)).toBe(true);
  });

  it('rejects unknown filters and needs a session', async () => {
    expect((await alice.get(`${api}?kind=Role`)).status).toBe(400);
    expect((await alice.get(`${api}?limit=0`)).status).toBe(400);
    expect((await alice.get(`${api}?other=1`)).status).toBe(400);
    expect((await suite.bff.browser().get(api)).status).toBe(401);
  });
});
