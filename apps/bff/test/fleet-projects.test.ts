// Fleet projects (issue 16 item 5) over both embedded devclusters, dev and staging: `payments` is a
// project on each (its record on each cluster the source of truth there). A collaborator change is
// planned per cluster and applied to every namespace of every cluster, as the signed-in user, all or
// nothing across clusters; the fleet kubeconfig holds one context per cluster, each its own identity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/contract.js';
import type {
  FleetChangeReport,
  FleetCollaboratorChange,
  FleetPlan,
  FleetProjectDetail,
  FleetProjectsResponse,
} from '../src/fleet/projects/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { direct } from './support/clusters.js';
import { kubectlFile, kubectlWith } from './support/kubectl.js';

const api = '/api/fleet/projects';
const carol = { kind: 'User', name: 'carol' } as const;
const invite: FleetCollaboratorChange = { kind: 'invite', subjects: [carol], level: 'developer' };
const remove: FleetCollaboratorChange = { kind: 'remove', subject: carol };

describe('fleet projects across dev and staging', () => {
  const suite = embeddedBffForSuite('bff-fleet-projects-');
  const dc = (id: 'dev' | 'staging') => suite.bff.bff.context.clusters.embeddedById[id]!;
  afterEach(() => {
    dc('dev').setFaults({});
    dc('staging').setFaults({});
  });

  /** kubectl on a cluster as its admin, e.g. to ask `auth can-i … --as carol`. */
  const admin = (id: 'dev' | 'staging') =>
    kubectlFile(
      join(
        suite.dataDir,
        id === 'dev' ? 'devcluster' : 'devcluster-staging',
        'kubeconfig',
        'admin.yaml',
      ),
    );
  async function carolMay(id: 'dev' | 'staging', namespace: string): Promise<string> {
    const r = await admin(id)(
      'auth',
      'can-i',
      'create',
      'deployments',
      '-n',
      namespace,
      '--as',
      'carol',
    );
    return r.stdout.trim();
  }

  async function signIn(user: string): Promise<Browser> {
    const b = suite.bff.browser();
    await demoSignIn(b, user);
    return b;
  }

  async function plan(b: Browser, change: FleetCollaboratorChange): Promise<FleetPlan> {
    const r = await b.post(`${api}/payments/collaborators/plan`, { change });
    expect(r.status, r.text).toBe(200);
    return r.json<FleetPlan>();
  }

  const auditOf = (requestId: unknown) =>
    readFileSync(join(suite.dataDir, 'audit', 'audit.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditEntry)
      .filter((e) => e.requestId === requestId);

  it('lists payments on both clusters with each cluster’s namespaces and collaborators', async () => {
    const alice = await signIn('alice');
    const r = await alice.get(api);
    expect(r.status, r.text).toBe(200);
    const list = r.json<FleetProjectsResponse>();
    expect(list.clusters.map((c) => [c.id, c.reachable])).toEqual([
      ['dev', true],
      ['staging', true],
    ]);
    const payments = list.projects.find((p) => p.name === 'payments')!;
    expect(payments.clusters.map((c) => [c.cluster, c.state, c.namespaces])).toEqual([
      ['dev', 'ok', ['payments', 'payments-staging']],
      ['staging', 'ok', ['payments']],
    ]);
    expect(payments.clusters[0]!.collaborators.map((c) => `${c.subject.name}:${c.level}`)).toEqual([
      'bob:admin',
    ]);
    expect(payments.clusters[1]!.collaborators).toEqual([]);
    // data is a project on dev only: only dev is listed for it.
    expect(list.projects.find((p) => p.name === 'data')!.clusters.map((c) => c.cluster)).toEqual([
      'dev',
    ]);
  });

  it('shows bob only dev’s side, and no-access on staging with the API server’s reason', async () => {
    const bob = await signIn('bob');
    const list = (await bob.get(api)).json<FleetProjectsResponse>();
    const payments = list.projects.find((p) => p.name === 'payments')!;
    expect(payments.clusters.map((c) => [c.cluster, c.state, c.myLevels])).toEqual([
      ['dev', 'ok', ['admin']],
      ['staging', 'no-access', []],
    ]);
    expect(payments.clusters[1]!.message).toMatch(
      /namespaces "payments" is forbidden: User "bob" cannot get resource "namespaces"/,
    );
    expect(payments.clusters[1]!.collaborators).toEqual([]);
    const detail = await bob.get(`${api}/payments`);
    expect(detail.status, detail.text).toBe(200);
    const d = detail.json<FleetProjectDetail>();
    expect(d.clusters.map((c) => [c.cluster, c.state, c.project?.canManage])).toEqual([
      ['dev', 'ok', true],
      ['staging', 'no-access', undefined],
    ]);
    expect(d.kubeconfigClusters).toEqual(['dev']);
    // A fleet change must reach every cluster: bob's plan says staging is beyond him, and apply refuses.
    const p = await plan(bob, invite);
    expect(p.applicable).toBe(false);
    expect(p.clusters.map((c) => [c.cluster, c.status])).toEqual([
      ['dev', 'ready'],
      ['staging', 'no-access'],
    ]);
    const refused = await bob.post(`${api}/payments/collaborators/apply`, {
      change: invite,
      digest: p.digest,
    });
    expect(refused.status).toBe(403);
    expect(await carolMay('dev', 'payments')).toBe('no');
    // carol, who collaborates nowhere, is told the project does not exist.
    const c = await signIn('carol');
    expect((await c.get(api)).json<FleetProjectsResponse>().projects).toEqual([]);
    expect((await c.get(`${api}/payments`)).status).toBe(404);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const alice = await signIn('alice');
    const bad = await alice.post(`${api}/payments/collaborators/plan`, {
      change: {
        kind: 'invite',
        subjects: [{ kind: 'User', name: 'system:admin' }],
        level: 'developer',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/reserved/);
    const noDigest = await alice.post(`${api}/payments/collaborators/apply`, {
      change: invite,
      digest: 'nope',
    });
    expect(noDigest.status).toBe(400);
    expect(await carolMay('dev', 'payments')).toBe('no');
  });

  it('rolls dev back too when staging’s writes fail, and reports each cluster', async () => {
    const alice = await signIn('alice');
    const p = await plan(alice, invite);
    expect(p.applicable).toBe(true);
    expect(
      p.clusters.map((c) => [c.cluster, c.status, c.steps.map((s) => `${s.op} ${s.namespace}`)]),
    ).toEqual([
      ['dev', 'ready', ['create payments', 'create payments-staging']],
      ['staging', 'ready', ['create payments']],
    ]);
    expect(p.clusters[0]!.steps[0]!.after).toEqual({
      clusterRole: 'edit',
      subjects: [carol, { kind: 'ServiceAccount', name: expect.stringMatching(/^kc-payments-/) }],
    });
    // Every RoleBinding write on staging answers kube-apiserver's 500 InternalError; reads still work.
    dc('staging').setFaults({
      errorRate: 1,
      errorPaths: ['/apis/rbac.authorization.k8s.io/v1/namespaces/'],
      errorMethods: ['POST'],
    });
    const r = await alice.post(`${api}/payments/collaborators/apply`, {
      change: invite,
      digest: p.digest,
    });
    expect(r.status, r.text).toBe(502);
    const report = r.json<{ error: { details: FleetChangeReport } }>().error.details;
    expect(report.outcome).toBe('rolled-back');
    expect(report.clusters.map((c) => [c.cluster, c.status])).toEqual([
      ['dev', 'rolled-back'],
      ['staging', 'failed'],
    ]);
    expect(report.clusters[1]!.message).toMatch(/injected fault/);
    expect(report.clusters[1]!.reason).toBe('InternalError');
    expect(report.clusters[0]!.report!.steps.map((s) => s.status)).toEqual([
      'rolled-back',
      'rolled-back',
    ]);
    dc('staging').setFaults({});
    expect(await carolMay('dev', 'payments')).toBe('no');
    expect(await carolMay('dev', 'payments-staging')).toBe('no');
    expect(await carolMay('staging', 'payments')).toBe('no');
    // Audited as alice with each cluster: dev's creates, their undoing, and staging's refused write.
    const records = auditOf(r.headers['x-request-id']).filter((e) => e.cluster);
    expect(
      records.map((e) => [
        e.cluster,
        e.verb,
        e.namespace ?? '',
        e.rollback === true,
        e.outcome.status,
      ]),
    ).toEqual([
      ['dev', 'create', 'payments', false, 'success'],
      ['dev', 'create', 'payments-staging', false, 'success'],
      ['staging', 'create', 'payments', false, 'failure'],
      ['staging', 'apply', '', true, 'failure'],
      ['dev', 'delete', 'payments-staging', true, 'success'],
      ['dev', 'delete', 'payments', true, 'success'],
      ['dev', 'apply', '', true, 'failure'],
    ]);
    expect(records.every((e) => e.user === 'alice')).toBe(true);
  });

  it('answers 409 with the new plan when a cluster changed after the plan was read', async () => {
    const alice = await signIn('alice');
    const p = await plan(alice, invite);
    // Someone binds joe in staging's payments meanwhile.
    const made = await direct(
      dc('staging'),
      'admin',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings',
      {
        metadata: { name: 'joe-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'joe' }],
      },
    );
    expect(made.status).toBe(201);
    const r = await alice.post(`${api}/payments/collaborators/apply`, {
      change: invite,
      digest: p.digest,
    });
    expect(r.status, r.text).toBe(409);
    const fresh = r.json<{ error: { details: FleetPlan } }>().error.details;
    expect(fresh.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh.digest).not.toBe(p.digest);
    expect(await carolMay('dev', 'payments')).toBe('no');
    expect(await carolMay('staging', 'payments')).toBe('no');
  });

  it('invites carol as developer on every namespace of both clusters, verified with kubectl', async () => {
    const alice = await signIn('alice');
    const p = await plan(alice, invite);
    const r = await alice.post(`${api}/payments/collaborators/apply`, {
      change: invite,
      digest: p.digest,
    });
    expect(r.status, r.text).toBe(200);
    const report = r.json<FleetChangeReport>();
    expect(report.outcome).toBe('completed');
    expect(report.clusters.map((c) => [c.cluster, c.status, c.report?.steps.length])).toEqual([
      ['dev', 'applied', 2],
      ['staging', 'applied', 1],
    ]);
    expect(await carolMay('dev', 'payments')).toBe('yes');
    expect(await carolMay('dev', 'payments-staging')).toBe('yes');
    expect(await carolMay('staging', 'payments')).toBe('yes');
    expect(await carolMay('staging', 'deliveries')).toBe('no');
    const records = auditOf(r.headers['x-request-id']).filter((e) => e.cluster);
    expect(records.map((e) => [e.user, e.cluster, e.verb, e.resource, e.namespace])).toEqual([
      ['alice', 'dev', 'create', 'rolebindings', 'payments'],
      ['alice', 'dev', 'create', 'rolebindings', 'payments-staging'],
      ['alice', 'staging', 'create', 'rolebindings', 'payments'],
    ]);
    // The same invitation again changes nothing anywhere.
    const again = await plan(alice, invite);
    expect(again.applicable).toBe(false);
    expect(again.clusters.map((c) => c.status)).toEqual(['unchanged', 'unchanged']);
    const list = (await alice.get(`${api}/payments`)).json<FleetProjectDetail>();
    expect(
      list.clusters.map((c) => [
        c.cluster,
        c.project!.collaborators.map((x) => `${x.subject.name}:${x.level}`),
      ]),
    ).toEqual([
      ['dev', ['bob:admin', 'carol:developer']],
      ['staging', ['carol:developer']],
    ]);
  });

  it('gives carol one kubeconfig with a context per cluster, each her own, until she is removed', async () => {
    const c = await signIn('carol');
    const detail = (await c.get(`${api}/payments`)).json<FleetProjectDetail>();
    expect(detail.kubeconfigClusters).toEqual(['dev', 'staging']);
    const crossSite = await c.get(detail.kubeconfigUrl, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const r = await c.get(detail.kubeconfigUrl);
    expect(r.status, r.text).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/yaml/);
    const file = parse(r.text) as {
      contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
      users: Array<{ name: string; user: { token: string } }>;
    };
    expect(file.contexts.map((x) => [x.name, x.context.cluster])).toEqual([
      ['dev', 'dev'],
      ['staging', 'staging'],
    ]);
    // Each cluster issued its own credential.
    expect(new Set(file.users.map((u) => u.user.token)).size).toBe(2);
    const kubectl = kubectlWith(suite.dataDir, 'carol-fleet', r.text);
    for (const cluster of ['dev', 'staging']) {
      const can = await kubectl(
        '--context',
        cluster,
        'auth',
        'can-i',
        'create',
        'deployments',
        '-n',
        'payments',
      );
      expect(can.stdout.trim(), `${cluster}: ${can.stderr}`).toBe('yes');
      const pods = await kubectl('--context', cluster, 'get', 'pods', '-n', 'payments');
      expect(pods.code, pods.stderr).toBe(0);
      const elsewhere = await kubectl(
        '--context',
        cluster,
        'auth',
        'can-i',
        'get',
        'pods',
        '-n',
        'deliveries',
      );
      expect(elsewhere.stdout.trim()).toBe('no');
    }
    // alice removes carol from the project on both clusters: her file stops working on each.
    const alice = await signIn('alice');
    const p = await plan(alice, remove);
    expect(p.clusters.map((x) => [x.cluster, x.status, x.steps.map((s) => s.op)])).toEqual([
      ['dev', 'ready', ['delete', 'delete']],
      ['staging', 'ready', ['delete']],
    ]);
    expect(p.clusters[0]!.steps[0]!.before?.subjects[0]).toEqual(carol);
    const removed = await alice.post(`${api}/payments/collaborators/apply`, {
      change: remove,
      digest: p.digest,
    });
    expect(removed.status, removed.text).toBe(200);
    const report = removed.json<FleetChangeReport>();
    expect(
      report.clusters.map((x) => [x.cluster, x.status, x.report?.revokedKubeconfigs?.length]),
    ).toEqual([
      ['dev', 'applied', 1],
      ['staging', 'applied', 1],
    ]);
    for (const cluster of ['dev', 'staging']) {
      const after = await kubectl('--context', cluster, 'get', 'pods', '-n', 'payments');
      expect(after.code, cluster).not.toBe(0);
      expect(after.stderr).toMatch(/Unauthorized|must be logged in/);
    }
    expect(await carolMay('dev', 'payments')).toBe('no');
    expect(await carolMay('staging', 'payments')).toBe('no');
    // Not a collaborator anywhere: no file.
    expect((await c.get(detail.kubeconfigUrl)).status).toBe(404);
  });
});
