// AccessPolicies over the embedded fleet (dev, the home cluster, and staging): the BFF over HTTP,
// two real devclusters over HTTPS, and the real kubectl to check what each cluster then allows.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  AccessPolicy,
  ApplyConflict,
  ApplyResponse,
  ClusterPlan,
  InvalidDetails,
  PoliciesResponse,
  PolicyDetail,
  PolicyPlan,
  PolicySpecInput,
} from '../src/fleet/policies/contract.js';
import type { ApiErrorBody, AuditEntry } from '../src/contract.js';
import type { Browser } from './support/browser.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import { kubectlFile } from './support/kubectl.js';

const suite = embeddedBffForSuite('bff-policies-');
const kubectl = (cluster: 'dev' | 'staging') =>
  kubectlFile(
    join(
      suite.dataDir,
      cluster === 'dev' ? 'devcluster' : 'devcluster-staging',
      'kubeconfig',
      'admin.yaml',
    ),
  );
const dc = (cluster: 'dev' | 'staging') => suite.bff.bff.context.clusters.embeddedById[cluster]!;

async function as(user: string): Promise<Browser> {
  const b = suite.bff.browser();
  await demoSignIn(b, user);
  return b;
}

const P = '/api/fleet/policies';
const everywhere = { names: ['*'] };
const view = (ns: string[], clusters: { names?: string[] } = everywhere) => ({
  clusterRole: 'view',
  placements: [{ clusters, namespaces: { names: ns } }],
});

/** The sre story of issue 16: view on kube-system everywhere, edit on payments on staging only. */
const sreSpec: PolicySpecInput = {
  description: 'SRE on-call',
  subjects: [{ kind: 'Group', name: 'sre' }],
  statements: [
    view(['kube-system']),
    {
      clusterRole: 'edit',
      placements: [{ clusters: { names: ['staging'] }, namespaces: { names: ['payments'] } }],
    },
  ],
};

async function create(b: Browser, name: string, spec: PolicySpecInput): Promise<AccessPolicy> {
  const r = await b.post(P, { name, spec });
  expect(r.status, r.text).toBe(201);
  return r.json<AccessPolicy>();
}

async function plan(b: Browser, body: object): Promise<PolicyPlan> {
  const r = await b.post(`${P}/plan`, body);
  expect(r.status, r.text).toBe(200);
  return r.json<PolicyPlan>();
}

async function apply(b: Browser, name: string, digest: string, remove = false) {
  const r = await b.post(`${P}/${name}/apply`, { digest, ...(remove ? { remove } : {}) });
  expect(r.status, r.text).toBe(200);
  return r.json<ApplyResponse>();
}

async function detail(b: Browser, name: string): Promise<PolicyDetail> {
  const r = await b.get(`${P}/${name}`);
  expect(r.status, r.text).toBe(200);
  return r.json<PolicyDetail>();
}

/** Plans the saved policy and applies exactly that plan. */
async function planAndApply(b: Browser, name: string, remove = false) {
  const p = await plan(b, { name, ...(remove ? { remove } : {}) });
  return { plan: p, result: await apply(b, name, p.digest, remove) };
}

const clusterOf = (p: PolicyPlan, id: string): ClusterPlan =>
  p.clusters.find((c) => c.cluster === id)!;
const names = (objs: Array<{ kind: string; namespace?: string; name: string }>) =>
  objs.map((o) => `${o.kind} ${o.namespace ?? ''}/${o.name}`).sort();

/** `kind namespace/name` of every object labelled with the policy on a cluster, read with kubectl. */
async function managed(cluster: 'dev' | 'staging', policy: string): Promise<string[]> {
  const r = await kubectl(cluster)(
    'get',
    'clusterroles,clusterrolebindings,rolebindings',
    '-A',
    '-l',
    `gatehouse.dev/policy=${policy}`,
    '-o',
    'jsonpath={range .items[*]}{.kind} {.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
  );
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean).sort();
}

async function canI(
  cluster: 'dev' | 'staging',
  verb: string,
  resource: string,
  ns: string,
  group = 'sre',
): Promise<string> {
  const r = await kubectl(cluster)(
    'auth',
    'can-i',
    verb,
    resource,
    '-n',
    ns,
    '--as',
    'sam',
    '--as-group',
    group,
  );
  return r.stdout.trim();
}

function auditLines(): AuditEntry[] {
  return suite.bff.auditOut.json().flatMap((l) => (l.audit ? [l.audit as AuditEntry] : []));
}

describe('AccessPolicies over dev and staging', () => {
  it('the sre story: a plan per cluster, applied as alice, and each cluster then allows exactly that', async () => {
    const alice = await as('alice');
    await create(alice, 'sre', sreSpec);
    const p = await plan(alice, { name: 'sre' });
    expect(p.generation).toBe(1);
    const dev = clusterOf(p, 'dev');
    const staging = clusterOf(p, 'staging');
    expect([dev.state, staging.state]).toEqual(['ok', 'ok']);
    expect(names(dev.creates)).toEqual(['RoleBinding kube-system/gatehouse-policy:sre:0']);
    expect(names(staging.creates)).toEqual([
      'RoleBinding kube-system/gatehouse-policy:sre:0',
      'RoleBinding payments/gatehouse-policy:sre:1',
    ]);
    expect([dev.updates, dev.deletes, staging.updates, staging.deletes]).toEqual([[], [], [], []]);
    const edit = staging.creates.find((o) => o.namespace === 'payments')!.object;
    expect(edit.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'edit',
    });
    expect(edit.subjects).toEqual([
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'sre' },
    ]);
    expect(edit.metadata.labels).toEqual({
      'gatehouse.dev/policy': 'sre',
      'app.kubernetes.io/managed-by': 'gatehouse',
    });
    expect(edit.metadata.annotations).toEqual({ 'gatehouse.dev/policy-generation': '1' });
    // The impact: group sre gains edit rules in payments on staging.
    const gained = staging.impact?.subjects.find((s) => s.subject.name === 'sre')?.gained ?? [];
    expect(gained.map((g) => g.namespace).sort()).toEqual(['kube-system', 'payments']);

    // The seed's sre group may already watch pods (gatehouse:monitoring), not read config.
    expect(await canI('dev', 'list', 'configmaps', 'kube-system')).toBe('no');
    const result = await apply(alice, 'sre', p.digest);
    expect(result.clusters.map((c) => [c.cluster, c.outcome])).toEqual([
      ['dev', 'applied'],
      ['staging', 'applied'],
    ]);
    expect(result.clusters[1]!.steps.map((s) => [s.action, s.namespace, s.ok])).toEqual([
      ['create', 'kube-system', true],
      ['create', 'payments', true],
    ]);
    expect(result.policy?.clusters?.map((c) => [c.cluster, c.state, c.lastAppliedBy])).toEqual([
      ['dev', 'Applied', 'alice'],
      ['staging', 'Applied', 'alice'],
    ]);

    expect(await canI('dev', 'list', 'configmaps', 'kube-system')).toBe('yes');
    expect(await canI('staging', 'list', 'configmaps', 'kube-system')).toBe('yes');
    expect(await canI('staging', 'create', 'deployments', 'payments')).toBe('yes');
    expect(await canI('dev', 'create', 'deployments', 'payments')).toBe('no');
    expect(await canI('dev', 'create', 'deployments', 'kube-system')).toBe('no');
    expect(await canI('staging', 'list', 'configmaps', 'payments', 'not-sre')).toBe('no');

    const d = await detail(alice, 'sre');
    expect(d.clusters.map((c) => [c.cluster, c.state, c.access, c.drift])).toEqual([
      ['dev', 'Applied', 'ok', []],
      ['staging', 'Applied', 'ok', []],
    ]);
    // Each write was audited as alice with its cluster.
    const writes = auditLines().filter(
      (e) =>
        e.user === 'alice' &&
        e.resource === 'rolebindings' &&
        e.name?.startsWith('gatehouse-policy:sre'),
    );
    expect(writes.map((e) => [e.cluster, e.verb, e.namespace, e.outcome.status]).sort()).toEqual([
      ['dev', 'create', 'kube-system', 'success'],
      ['staging', 'create', 'kube-system', 'success'],
      ['staging', 'create', 'payments', 'success'],
    ]);
    // The plan now is all unchanged.
    const again = await plan(alice, { name: 'sre' });
    expect(again.clusters.map((c) => [c.creates.length, c.updates.length, c.unchanged])).toEqual([
      [0, 0, 1],
      [0, 0, 2],
    ]);
  });

  it('shows a binding edited with kubectl as drift with its diff; re-applying restores it', async () => {
    const alice = await as('alice');
    const patched = await kubectl('dev')(
      'patch',
      'rolebinding',
      'gatehouse-policy:sre:0',
      '-n',
      'kube-system',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/subjects/0/name","value":"sre-interns"}]',
    );
    expect(patched.code, patched.stderr).toBe(0);
    const d = await detail(alice, 'sre');
    const dev = d.clusters.find((c) => c.cluster === 'dev')!;
    expect(dev.state).toBe('Drifted');
    expect(dev.drift?.map((o) => [o.kind, o.namespace, o.name, o.missing])).toEqual([
      ['RoleBinding', 'kube-system', 'gatehouse-policy:sre:0', false],
    ]);
    expect(dev.drift![0]!.diff).toEqual(
      expect.arrayContaining(['-    name: sre-interns', '+    name: sre']),
    );
    expect(d.clusters.find((c) => c.cluster === 'staging')!.state).toBe('Applied');
    const list = (await alice.get(P)).json<PoliciesResponse>();
    expect(list.policies.find((p) => p.name === 'sre')!.clusters.map((c) => c.state)).toEqual([
      'Drifted',
      'Applied',
    ]);
    expect(await canI('dev', 'list', 'configmaps', 'kube-system')).toBe('no');

    const { plan: p, result } = await planAndApply(alice, 'sre');
    expect(clusterOf(p, 'dev').updates.map((u) => u.obj.name)).toEqual(['gatehouse-policy:sre:0']);
    expect(clusterOf(p, 'staging').updates).toEqual([]);
    expect(result.clusters.map((c) => c.outcome)).toEqual(['applied', 'unchanged']);
    expect(await canI('dev', 'list', 'configmaps', 'kube-system')).toBe('yes');
    expect((await detail(alice, 'sre')).clusters.map((c) => c.state)).toEqual([
      'Applied',
      'Applied',
    ]);
  });

  it('answers 409 with the fresh plan when the plan changed since it was shown, and changes nothing', async () => {
    const alice = await as('alice');
    const p = await plan(alice, { name: 'sre' });
    const gone = await kubectl('staging')(
      'delete',
      'rolebinding',
      'gatehouse-policy:sre:1',
      '-n',
      'payments',
    );
    expect(gone.code, gone.stderr).toBe(0);
    const r = await alice.post(`${P}/sre/apply`, { digest: p.digest });
    expect(r.status, r.text).toBe(409);
    const conflict = r.json<ApplyConflict>();
    expect(conflict.error.reason).toBe('Conflict');
    expect(conflict.plan.digest).not.toBe(p.digest);
    expect(names(clusterOf(conflict.plan, 'staging').creates)).toEqual([
      'RoleBinding payments/gatehouse-policy:sre:1',
    ]);
    expect(await managed('staging', 'sre')).toEqual([
      'RoleBinding kube-system/gatehouse-policy:sre:0',
    ]);
    // Missing while its generation was applied: drift, not pending.
    const staging = (await detail(alice, 'sre')).clusters.find((c) => c.cluster === 'staging')!;
    expect([staging.state, staging.drift?.map((o) => o.missing)]).toEqual(['Drifted', [true]]);
    const result = await apply(alice, 'sre', conflict.plan.digest);
    expect(result.clusters.map((c) => c.outcome)).toEqual(['unchanged', 'applied']);
    expect(await managed('staging', 'sre')).toHaveLength(2);
  });

  it('narrowing a placement deletes exactly what is no longer desired', async () => {
    const alice = await as('alice');
    const current = await detail(alice, 'sre');
    const narrowed: PolicySpecInput = {
      ...sreSpec,
      statements: [view(['kube-system'], { names: ['staging'] }), sreSpec.statements[1]!],
    };
    const put = await alice.send('PUT', `${P}/sre`, {
      body: { spec: narrowed, resourceVersion: current.policy.metadata.resourceVersion },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json<AccessPolicy>().metadata.generation).toBe(2);
    // A second write with the old resourceVersion is a conflict, as the API server says.
    const stale = await alice.send('PUT', `${P}/sre`, {
      body: { spec: sreSpec, resourceVersion: current.policy.metadata.resourceVersion },
    });
    expect(stale.status, stale.text).toBe(409);

    // Not applied yet at generation 2: the clusters say so.
    expect((await detail(alice, 'sre')).clusters.map((c) => c.state)).toEqual([
      'NotApplied',
      'NotApplied',
    ]);
    const { plan: p, result } = await planAndApply(alice, 'sre');
    const dev = clusterOf(p, 'dev');
    expect([dev.targeted, names(dev.deletes), dev.creates, dev.updates]).toEqual([
      false,
      ['RoleBinding kube-system/gatehouse-policy:sre:0'],
      [],
      [],
    ]);
    const staging = clusterOf(p, 'staging');
    expect([staging.creates, staging.deletes]).toEqual([[], []]);
    // Only the generation annotation moves on staging.
    expect(staging.updates.flatMap((u) => u.diff.filter((l) => /^[-+]/.test(l)))).toEqual([
      '-    gatehouse.dev/policy-generation: "1"',
      '+    gatehouse.dev/policy-generation: "2"',
      '-    gatehouse.dev/policy-generation: "1"',
      '+    gatehouse.dev/policy-generation: "2"',
    ]);
    expect(result.clusters.map((c) => c.outcome)).toEqual(['applied', 'applied']);
    expect(await managed('dev', 'sre')).toEqual([]);
    expect(await managed('staging', 'sre')).toHaveLength(2);
    expect(await canI('dev', 'list', 'configmaps', 'kube-system')).toBe('no');
    expect(result.policy?.clusters?.map((c) => c.cluster)).toEqual(['staging']);
  });

  it('removal shows the deletes first, then deletes exactly the labelled objects and the policy', async () => {
    const alice = await as('alice');
    const everything = async () =>
      (
        await kubectl('staging')(
          'get',
          'clusterroles,clusterrolebindings,rolebindings',
          '-A',
          '-o',
          'name',
        )
      ).stdout
        .split('\n')
        .filter(Boolean)
        .sort();
    const before = await everything();
    const { plan: p, result } = await planAndApply(alice, 'sre', true);
    expect(p.remove).toBe(true);
    expect(names(clusterOf(p, 'staging').deletes)).toEqual([
      'RoleBinding kube-system/gatehouse-policy:sre:0',
      'RoleBinding payments/gatehouse-policy:sre:1',
    ]);
    expect(clusterOf(p, 'staging').creates).toEqual([]);
    expect(clusterOf(p, 'dev').deletes).toEqual([]);
    expect(result.deleted).toBe(true);
    const after = await everything();
    expect(await managed('staging', 'sre')).toEqual([]);
    expect((await alice.get(`${P}/sre`)).status).toBe(404);
    // Exactly those two are gone; everything else is as it was.
    const gone = before.filter((n) => !after.includes(n));
    expect(gone).toEqual([
      'rolebinding.rbac.authorization.k8s.io/gatehouse-policy:sre:0',
      'rolebinding.rbac.authorization.k8s.io/gatehouse-policy:sre:1',
    ]);
    expect(after.filter((n) => !before.includes(n))).toEqual([]);
  });

  it('lists a namespace created later that matches a selector as pending, and applies only when asked', async () => {
    const alice = await as('alice');
    const dev = kubectl('dev');
    expect((await dev('create', 'namespace', 'sel-one')).code).toBe(0);
    expect((await dev('label', 'namespace', 'sel-one', 'oncall=yes')).code).toBe(0);
    await create(alice, 'oncall', {
      subjects: [{ kind: 'User', name: 'olga' }],
      statements: [
        {
          rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }],
          placements: [
            {
              clusters: { selector: { matchLabels: { env: 'dev' } } },
              namespaces: { selector: { matchLabels: { oncall: 'yes' } } },
            },
          ],
        },
      ],
    });
    const { plan: p } = await planAndApply(alice, 'oncall');
    expect(names(clusterOf(p, 'dev').creates)).toEqual([
      'ClusterRole /gatehouse-policy:oncall:0',
      'RoleBinding sel-one/gatehouse-policy:oncall:0',
    ]);
    expect(clusterOf(p, 'staging')).toMatchObject({ targeted: false, creates: [] });
    expect((await dev('create', 'namespace', 'sel-two')).code).toBe(0);
    expect((await dev('label', 'namespace', 'sel-two', 'oncall=yes')).code).toBe(0);
    const d = await detail(alice, 'oncall');
    const devStatus = d.clusters.find((c) => c.cluster === 'dev')!;
    expect([devStatus.state, devStatus.pendingNamespaces, devStatus.drift]).toEqual([
      'Pending',
      ['sel-two'],
      [],
    ]);
    // Nothing was applied in the background.
    expect(await managed('dev', 'oncall')).toEqual([
      'ClusterRole /gatehouse-policy:oncall:0',
      'RoleBinding sel-one/gatehouse-policy:oncall:0',
    ]);
    const { plan: next } = await planAndApply(alice, 'oncall');
    expect(names(clusterOf(next, 'dev').creates)).toEqual([
      'RoleBinding sel-two/gatehouse-policy:oncall:0',
    ]);
    expect((await detail(alice, 'oncall')).clusters[0]!.state).toBe('Applied');
    const olga = await kubectl('dev')(
      'auth',
      'can-i',
      'list',
      'configmaps',
      '-n',
      'sel-two',
      '--as',
      'olga',
    );
    expect(olga.stdout.trim()).toBe('yes');
    const { result } = await planAndApply(alice, 'oncall', true);
    expect(result.deleted).toBe(true);
    expect(await managed('dev', 'oncall')).toEqual([]);
  });

  it('a write failing on staging rolls back staging only; dev stays applied; each is reported', async () => {
    const alice = await as('alice');
    await create(alice, 'faulty', {
      subjects: [{ kind: 'Group', name: 'sre' }],
      statements: [view(['kube-system', 'payments'])],
    });
    const p = await plan(alice, { name: 'faulty' });
    dc('staging').setFaults({
      errorRate: 1,
      errorPaths: ['/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings'],
    });
    let result: ApplyResponse;
    try {
      result = await apply(alice, 'faulty', p.digest);
    } finally {
      dc('staging').setFaults({});
    }
    const [dev, staging] = result.clusters;
    expect(dev!.outcome).toBe('applied');
    expect(staging!.outcome).toBe('rolled-back');
    expect(staging!.reason).toMatch(/injected fault|rolled back/);
    expect(staging!.steps.map((s) => [s.namespace, s.ok, s.rolledBack ?? false])).toEqual([
      ['kube-system', false, true],
      ['payments', false, false],
    ]);
    expect(await managed('dev', 'faulty')).toHaveLength(2);
    expect(await managed('staging', 'faulty')).toEqual([]);
    expect(result.policy?.clusters?.map((c) => [c.cluster, c.state])).toEqual([
      ['dev', 'Applied'],
      ['staging', 'Failed'],
    ]);
    const d = await detail(alice, 'faulty');
    expect(d.clusters.map((c) => c.state)).toEqual(['Applied', 'Failed']);
    // The rollback is in the audit log, as alice on staging.
    expect(
      auditLines().some(
        (e) => e.cluster === 'staging' && e.user === 'alice' && e.rollback && e.verb === 'delete',
      ),
    ).toBe(true);
    const { result: removed } = await planAndApply(alice, 'faulty', true);
    expect(removed.deleted).toBe(true);
    expect(await managed('dev', 'faulty')).toEqual([]);
  });

  describe('bob, a policy author on dev only', () => {
    const grant = 'test-bob-policy-author';
    afterAll(async () => {
      await kubectl('dev')('delete', 'clusterrolebinding', grant, '--ignore-not-found');
    });

    it('is refused on staging with the API server reason while dev applies', async () => {
      const bob = await as('bob');
      // Without the grant he may not even write a policy.
      const refused = await bob.post(P, {
        name: 'bob-view',
        spec: { subjects: [{ kind: 'User', name: 'carol' }], statements: [view(['payments'])] },
      });
      expect(refused.status).toBe(403);
      expect(refused.json<ApiErrorBody>().error.message).toMatch(/bob/);
      const granted = await kubectl('dev')(
        'create',
        'clusterrolebinding',
        grant,
        '--clusterrole=gatehouse:policy-author',
        '--user=bob',
      );
      expect(granted.code, granted.stderr).toBe(0);
      await create(bob, 'bob-view', {
        subjects: [{ kind: 'User', name: 'carol' }],
        statements: [view(['payments'])],
      });
      const p = await plan(bob, { name: 'bob-view' });
      expect(clusterOf(p, 'dev').state).toBe('ok');
      expect(names(clusterOf(p, 'dev').creates)).toEqual([
        'RoleBinding payments/gatehouse-policy:bob-view:0',
      ]);
      const st = clusterOf(p, 'staging');
      expect(st.state).toBe('no-access');
      expect(st.reason).toMatch(/User "bob" cannot/);
      const result = await apply(bob, 'bob-view', p.digest);
      expect(result.clusters.map((c) => [c.cluster, c.outcome])).toEqual([
        ['dev', 'applied'],
        ['staging', 'skipped'],
      ]);
      expect(result.clusters[1]!.reason).toMatch(/User "bob" cannot/);
      expect(result.policy?.clusters?.map((c) => [c.cluster, c.state, c.lastAppliedBy])).toEqual([
        ['dev', 'Applied', 'bob'],
        ['staging', 'NotApplied', undefined],
      ]);
      expect(await managed('dev', 'bob-view')).toEqual([
        'RoleBinding payments/gatehouse-policy:bob-view:0',
      ]);
      expect(await managed('staging', 'bob-view')).toEqual([]);
      const carol = await kubectl('dev')(
        'auth',
        'can-i',
        'list',
        'pods',
        '-n',
        'payments',
        '--as',
        'carol',
      );
      expect(carol.stdout.trim()).toBe('yes');
      // The refusal on staging is audited as bob.
      expect(
        auditLines().some(
          (e) =>
            e.user === 'bob' &&
            e.cluster === 'staging' &&
            e.verb === 'apply' &&
            e.outcome.status === 'denied',
        ),
      ).toBe(true);
      // alice removes it everywhere.
      const alice = await as('alice');
      const { result: removed } = await planAndApply(alice, 'bob-view', true);
      expect(removed.deleted).toBe(true);
      expect(await managed('dev', 'bob-view')).toEqual([]);
    });
  });

  it('keeps the built-ins as read-only templates', async () => {
    const alice = await as('alice');
    const list = (await alice.get(P)).json<PoliciesResponse>();
    const builtins = list.policies.filter((p) => p.builtin);
    expect(builtins.map((p) => [p.name, p.subjects.length])).toEqual([
      ['gatehouse-admin', 0],
      ['gatehouse-developer', 0],
      ['gatehouse-viewer', 0],
    ]);
    expect(list.canCreate).toBe(true);
    const d = await detail(alice, 'gatehouse-viewer');
    expect([d.builtin, d.canEdit, d.canDelete]).toEqual([true, false, false]);
    expect(d.policy.spec.statements).toEqual([
      {
        clusterRole: 'view',
        placements: [{ clusters: { names: ['*'] }, namespaces: { names: ['*'] } }],
      },
    ]);
    const put = await alice.send('PUT', `${P}/gatehouse-viewer`, {
      body: { spec: sreSpec, resourceVersion: d.policy.metadata.resourceVersion },
    });
    expect(put.status, put.text).toBe(403);
    expect(put.json<ApiErrorBody>().error.message).toMatch(/built-in/);
    const removal = await alice.post(`${P}/plan`, { name: 'gatehouse-viewer', remove: true });
    expect(removal.status).toBe(403);
    const applied = await alice.post(`${P}/gatehouse-admin/apply`, { digest: 'x', remove: true });
    expect(applied.status).toBe(403);
    const after = await detail(alice, 'gatehouse-viewer');
    expect(after.policy.metadata.generation).toBe(d.policy.metadata.generation);
    expect(after.policy.spec).toEqual(d.policy.spec);
  });

  it('refuses bad specs with 422 and the fields, changing nothing', async () => {
    const alice = await as('alice');
    const before = (await alice.get(P)).json<PoliciesResponse>().policies.map((p) => p.name);
    const r = await alice.post(P, {
      name: 'Bad:Name',
      spec: {
        subjects: [{ kind: 'ServiceAccount', name: 'ci' }],
        statements: [
          {
            clusterRole: 'view',
            rules: [{ verbs: ['get'] }],
            placements: [{ clusters: { names: ['*'], selector: {} }, namespaces: { names: [] } }],
          },
        ],
      },
    });
    expect(r.status, r.text).toBe(422);
    const err = r.json<ApiErrorBody>().error;
    expect(err.reason).toBe('Invalid');
    const fields = (err.details as InvalidDetails).causes.map((c) => c.field).sort();
    expect(fields).toEqual([
      'name',
      'spec.statements[0]',
      'spec.statements[0].placements[0].clusters',
      'spec.statements[0].placements[0].namespaces.names',
      'spec.subjects[0].namespace',
    ]);
    const empty = await alice.post(P, { name: 'empty', spec: { subjects: [], statements: [] } });
    expect(empty.status).toBe(422);
    const badPlan = await alice.post(`${P}/plan`, { spec: { subjects: [], statements: [] } });
    expect(badPlan.status).toBe(422);
    expect((await alice.get(P)).json<PoliciesResponse>().policies.map((p) => p.name)).toEqual(
      before,
    );
    expect((await alice.get(`${P}/empty`)).status).toBe(404);
  });
});
