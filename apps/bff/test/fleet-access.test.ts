// Fleet analysis over the two embedded devclusters (dev, staging): who-can and check per cluster as
// kubectl sees each cluster, a subject compared between them, and a binding copied from one to the
// other through a plan; plus a fleet with a cluster nobody can reach.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CopyApplyResponse,
  CopyPlanResponse,
  FleetCheckResponse,
  FleetCompareResponse,
  FleetWhoCanResponse,
} from '../src/fleet/access/contract.js';
import type { AuditEntry } from '../src/contract.js';
import {
  demoSignIn,
  embeddedBffForSuite,
  startTestBff,
  tokenSignIn,
  type TestBff,
} from './support/bff.js';
import type { Browser } from './support/browser.js';
import { startFleet, tempDir, type Fleet } from './support/clusters.js';
import { kubectlFile } from './support/kubectl.js';

const RBAC = 'rbac.authorization.k8s.io';

describe('fleet analysis over dev and staging', () => {
  const suite = embeddedBffForSuite('bff-fleet-access-');
  const kubectl = (cluster: 'dev' | 'staging') =>
    kubectlFile(
      join(
        suite.dataDir,
        cluster === 'dev' ? 'devcluster' : 'devcluster-staging',
        'kubeconfig',
        'admin.yaml',
      ),
    );
  let alice: Browser;
  let bob: Browser;

  beforeAll(async () => {
    alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
  });

  const whoCan = async (b: Browser, q: Record<string, string>) => {
    const r = await b.get(`/api/fleet/who-can?${new URLSearchParams(q)}`);
    expect(r.status, r.text).toBe(200);
    return r.json<FleetWhoCanResponse>();
  };

  const canI = async (cluster: 'dev' | 'staging', user: string, ...args: string[]) => {
    const r = await kubectl(cluster)('auth', 'can-i', ...args, '--as', user);
    return r.stdout.trim() === 'yes';
  };

  it('who-can: a column per cluster, each agreeing with kubectl auth can-i on that cluster', async () => {
    const answer = await whoCan(alice, { verb: 'get', resource: 'secrets', namespace: 'payments' });
    expect(answer.clusters.map((c) => [c.cluster, c.state])).toEqual([
      ['dev', 'result'],
      ['staging', 'result'],
    ]);
    const usersOn = (cluster: string) => {
      const c = answer.clusters.find((x) => x.cluster === cluster)!;
      if (c.state !== 'result') throw new Error(`${cluster}: ${c.state}`);
      return new Set(
        [...c.result.clusterWide, ...c.result.namespaced]
          .filter((m) => m.kind === 'User')
          .map((m) => m.name),
      );
    };
    const dev = usersOn('dev');
    const staging = usersOn('staging');
    expect(dev.has('bob')).toBe(true);
    expect(staging.has('bob')).toBe(false);
    expect(staging.has('alice')).toBe(true);
    for (const [cluster, users] of [
      ['dev', dev],
      ['staging', staging],
    ] as const)
      for (const user of ['alice', 'bob', 'joe', 'carol'])
        expect(
          await canI(cluster, user, 'get', 'secrets', '-n', 'payments'),
          `${user} on ${cluster}`,
        ).toBe(users.has(user));
    // Each binding → role is named: bob's comes from the payments project's RoleBinding on dev.
    const devCol = answer.clusters[0]!;
    if (devCol.state !== 'result') throw new Error('dev');
    expect(devCol.result.namespaced).toContainEqual(
      expect.objectContaining({
        kind: 'User',
        name: 'bob',
        bindingKind: 'RoleBinding',
        bindingName: 'gatehouse:payments:admin',
        roleKind: 'ClusterRole',
        roleName: 'admin',
      }),
    );
  });

  it('who-can for bob: a result on dev, no-access on staging with the reason', async () => {
    const answer = await whoCan(bob, { verb: 'get', resource: 'secrets', namespace: 'payments' });
    const [dev, staging] = answer.clusters;
    expect(dev).toMatchObject({ cluster: 'dev', state: 'result' });
    expect(staging).toMatchObject({ cluster: 'staging', state: 'no-access', code: 403 });
    if (staging!.state !== 'no-access') throw new Error('staging');
    expect(staging!.message).toMatch(/user "bob" may read none in cluster/);
  });

  it('asks only the clusters named, and refuses one that does not exist', async () => {
    const only = await whoCan(alice, { verb: 'list', resource: 'pods', clusters: 'staging' });
    expect(only.clusters.map((c) => c.cluster)).toEqual(['staging']);
    const bad = await alice.get('/api/fleet/who-can?verb=list&resource=pods&clusters=dev,nowhere');
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(
      /no cluster "nowhere"/,
    );
  });

  it('check: per cluster allowed or denied with the chain, as kubectl says', async () => {
    for (const [verb, resource, ns] of [
      ['get', 'secrets', 'payments'],
      ['create', 'deployments', 'deliveries'],
      ['list', 'pods', 'checkout'],
    ] as const) {
      const r = await alice.get(
        `/api/fleet/check?${new URLSearchParams({ subjectKind: 'User', subjectName: 'bob', verb, resource, apiGroup: resource === 'deployments' ? 'apps' : '', namespace: ns })}`,
      );
      expect(r.status, r.text).toBe(200);
      const answer = r.json<FleetCheckResponse>();
      for (const c of answer.clusters) {
        if (c.state !== 'result') throw new Error(`${c.cluster}: ${c.state}`);
        const kube = await canI(c.cluster as 'dev' | 'staging', 'bob', verb, resource, '-n', ns);
        expect(c.result.policy.allowed, `${verb} ${resource} in ${ns} on ${c.cluster}`).toBe(kube);
        expect(c.result.agree).toBe(true);
      }
    }
    const r = await alice.get(
      '/api/fleet/check?subjectKind=User&subjectName=bob&verb=get&resource=secrets&namespace=payments',
    );
    const [dev, staging] = r.json<FleetCheckResponse>().clusters;
    if (dev!.state !== 'result' || staging!.state !== 'result') throw new Error('no result');
    expect(dev!.result.policy.allowed).toBe(true);
    expect(dev!.result.policy.matches[0]).toMatchObject({
      bindingName: 'gatehouse:payments:admin',
      roleName: 'admin',
    });
    expect(staging!.result.policy.allowed).toBe(false);
    // bob asking about himself gets no-access on staging, where he may analyse nothing.
    const own = await bob.get(
      '/api/fleet/check?subjectKind=Self&verb=get&resource=secrets&namespace=payments',
    );
    expect(own.status, own.text).toBe(200);
    const states = own.json<FleetCheckResponse>().clusters.map((c) => c.state);
    expect(states).toEqual(['result', 'no-access']);
  });

  it('compares bob between dev and staging: what only dev grants, and the bindings', async () => {
    const r = await alice.get(
      '/api/fleet/compare?subjectKind=User&subjectName=bob&a=dev&b=staging',
    );
    expect(r.status, r.text).toBe(200);
    const c = r.json<FleetCompareResponse>();
    if (c.a.state !== 'result' || c.b.state !== 'result' || !c.diff) throw new Error('no diff');
    const adminBinding = c.a.result.bindings.findIndex(
      (b) => b.name === 'gatehouse:payments:admin' && b.namespace === 'payments',
    );
    expect(adminBinding).toBeGreaterThanOrEqual(0);
    const secrets = c.diff.onlyA.find(
      (x) =>
        x.namespace === 'payments' &&
        x.rule.resources?.[0] === 'secrets' &&
        x.rule.apiGroups?.[0] === '',
    );
    expect(secrets?.rule.verbs).toEqual(expect.arrayContaining(['get', 'list', 'delete']));
    expect(secrets?.a).toContain(adminBinding);
    expect(c.b.result.bindings.some((b) => b.namespace === 'payments')).toBe(false);
    expect(c.diff.onlyB.some((x) => x.namespace === 'payments')).toBe(false);
    // What both clusters give every authenticated user matches, however each spells it.
    expect(c.diff.both.some((x) => x.rule.resources?.[0] === 'selfsubjectaccessreviews')).toBe(
      true,
    );
    expect(
      [...c.diff.onlyA, ...c.diff.onlyB].some(
        (x) => x.rule.resources?.[0] === 'selfsubjectaccessreviews',
      ),
    ).toBe(false);
    // Each side agrees with kubectl: what dev alone grants is refused on staging.
    expect(await canI('dev', 'bob', 'delete', 'secrets', '-n', 'payments')).toBe(true);
    expect(await canI('staging', 'bob', 'delete', 'secrets', '-n', 'payments')).toBe(false);
  });

  describe('copy a binding to other clusters', () => {
    const name = 'fleet-copy-viewers';
    const plan = async (b: Browser, body: unknown) => {
      const r = await b.post('/api/fleet/copy-binding/plan', body);
      expect(r.status, r.text).toBe(200);
      return r.json<CopyPlanResponse>();
    };
    const source = { cluster: 'dev', kind: 'RoleBinding', namespace: 'payments', name };
    const rb = (n: string, ns: string, role: string, users: string[]) =>
      JSON.stringify({
        apiVersion: `${RBAC}/v1`,
        kind: 'RoleBinding',
        metadata: { name: n, namespace: ns, labels: { team: 'payments' } },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
        subjects: users.map((u) => ({ apiGroup: RBAC, kind: 'User', name: u })),
      });
    const applyFile = async (cluster: 'dev' | 'staging', yaml: string) => {
      const file = join(suite.dataDir, `apply-${Date.now()}-${Math.random()}.json`);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, yaml);
      const r = await kubectl(cluster)('apply', '-f', file);
      expect(r.code, r.stderr).toBe(0);
    };

    beforeAll(async () => {
      await applyFile('dev', rb(name, 'payments', 'view', ['carol']));
    });
    afterAll(async () => {
      await kubectl('dev')('delete', 'rolebinding', name, '-n', 'payments', '--ignore-not-found');
      await kubectl('staging')(
        'delete',
        'rolebinding',
        name,
        '-n',
        'payments',
        '--ignore-not-found',
      );
    });

    it('plans a create on staging with its impact, applies it as alice, and kubectl sees it', async () => {
      expect(await canI('staging', 'carol', 'get', 'pods', '-n', 'payments')).toBe(false);
      const p = await plan(alice, { source, targets: ['staging'] });
      expect(p.source.binding).toMatchObject({ kind: 'RoleBinding', metadata: { name } });
      const [staging] = p.targets;
      if (staging!.state !== 'result') throw new Error(staging!.state);
      expect(staging!.result.action).toBe('create');
      const carol = staging!.result.impact?.subjects.find((s) => s.subject.name === 'carol');
      expect(carol?.gained.some((g) => g.namespace === 'payments')).toBe(true);

      const r = await alice.post('/api/fleet/copy-binding/apply', {
        source,
        targets: ['staging'],
        digest: p.digest,
      });
      expect(r.status, r.text).toBe(200);
      expect(r.json<CopyApplyResponse>().results).toEqual([
        { cluster: 'staging', status: 'applied', action: 'create' },
      ]);
      const got = await kubectl('staging')(
        'get',
        'rolebinding',
        name,
        '-n',
        'payments',
        '-o',
        'json',
      );
      expect(got.code, got.stderr).toBe(0);
      const o = JSON.parse(got.stdout) as {
        roleRef: { name: string };
        subjects: Array<{ name: string }>;
        metadata: { labels: Record<string, string> };
      };
      expect(o.roleRef.name).toBe('view');
      expect(o.subjects.map((s) => s.name)).toEqual(['carol']);
      expect(o.metadata.labels.team).toBe('payments');
      expect(await canI('staging', 'carol', 'get', 'pods', '-n', 'payments')).toBe(true);
      // Planned again: nothing left to do.
      const again = await plan(alice, { source, targets: ['staging'] });
      expect(again.targets[0]).toMatchObject({ state: 'result', result: { action: 'unchanged' } });
      const audit = suite.bff.auditOut
        .json()
        .map((l) => l.audit as AuditEntry)
        .filter((e) => e.cluster === 'staging' && e.name === name);
      expect(audit).toContainEqual(
        expect.objectContaining({
          user: 'alice',
          verb: 'create',
          outcome: expect.objectContaining({ status: 'success' }),
        }),
      );
    });

    it('answers 409 with the fresh plan when the source changed after the plan was read', async () => {
      const p = await plan(alice, { source, targets: ['staging'] });
      await applyFile('dev', rb(name, 'payments', 'view', ['carol', 'joe']));
      const r = await alice.post('/api/fleet/copy-binding/apply', {
        source,
        targets: ['staging'],
        digest: p.digest,
      });
      expect(r.status, r.text).toBe(409);
      const fresh = r.json<{ error: { details: { plan: CopyPlanResponse } } }>().error.details.plan;
      expect(fresh.digest).not.toBe(p.digest);
      const t = fresh.targets[0]!;
      if (t.state !== 'result') throw new Error(t.state);
      expect(t.result.action).toBe('update');
      expect(t.result.diff?.subjectsAdded).toEqual([expect.objectContaining({ name: 'joe' })]);
      // Nothing changed on staging.
      const got = await kubectl('staging')(
        'get',
        'rolebinding',
        name,
        '-n',
        'payments',
        '-o',
        'jsonpath={.subjects[*].name}',
      );
      expect(got.stdout).toBe('carol');
      // The fresh plan applies.
      const ok = await alice.post('/api/fleet/copy-binding/apply', {
        source,
        targets: ['staging'],
        digest: fresh.digest,
      });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json<CopyApplyResponse>().results[0]).toMatchObject({
        status: 'applied',
        action: 'update',
      });
      const after = await kubectl('staging')(
        'get',
        'rolebinding',
        name,
        '-n',
        'payments',
        '-o',
        'jsonpath={.subjects[*].name}',
      );
      expect(after.stdout).toBe('carol joe');
    });

    it('blocks a target where the role or the namespace is missing, and says which', async () => {
      const missingRole = 'fleet-copy-secret-reader';
      await applyFile('dev', rb(missingRole, 'payments', 'gatehouse:secret-reader', ['carol']));
      await applyFile('dev', rb('fleet-copy-data', 'data', 'view', ['carol']));
      try {
        const p = await plan(alice, {
          source: { ...source, name: missingRole },
          targets: ['staging'],
        });
        expect(p.targets[0]).toMatchObject({
          state: 'result',
          result: { action: 'blocked', blockers: [{ kind: 'role-missing' }] },
        });
        const t = p.targets[0]!;
        if (t.state !== 'result') throw new Error(t.state);
        expect(t.result.blockers[0]!.message).toMatch(
          /ClusterRole "gatehouse:secret-reader" does not exist on cluster "staging"/,
        );
        const ns = await plan(alice, {
          source: { ...source, namespace: 'data', name: 'fleet-copy-data' },
          targets: ['staging'],
        });
        expect(ns.targets[0]).toMatchObject({
          state: 'result',
          result: { action: 'blocked', blockers: [{ kind: 'namespace-missing' }] },
        });
        // Applying a blocked plan skips the cluster and writes nothing.
        const r = await alice.post('/api/fleet/copy-binding/apply', {
          source: { ...source, name: missingRole },
          targets: ['staging'],
          digest: p.digest,
        });
        expect(r.status, r.text).toBe(200);
        expect(r.json<CopyApplyResponse>().results[0]).toMatchObject({ status: 'skipped' });
        const got = await kubectl('staging')('get', 'rolebinding', missingRole, '-n', 'payments');
        expect(got.code).not.toBe(0);
      } finally {
        await kubectl('dev')(
          'delete',
          'rolebinding',
          missingRole,
          '-n',
          'payments',
          '--ignore-not-found',
        );
        await kubectl('dev')(
          'delete',
          'rolebinding',
          'fleet-copy-data',
          '-n',
          'data',
          '--ignore-not-found',
        );
      }
    });

    it('bob is refused on staging with the API server reason, and nothing changes there', async () => {
      const bobSource = {
        cluster: 'dev',
        kind: 'RoleBinding',
        namespace: 'payments',
        name: 'gatehouse:payments:admin',
      };
      const before = await kubectl('staging')(
        'get',
        'rolebindings',
        '-n',
        'payments',
        '-o',
        'name',
      );
      const p = await plan(bob, { source: bobSource, targets: ['staging'] });
      const t = p.targets[0]!;
      if (t.state !== 'result') throw new Error(t.state);
      expect(t.result.action).toBe('blocked');
      expect(t.result.blockers[0]).toMatchObject({ kind: 'no-access' });
      expect(t.result.blockers[0]!.message).toMatch(
        /User "bob" cannot get resource "rolebindings"/,
      );
      const r = await bob.post('/api/fleet/copy-binding/apply', {
        source: bobSource,
        targets: ['staging'],
        digest: p.digest,
      });
      expect(r.status, r.text).toBe(200);
      expect(r.json<CopyApplyResponse>().results[0]).toMatchObject({
        cluster: 'staging',
        status: 'skipped',
        code: 403,
      });
      expect(r.json<CopyApplyResponse>().results[0]!.message).toMatch(/User "bob" cannot/);
      const after = await kubectl('staging')('get', 'rolebindings', '-n', 'payments', '-o', 'name');
      expect(after.stdout).toBe(before.stdout);
      const refused = suite.bff.auditOut
        .json()
        .map((l) => l.audit as AuditEntry)
        .filter(
          (e) =>
            e.user === 'bob' && e.cluster === 'staging' && e.name === 'gatehouse:payments:admin',
        );
      expect(refused).toContainEqual(
        expect.objectContaining({ outcome: expect.objectContaining({ code: 403 }) }),
      );
    });

    it('refuses bad input with 400 and the reason', async () => {
      const r = await alice.post('/api/fleet/copy-binding/plan', {
        source: { cluster: 'dev', kind: 'RoleBinding', name },
        targets: ['staging'],
      });
      expect(r.status).toBe(400);
      expect(r.text).toMatch(/a RoleBinding needs a namespace/);
      const none = await alice.post('/api/fleet/copy-binding/plan', {
        source: { ...source, name: 'no-such-binding' },
        targets: ['staging'],
      });
      expect(none.status).toBe(404);
    });
  });
});

describe('fleet analysis with a cluster nobody can reach', () => {
  const dir = tempDir('bff-fleet-access-gone-');
  let fleet: Fleet;
  let bff: TestBff;
  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['east'], { unreachable: 'gone' });
    bff = await startTestBff({ kubeconfig: fleet.kubeconfig, dataDir: `${dir.path}/bff-data` });
  });
  afterAll(async () => {
    await bff?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('answers for the clusters that answer and names the unreachable one', async () => {
    const b = bff.browser();
    await tokenSignIn(b, fleet.clusters.east!.token('alice'), 'east');
    const r = await b.get('/api/fleet/who-can?verb=get&resource=secrets&namespace=payments');
    expect(r.status, r.text).toBe(200);
    const [east, gone] = r.json<FleetWhoCanResponse>().clusters;
    expect(east).toMatchObject({ cluster: 'east', state: 'result' });
    expect(gone).toMatchObject({ cluster: 'gone', state: 'unreachable' });
    if (gone!.state !== 'unreachable') throw new Error('gone');
    expect(gone!.message).toMatch(/cluster "gone" is unreachable/);
    const check = await b.get(
      '/api/fleet/check?subjectKind=User&subjectName=bob&verb=get&resource=secrets&namespace=payments',
    );
    expect(check.status, check.text).toBe(200);
    expect(check.json<FleetCheckResponse>().clusters.map((c) => c.state)).toEqual([
      'result',
      'unreachable',
    ]);
  });
});
