// Access analysis for a namespace admin, over real HTTP against a real devcluster: bob (admin of
// payments and payments-staging) gets check, who-can, matrix, subject view, risks and impact computed
// from the RBAC objects he may read, labelled partial, and nothing from objects he may not read.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  AccessCheckResponse,
  AccessMatrixResponse,
  ImpactResponse,
  RisksResponse,
  SubjectViewResponse,
  WhoCanResponse,
} from '../src/analysis/contract.js';
import { scopedModel } from '../src/analysis/scoped.js';
import type { Session } from '../src/session/sessions.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import { direct } from './support/clusters.js';
import type { Browser } from './support/browser.js';

const api = '/api/clusters/dev/access';
const RBAC = 'rbac.authorization.k8s.io';

/** Names of objects bob may not read, and what is in them: none may appear in any of his answers. */
const hidden = [
  'alice-cluster-admin',
  'sre-monitoring',
  'gatehouse:monitoring',
  'scope-hidden',
  'scope-crb-only',
  'scopeleak',
  'scope-bob-get',
  'etl-',
  'gatehouse:deliveries',
  'gatehouse:data',
  'data-team',
];

function expectNoLeak(text: string, allowed: readonly string[] = []): void {
  for (const h of hidden) if (!allowed.includes(h)) expect(text).not.toContain(h);
}

describe('scoped access analysis for a namespace admin', () => {
  const suite = embeddedBffForSuite('bff-access-scoped-', { logLevel: 'warn' });
  let alice: Browser;
  let bob: Browser;

  const create = async (path: string, body: Record<string, unknown>) => {
    const dc = suite.bff.bff.context.clusters.embedded!;
    const r = await direct(dc, 'admin', 'POST', path, { apiVersion: `${RBAC}/v1`, ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };
  const clusterRole = (name: string, rules: unknown[]) =>
    create(`/apis/${RBAC}/v1/clusterroles`, { kind: 'ClusterRole', metadata: { name }, rules });
  const user = (name: string) => ({ kind: 'User', apiGroup: RBAC, name });

  beforeAll(async () => {
    // A namespace bob does not administer, with its own Role and RoleBinding.
    const dc = suite.bff.bff.context.clusters.embedded!;
    const ns = await direct(dc, 'admin', 'POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'scope-hidden-ns' },
    });
    expect(ns.status).toBe(201);
    await create(`/apis/${RBAC}/v1/namespaces/scope-hidden-ns/roles`, {
      kind: 'Role',
      metadata: { name: 'scope-hidden-role' },
      rules: [{ apiGroups: [''], resources: ['pods', 'scopeleakpods'], verbs: ['get'] }],
    });
    await create(`/apis/${RBAC}/v1/namespaces/scope-hidden-ns/rolebindings`, {
      kind: 'RoleBinding',
      metadata: { name: 'scope-hidden-rb' },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'scope-hidden-role' },
      subjects: [user('scope-hidden-user')],
    });
    // A cluster-wide binding bob may not list, to a ClusterRole nothing he reads refers to.
    await clusterRole('scope-crb-only-role', [
      { apiGroups: [''], resources: ['secrets', 'scopeleaksecrets'], verbs: ['get'] },
    ]);
    await create(`/apis/${RBAC}/v1/clusterrolebindings`, {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'scope-hidden-crb' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'scope-crb-only-role' },
      subjects: [user('scope-hidden-crb-user')],
    });
    // In payments: a binding to a ClusterRole bob may not get, and one to a ClusterRole he may.
    await clusterRole('scope-ref-role', [
      { apiGroups: [''], resources: ['configmaps', 'scopeleakmaps'], verbs: ['delete'] },
    ]);
    await create(`/apis/${RBAC}/v1/namespaces/payments/rolebindings`, {
      kind: 'RoleBinding',
      metadata: { name: 'scope-payments-ref' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'scope-ref-role' },
      subjects: [user('scope-payments-reader')],
    });
    await clusterRole('scope-gettable-role', [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
    ]);
    await clusterRole('scope-bob-get-gettable', [
      {
        apiGroups: [RBAC],
        resources: ['clusterroles'],
        resourceNames: ['scope-gettable-role'],
        verbs: ['get'],
      },
    ]);
    await create(`/apis/${RBAC}/v1/clusterrolebindings`, {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'scope-bob-get-binding' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'scope-bob-get-gettable' },
      subjects: [user('bob')],
    });
    await create(`/apis/${RBAC}/v1/namespaces/payments/rolebindings`, {
      kind: 'RoleBinding',
      metadata: { name: 'scope-payments-gettable' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'scope-gettable-role' },
      subjects: [user('scope-gettable-user')],
    });
    alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    // The BFF's cache follows the watch: wait until it holds the last fixture.
    await vi.waitFor(
      async () => {
        const r = await get<WhoCanResponse>(
          alice,
          `${api}/who-can?verb=list&resource=configmaps&namespace=payments`,
        );
        expect(r.namespaced.map((m) => m.name)).toContain('scope-gettable-user');
      },
      { timeout: 20_000, interval: 100 },
    );
  });

  /** GET as `b`; bob's answers are checked for hidden names, less what he typed (echoed back). */
  const get = async <T>(b: Browser, path: string): Promise<T> => {
    const r = await b.get(path);
    expect(r.status, r.text).toBe(200);
    if (b === bob) {
      let text = r.text;
      for (const typed of new URL(path, 'http://x').searchParams.values())
        text = text.split(JSON.stringify(typed)).join('""');
      expectNoLeak(text);
    }
    return r.json<T>();
  };

  it('who-can in payments names subjects of readable bindings only, labelled partial', async () => {
    const r = await get<WhoCanResponse>(
      bob,
      `${api}/who-can?verb=list&resource=configmaps&namespace=payments`,
    );
    expect(r.clusterWide).toEqual([]);
    expect(r.namespaced.map((m) => `${m.kind}:${m.name}:${m.bindingName}:${m.roleName}`)).toEqual([
      'User:scope-gettable-user:scope-payments-gettable:scope-gettable-role',
    ]);
    expect(r.scope).toEqual({
      complete: false,
      namespaces: ['payments', 'payments-staging'],
      missing: [
        { apiGroup: RBAC, resource: 'clusterroles', namespace: '' },
        { apiGroup: RBAC, resource: 'clusterrolebindings', namespace: '' },
        { apiGroup: RBAC, resource: 'roles', namespace: '' },
        { apiGroup: RBAC, resource: 'rolebindings', namespace: '' },
      ],
      // Referenced by bindings bob reads, not his to get: what they grant is not guessed.
      unreadableRoles: ['admin', 'scope-ref-role'],
    });
    // Through admin, which bob may not get, nobody is claimed to read Secrets.
    const secrets = await get<WhoCanResponse>(
      bob,
      `${api}/who-can?verb=get&resource=secrets&namespace=payments`,
    );
    expect([...secrets.clusterWide, ...secrets.namespaced]).toEqual([]);
    expect(secrets.scope.complete).toBe(false);
    // Elsewhere bob reads nothing: an empty, partial answer, not another namespace's subjects.
    const elsewhere = await get<WhoCanResponse>(
      bob,
      `${api}/who-can?verb=get&resource=pods&namespace=scope-hidden-ns`,
    );
    expect([...elsewhere.clusterWide, ...elsewhere.namespaced]).toEqual([]);
    const cluster = await get<WhoCanResponse>(bob, `${api}/who-can?verb=get&path=%2Fmetrics`);
    expect(cluster.clusterWide).toEqual([]);
    expect(cluster.scope.complete).toBe(false);
  });

  it('check: an Allowed from readable objects stands, a Denied says it may be incomplete', async () => {
    const allowed = await get<AccessCheckResponse>(
      bob,
      `${api}/check?subjectKind=User&subjectName=scope-gettable-user&verb=get&resource=configmaps&namespace=payments`,
    );
    expect(allowed.policy.allowed).toBe(true);
    expect(allowed.policy.matches.map((m) => m.bindingName)).toEqual(['scope-payments-gettable']);
    expect(allowed.scope.complete).toBe(false);

    // bob's own access in payments comes through admin, which he may not get: Gatehouse says so,
    // and does not call the API server's Allowed a disagreement.
    const self = await get<AccessCheckResponse>(
      bob,
      `${api}/check?subjectKind=Self&verb=get&resource=pods&namespace=payments`,
    );
    expect(self.policy.allowed).toBe(false);
    expect(self.apiServer).toMatchObject({ answered: true, allowed: true });
    expect(self.agree).toBeNull();
    expect(self.policy.explanation.at(-1)).toMatch(
      /^This Denied may be incomplete: .*ClusterRoleBindings were not read.*ClusterRoles admin, scope-ref-role could not be read.*payments, payments-staging/,
    );
    expect(self.policy.errors).toContain(
      'clusterrole.rbac.authorization.k8s.io "admin" could not be read: you may not get it, so what bindings to it grant is not known',
    );
    expect(self.policy.errors.join('\n')).not.toMatch(/not found/);

    const hiddenUser = await get<AccessCheckResponse>(
      bob,
      `${api}/check?subjectKind=User&subjectName=scope-hidden-user&verb=get&resource=pods&namespace=scope-hidden-ns`,
    );
    expect(hiddenUser.policy.allowed).toBe(false);
    expect(hiddenUser.policy.considered).toEqual([]);
    expect(hiddenUser.scope.complete).toBe(false);
    const crbUser = await get<AccessCheckResponse>(
      bob,
      `${api}/check?subjectKind=User&subjectName=scope-hidden-crb-user&verb=get&resource=secrets&namespace=payments`,
    );
    expect(crbUser.policy.allowed).toBe(false);
    expect(crbUser.policy.considered).toEqual([]);
  });

  it('the subject view lists readable bindings only and marks unreadable roles', async () => {
    const own = await get<SubjectViewResponse>(bob, `${api}/subject?subjectKind=Self`);
    expect(own.bindings).toEqual([
      {
        kind: 'RoleBinding',
        name: 'gatehouse:payments:admin',
        namespace: 'payments',
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' },
        roleFound: false,
        roleUnreadable: true,
      },
      {
        kind: 'RoleBinding',
        name: 'gatehouse:payments:admin',
        namespace: 'payments-staging',
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' },
        roleFound: false,
        roleUnreadable: true,
      },
    ]);
    expect(own.scope.complete).toBe(false);
    const gettable = await get<SubjectViewResponse>(
      bob,
      `${api}/subject?subjectKind=User&subjectName=scope-gettable-user`,
    );
    expect(gettable.namespaces).toEqual([
      {
        namespace: 'payments',
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
      },
    ]);
    for (const who of ['alice', 'scope-hidden-user', 'scope-hidden-crb-user']) {
      const v = await get<SubjectViewResponse>(
        bob,
        `${api}/subject?subjectKind=User&subjectName=${who}`,
      );
      expect(v.bindings, who).toEqual([]);
      expect(v.clusterRules, who).toEqual([]);
    }
    const group = await get<SubjectViewResponse>(
      bob,
      `${api}/subject?subjectKind=Group&subjectName=devel`,
    );
    // devel is bound in deliveries, whose bindings bob may not list.
    expect(group.bindings).toEqual([]);
  });

  it('the matrix covers only the namespaces bob may read', async () => {
    const m = await get<AccessMatrixResponse>(
      bob,
      `${api}/matrix?subjectKind=User&subjectName=scope-gettable-user`,
    );
    expect(m.namespaces.map((n) => n.name)).toEqual(['payments', 'payments-staging']);
    const configmaps = m.resources.findIndex(
      (t) => t.apiGroup === '' && t.resource === 'configmaps',
    );
    expect(m.namespaced.payments![configmaps]).toBe(0b11);
    expect(Object.keys(m.namespaced)).toEqual(['payments']);
    expect(m.scope.complete).toBe(false);
    const csv = await bob.get(
      `${api}/matrix?subjectKind=User&subjectName=scope-gettable-user&format=csv`,
    );
    expect(csv.status).toBe(200);
    expect(
      new Set(
        csv.text
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      ),
    ).toEqual(new Set(['', 'payments', 'payments-staging']));
  });

  it('risks are found on readable objects only, and an unreadable role is not called missing', async () => {
    const r = await get<RisksResponse>(bob, `${api}/risks`);
    expect(r.scope.complete).toBe(false);
    for (const f of r.findings) {
      if (f.object.namespace !== undefined)
        expect(['payments', 'payments-staging']).toContain(f.object.namespace);
      if (f.check === 'missing-role')
        expect(['admin', 'scope-ref-role']).not.toContain(f.role?.name);
    }
    expect(r.findings.some((f) => f.check === 'missing-role')).toBe(false);
    // alice reads everything: findings across the cluster.
    const all = await get<RisksResponse>(alice, `${api}/risks`);
    expect(all.scope.complete).toBe(true);
    expect(all.findings.some((f) => f.object.name === 'alice-cluster-admin')).toBe(true);
  });

  it('impact in payments from readable objects; a ClusterRole bob may not get is named, not read', async () => {
    const del = await bob.post(`${api}/impact`, {
      operation: 'delete',
      object: {
        kind: 'RoleBinding',
        metadata: { name: 'scope-payments-gettable', namespace: 'payments' },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'scope-gettable-role' },
        subjects: [user('scope-gettable-user')],
      },
    });
    expect(del.status, del.text).toBe(200);
    expectNoLeak(del.text);
    const d = del.json<ImpactResponse>();
    expect(d.subjects).toEqual([
      {
        subject: user('scope-gettable-user'),
        gained: [],
        lost: [
          {
            namespace: 'payments',
            rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
          },
        ],
      },
    ]);
    expect(d.scope.complete).toBe(false);

    const bind = await bob.post(`${api}/impact`, {
      operation: 'create',
      object: {
        kind: 'RoleBinding',
        metadata: { name: 'scope-new', namespace: 'payments' },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'scope-crb-only-role' },
        subjects: [user('scope-newcomer')],
      },
    });
    expect(bind.status, bind.text).toBe(200);
    // bob typed the role's name; its rules and its other binding stay unread.
    expectNoLeak(bind.text, ['scope-crb-only']);
    expect(bind.text).not.toMatch(/secrets|scope-hidden-crb/);
    const b = bind.json<ImpactResponse>();
    expect(b.scope.unreadableRoles).toContain('scope-crb-only-role');
    expect(b.scope.complete).toBe(false);

    // Changing a ClusterRole he may not read: its present rules stay unread, the label says so.
    const change = await bob.post(`${api}/impact`, {
      operation: 'update',
      object: {
        kind: 'ClusterRole',
        metadata: { name: 'scope-crb-only-role' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      },
    });
    expect(change.status, change.text).toBe(200);
    expectNoLeak(change.text, ['scope-crb-only']);
    expect(change.text).not.toMatch(/secrets|scope-hidden-crb/);
    expect(change.json<ImpactResponse>().subjects).toEqual([]);
    expect(change.json<ImpactResponse>().scope).toMatchObject({
      complete: false,
      unreadableRoles: ['admin', 'scope-crb-only-role', 'scope-ref-role'],
    });
  });

  it('builds the scoped authorizer once per scope and reuses it', async () => {
    const ctx = suite.bff.bff.context;
    const session = (await ctx.sessions.open(
      bob.cookies().get('gatehouse')!,
      'session',
    )) as unknown as Session;
    const dev = ctx.clusters.get('dev')!;
    const first = await scopedModel(dev, session, dev.rbac);
    const again = await scopedModel(dev, session, dev.rbac);
    expect(again.authorizer).toBe(first.authorizer);
    expect(again.snapshot).toBe(first.snapshot);
    // Only what bob may read is in it.
    expect(first.snapshot.clusterRoleBindings).toEqual([]);
    expect(new Set(first.snapshot.roleBindings.map((b) => b.metadata.namespace))).toEqual(
      new Set(['payments', 'payments-staging']),
    );
    expect(first.snapshot.clusterRoles.map((r) => r.metadata.name)).toEqual([
      'scope-gettable-role',
    ]);
    // alice reads everything: the cluster's own model, not a copy.
    const aliceSession = (await ctx.sessions.open(
      alice.cookies().get('gatehouse')!,
      'session',
    )) as unknown as Session;
    expect((await scopedModel(dev, aliceSession, dev.rbac)).authorizer).toBe(
      (await dev.rbac.current()).authorizer,
    );
  });

  it('alice, who reads everything, still gets complete answers', async () => {
    const r = await get<WhoCanResponse>(
      alice,
      `${api}/who-can?verb=get&resource=secrets&namespace=payments`,
    );
    expect(r.scope).toEqual({
      complete: true,
      namespaces: 'all',
      missing: [],
      unreadableRoles: [],
    });
    expect(r.namespaced.map((m) => m.bindingName)).toEqual(['gatehouse:payments:admin']);
    expect(r.clusterWide.map((m) => m.bindingName)).toEqual(
      expect.arrayContaining(['alice-cluster-admin', 'scope-hidden-crb']),
    );
    const c = await get<AccessCheckResponse>(
      alice,
      `${api}/check?subjectKind=User&subjectName=bob&verb=get&resource=pods&namespace=payments`,
    );
    expect(c.policy.allowed).toBe(true);
    expect(c.agree).toBe(true);
    expect(c.policy.explanation.join('\n')).not.toMatch(/incomplete/);
    const m = await get<AccessMatrixResponse>(alice, `${api}/matrix?subjectKind=Self`);
    expect(m.namespaces.map((n) => n.name)).toEqual(
      expect.arrayContaining(['deliveries', 'scope-hidden-ns', 'payments']),
    );
  });
});
