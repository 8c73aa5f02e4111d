// Projects, collaborators and kubeconfigs over real HTTP against the embedded devcluster, checked with real kubectl.
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChangeReport,
  KubeconfigsResponse,
  ProjectDetail,
  ProjectsResponse,
} from '../src/contract.js';
import { demoSignIn, startTestBff, type TestBff } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { direct, tempDir } from './support/clusters.js';
import { kubectlWith } from './support/kubectl.js';

const api = '/api/clusters/dev/projects';
const joe = { kind: 'User', name: 'joe' } as const;

describe('projects and collaborators as the signed-in user', () => {
  const dir = tempDir('bff-projects-');
  let bff: TestBff;
  let bob: Browser;
  let joeB: Browser;
  const dc = () => bff.bff.context.clusters.embedded!;

  beforeAll(async () => {
    bff = await startTestBff({ dataDir: dir.path });
    bob = bff.browser();
    await demoSignIn(bob, 'bob');
    joeB = bff.browser();
    await demoSignIn(joeB, 'joe');
  });
  afterAll(async () => {
    await bff?.close();
    dir.remove();
  });

  it('lists only the projects a person collaborates on, with their level', async () => {
    const r = await bob.get(api);
    expect(r.status, r.text).toBe(200);
    const body = r.json<ProjectsResponse>();
    // bob is in group devel, developer in deliveries, besides admin of payments.
    expect(body.projects).toEqual([
      { name: 'deliveries', namespaces: ['deliveries'], myLevels: ['developer'] },
      { name: 'payments', namespaces: ['payments', 'payments-staging'], myLevels: ['admin'] },
    ]);
    expect(body.canCreate).toBe(false);
    const joes = (await joeB.get(api)).json<ProjectsResponse>();
    expect(joes.projects.map((p) => [p.name, p.myLevels])).toEqual([['deliveries', ['developer']]]);
    expect((await joeB.get(`${api}/payments`)).status).toBe(404);
  });

  it('bob invites joe as developer: bindings in every namespace, the link, and an audit line per write', async () => {
    const r = await bob.post(`${api}/payments/collaborators`, {
      subjects: [joe],
      level: 'developer',
    });
    expect(r.status, r.text).toBe(200);
    const report = r.json<ChangeReport>();
    expect(report.outcome).toBe('completed');
    expect(report.steps.map((s) => [s.namespace, s.status])).toEqual([
      ['payments', 'done'],
      ['payments-staging', 'done'],
    ]);
    expect(report.kubeconfigLink).toBe(`${bff.url}/kubeconfig?cluster=dev&project=payments`);
    const detail = (await bob.get(`${api}/payments`)).json<ProjectDetail>();
    expect(detail.collaborators.find((c) => c.subject.name === 'joe')).toMatchObject({
      level: 'developer',
      clusterRole: 'edit',
      complete: true,
      invitedBy: 'bob',
    });
    expect(detail.grantableLevels).toEqual(['viewer', 'developer', 'admin']);
    expect(detail.canManage).toBe(true);
    const rb = await direct<{ metadata: { labels: Record<string, string> } }>(
      dc(),
      'admin',
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments-staging/rolebindings/gatehouse:payments:developer:user:joe',
    );
    expect(rb.body.metadata.labels).toMatchObject({ 'gatehouse.dev/access-level': 'developer' });
    const audit = bff.auditOut
      .json()
      .map((l) => l.audit as { user: string; verb: string; namespace?: string });
    expect(audit).toContainEqual(
      expect.objectContaining({ user: 'bob', verb: 'create', namespace: 'payments-staging' }),
    );
  });

  it('joe’s kubeconfig works in payments only, cannot bind, and stops the moment bob removes him', async () => {
    const r = await joeB.get('/api/clusters/dev/kubeconfig?project=payments');
    expect(r.status, r.text).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment; filename="dev-payments.kubeconfig"');
    const file = parse(r.text) as {
      'current-context': string;
      contexts: Array<{ context: { namespace: string } }>;
    };
    expect(file['current-context']).toBe('dev-payments');
    expect(file.contexts[0]!.context.namespace).toBe('payments');
    const kubectl = kubectlWith(dir.path, 'joe', r.text);
    const who = await kubectl('auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}');
    expect(who.stdout).toMatch(
      /^system:serviceaccount:gatehouse-system:kc-payments-[0-9a-f]{10}-[0-9a-f]{8}$/,
    );
    expect((await kubectl('get', 'pods', '-n', 'payments')).code).toBe(0);
    expect((await kubectl('get', 'configmaps', '-n', 'payments-staging')).code).toBe(0);
    const deliveries = await kubectl('get', 'pods', '-n', 'deliveries');
    expect(deliveries.code).not.toBe(0);
    expect(deliveries.stderr).toMatch(/Forbidden/);
    const bind = await kubectl(
      'create',
      'rolebinding',
      'x',
      '--clusterrole=view',
      '--user=carol',
      '-n',
      'payments',
    );
    expect(bind.stderr).toMatch(/forbidden/i);

    const list = (await joeB.get('/api/kubeconfigs')).json<KubeconfigsResponse>();
    expect(list.kubeconfigs).toEqual([
      expect.objectContaining({ cluster: 'dev', project: 'payments', status: 'active' }),
    ]);

    const removed = await bob.post(`${api}/payments/collaborators/remove`, { subject: joe });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.json<ChangeReport>().revokedKubeconfigs).toEqual([list.kubeconfigs[0]!.id]);
    // The file's identity went with the membership: the token no longer authenticates at all.
    const after = await kubectl('get', 'pods', '-n', 'payments');
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/Unauthorized|must be logged in/);
  });

  it('refuses what must not happen, and changes nothing', async () => {
    const self = await bob.post(`${api}/payments/collaborators/remove`, {
      subject: { kind: 'User', name: 'bob' },
    });
    expect(self.status).toBe(403);
    expect(self.json<{ error: { message: string } }>().error.message).toMatch(/your own access/);
    const above = await bob.post(`${api}/payments/collaborators`, {
      subjects: [{ kind: 'User', name: 'carol' }],
      level: 'cluster-admin',
    });
    expect(above.status).toBe(403);
    expect(above.json<{ error: { message: string } }>().error.message).toMatch(
      /you cannot grant cluster-admin/,
    );
    const system = await bob.post(`${api}/payments/collaborators`, {
      subjects: [{ kind: 'Group', name: 'system:masters' }],
      level: 'viewer',
    });
    expect(system.status).toBe(400);
    const alice = bff.browser();
    await demoSignIn(alice, 'alice');
    const last = await alice.post(`${api}/payments/collaborators/remove`, {
      subject: { kind: 'User', name: 'bob' },
    });
    expect(last.status).toBe(409);
    expect(last.json<{ error: { message: string } }>().error.message).toMatch(/last admin/);
    const detail = (await bob.get(`${api}/payments`)).json<ProjectDetail>();
    expect(detail.collaborators.map((c) => c.subject.name)).toEqual(['bob']);
  });

  it('rolls back a change that fails midway and says which steps ran', async () => {
    // Someone else already holds the name the second namespace's binding would get.
    const squat = await direct(
      dc(),
      'admin',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments-staging/rolebindings',
      {
        metadata: { name: 'gatehouse:payments:viewer:user:carol' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dave' }],
      },
    );
    expect(squat.status).toBe(201);
    const r = await bob.post(`${api}/payments/collaborators`, {
      subjects: [{ kind: 'User', name: 'carol' }],
      level: 'viewer',
    });
    expect(r.status).toBe(409);
    const report = r.json<{ error: { details: ChangeReport } }>().error.details;
    expect(report.outcome).toBe('rolled-back');
    expect(report.steps.map((s) => s.status)).toEqual(['rolled-back', 'failed']);
    const gone = await direct(
      dc(),
      'admin',
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings/gatehouse:payments:viewer:user:carol',
    );
    expect(gone.status).toBe(404);
  });

  it('changes a level keeping the same file working, and revokes one file alone', async () => {
    expect(
      (await bob.post(`${api}/payments/collaborators`, { subjects: [joe], level: 'viewer' }))
        .status,
    ).toBe(200);
    const first = kubectlWith(
      dir.path,
      'joe-1',
      (await joeB.get('/api/clusters/dev/kubeconfig?project=payments')).text,
    );
    const second = kubectlWith(
      dir.path,
      'joe-2',
      (await joeB.get('/api/clusters/dev/kubeconfig?project=payments&namespace=payments-staging'))
        .text,
    );
    expect(
      (await first('auth', 'can-i', 'create', 'configmaps', '-n', 'payments')).stdout.trim(),
    ).toBe('no');
    const up = await bob.post(`${api}/payments/collaborators/level`, {
      subject: joe,
      level: 'developer',
    });
    expect(up.status, up.text).toBe(200);
    expect(up.json<ChangeReport>().steps.map((s) => s.op)).toEqual([
      'create',
      'create',
      'delete',
      'delete',
    ]);
    expect(
      (await first('auth', 'can-i', 'create', 'configmaps', '-n', 'payments')).stdout.trim(),
    ).toBe('yes');

    const mine = (await joeB.get('/api/kubeconfigs')).json<KubeconfigsResponse>().kubeconfigs;
    const older = mine.find((k) => k.namespace === 'payments' && k.status === 'active')!;
    const revoked = await joeB.post(`/api/kubeconfigs/dev/${older.id}/revoke`);
    expect(revoked.status, revoked.text).toBe(200);
    expect((await first('get', 'pods')).stderr).toMatch(/Unauthorized|must be logged in/);
    expect((await second('get', 'pods')).code).toBe(0);
    expect((await bob.post(`/api/kubeconfigs/dev/${mine[0]!.id}/revoke`)).status).toBe(404);
    const all = await joeB.post('/api/kubeconfigs/revoke-all');
    expect(all.status).toBe(200);
    expect((await second('get', 'pods')).code).not.toBe(0);
  });
});
