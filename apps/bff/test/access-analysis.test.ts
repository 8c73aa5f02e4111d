// Access analysis endpoints over real HTTP against a real devcluster: who-can, matrix (JSON and CSV),
// subject view, risks, change impact, the list+watch cache following changes, and the permission gate.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../src/contract.js';
import type {
  AccessMatrixResponse,
  ImpactResponse,
  RisksResponse,
  SubjectViewResponse,
  WhoCanResponse,
} from '../src/analysis/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import { direct } from './support/clusters.js';
import type { Browser } from './support/browser.js';

const api = '/api/clusters/dev/access';
const RBAC = 'rbac.authorization.k8s.io';

describe('access analysis', () => {
  const suite = embeddedBffForSuite('bff-access-', { logLevel: 'warn' });
  let alice: Browser;

  beforeAll(async () => {
    alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
  });

  const get = async <T>(b: Browser, path: string): Promise<T> => {
    const r = await b.get(path);
    expect(r.status, r.text).toBe(200);
    return r.json<T>();
  };

  it('who-can groups subjects by ClusterRoleBindings and RoleBindings of the namespace', async () => {
    const r = await get<WhoCanResponse>(
      alice,
      `${api}/who-can?verb=get&resource=secrets&namespace=payments`,
    );
    const names = (list: WhoCanResponse['clusterWide']) =>
      list.map((m) => `${m.kind}:${m.name}:${m.bindingName}`);
    expect(names(r.clusterWide)).toEqual(
      expect.arrayContaining([
        'User:alice:alice-cluster-admin',
        'Group:system:masters:cluster-admin',
      ]),
    );
    expect(names(r.namespaced)).toEqual(['User:bob:gatehouse:payments:admin']);
    expect(r.privilegedGroups).toEqual(['system:masters']);
    const none = await get<WhoCanResponse>(
      alice,
      `${api}/who-can?verb=get&resource=secrets&namespace=data-lake`,
    );
    // view, bound to data-team there, leaves Secrets out.
    expect(none.namespaced.map((m) => m.name)).toEqual([]);
  });

  it('who-can answers for non-resource URLs from ClusterRoleBindings only', async () => {
    const r = await get<WhoCanResponse>(alice, `${api}/who-can?verb=get&path=%2Fmetrics`);
    expect(r.clusterWide.map((m) => `${m.kind}:${m.name}`)).toContain('Group:sre');
    expect(r.namespaced).toEqual([]);
  });

  it('the matrix holds the cluster-wide row and only the namespaces RoleBindings change', async () => {
    const m = await get<AccessMatrixResponse>(
      alice,
      `${api}/matrix?subjectKind=User&subjectName=joe&groups=devel`,
    );
    expect(m.verbs).toEqual([
      'get',
      'list',
      'watch',
      'create',
      'update',
      'patch',
      'delete',
      'deletecollection',
    ]);
    expect(m.namespaces.map((n) => n.name)).toEqual(
      expect.arrayContaining(['deliveries', 'payments']),
    );
    expect(Object.keys(m.namespaced)).toEqual(['deliveries']);
    const deployments = m.resources.findIndex(
      (t) => t.apiGroup === 'apps' && t.resource === 'deployments',
    );
    expect(deployments).toBeGreaterThanOrEqual(0);
    expect(m.namespaced.deliveries![deployments]).toBe(0xff);
    expect(m.clusterWide[deployments]).toBe(0);
    const secrets = m.resources.findIndex((t) => t.apiGroup === '' && t.resource === 'secrets');
    // edit lets developers read and write Secrets in their namespace.
    expect(m.namespaced.deliveries![secrets]).toBe(0xff);
  });

  it('exports the matrix as CSV', async () => {
    const r = await alice.get(
      `${api}/matrix?subjectKind=User&subjectName=joe&groups=devel&format=csv`,
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toBe(
      'attachment; filename="access-matrix-dev-joe.csv"',
    );
    const lines = r.text.trim().split('\n');
    expect(lines[0]).toBe(
      'namespace,apiGroup,resource,get,list,watch,create,update,patch,delete,deletecollection',
    );
    expect(lines).toContain('deliveries,apps,deployments,yes,yes,yes,yes,yes,yes,yes,yes');
    expect(lines).toContain('payments,apps,deployments,,,,,,,,');
    // The cluster scope lists cluster-scoped types too; namespaces only namespaced ones.
    expect(lines.some((l) => l.startsWith(',,nodes,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('deliveries,,nodes,'))).toBe(false);
    // The page's filters carry over to the export.
    const filtered = await alice.get(
      `${api}/matrix?subjectKind=User&subjectName=joe&groups=devel&format=csv&namespaceFilter=DELIV&resourceFilter=deploy&apiGroup=apps`,
    );
    expect(filtered.text.trim().split('\n')).toEqual([
      'namespace,apiGroup,resource,get,list,watch,create,update,patch,delete,deletecollection',
      ',apps,deployments,,,,,,,,',
      'deliveries,apps,deployments,yes,yes,yes,yes,yes,yes,yes,yes',
    ]);
    const own = await alice.get(
      `${api}/matrix?subjectKind=User&subjectName=joe&groups=devel&format=csv&onlyOwnGrants=true&resourceFilter=secrets`,
    );
    expect(
      own.text
        .trim()
        .split('\n')
        .map((l) => l.split(',')[0]),
    ).toEqual(['namespace', '', 'deliveries']);
  });

  it('the subject view lists every binding naming the subject and what each grants', async () => {
    const v = await get<SubjectViewResponse>(
      alice,
      `${api}/subject?subjectKind=ServiceAccount&subjectName=ci-deployer&subjectNamespace=payments`,
    );
    expect(v.user.name).toBe('system:serviceaccount:payments:ci-deployer');
    expect(v.bindings.filter((b) => b.kind === 'RoleBinding')).toEqual([
      {
        kind: 'RoleBinding',
        name: 'ci-deployer',
        namespace: 'payments',
        roleRef: { apiGroup: RBAC, kind: 'Role', name: 'payments-deployer' },
        roleFound: true,
      },
    ]);
    // Its groups (system:serviceaccounts, system:authenticated) bring the default policy's bindings.
    expect(v.bindings.map((b) => b.name)).toEqual(
      expect.arrayContaining(['system:basic-user', 'system:discovery']),
    );
    expect(v.namespaces).toEqual([
      {
        namespace: 'payments',
        rules: [
          {
            apiGroups: ['apps'],
            resources: ['deployments'],
            verbs: ['get', 'list', 'watch', 'update', 'patch'],
          },
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
        ],
      },
    ]);
    const devel = await get<SubjectViewResponse>(
      alice,
      `${api}/subject?subjectKind=Group&subjectName=devel`,
    );
    expect(devel.bindings.map((b) => `${b.kind}:${b.namespace ?? ''}:${b.name}`)).toEqual([
      'RoleBinding:deliveries:gatehouse:deliveries:developer',
    ]);
  });

  it('risks name the grant, its severity and a fix', async () => {
    const { findings } = await get<RisksResponse>(alice, `${api}/risks`);
    const admin = findings.find(
      (f) => f.id === 'full-authority:ClusterRoleBinding//alice-cluster-admin',
    );
    expect(admin).toMatchObject({
      severity: 'critical',
      bootstrap: false,
      role: { kind: 'ClusterRole', name: 'cluster-admin' },
    });
    expect(admin?.subjects).toEqual([{ kind: 'User', apiGroup: RBAC, name: 'alice' }]);
    expect(
      findings.find((f) => f.id === 'exec-pods:RoleBinding/payments/gatehouse:payments:admin')
        ?.severity,
    ).toBe('medium');
    expect(
      findings.some(
        (f) => f.check === 'unused-role' && f.object.name === 'gatehouse:secret-reader',
      ),
    ).toBe(true);
    expect(findings.every((f) => f.fix.length > 0)).toBe(true);
  });

  it('change impact: who gains and who loses before a write', async () => {
    const binding = {
      kind: 'RoleBinding',
      metadata: { name: 'carol-secrets', namespace: 'payments' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'gatehouse:secret-reader' },
      subjects: [{ kind: 'User', apiGroup: RBAC, name: 'carol' }],
    };
    const r = await alice.post(`${api}/impact`, { operation: 'create', object: binding });
    expect(r.status, r.text).toBe(200);
    expect(r.json<ImpactResponse>().subjects).toEqual([
      {
        subject: { kind: 'User', apiGroup: RBAC, name: 'carol' },
        gained: [
          {
            namespace: 'payments',
            rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
          },
        ],
        lost: [],
      },
    ]);
    const role = {
      kind: 'Role',
      metadata: { name: 'payments-deployer', namespace: 'payments' },
      rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }],
    };
    const update = await alice.post(`${api}/impact`, { operation: 'update', object: role });
    expect(update.json<ImpactResponse>().subjects).toEqual([
      {
        subject: { kind: 'ServiceAccount', name: 'ci-deployer', namespace: 'payments' },
        gained: [],
        lost: [
          {
            namespace: 'payments',
            rules: [
              { apiGroups: ['apps'], resources: ['deployments'], verbs: ['update', 'patch'] },
              { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
            ],
          },
        ],
      },
    ]);
    const invalid = await alice.post(`${api}/impact`, {
      operation: 'create',
      object: {
        kind: 'Role',
        metadata: { name: 'x', namespace: 'payments' },
        rules: [{ verbs: [] }],
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json<ApiErrorBody>().error.message).toMatch(/rules\[0\]\.verbs/);
  });

  it('follows changes through the watch', async () => {
    const dc = suite.bff.bff.context.clusters.embedded!;
    const created = await direct(
      dc,
      'admin',
      'POST',
      `/apis/${RBAC}/v1/namespaces/data/rolebindings`,
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'RoleBinding',
        metadata: { name: 'watched' },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' },
        subjects: [{ kind: 'User', apiGroup: RBAC, name: 'watcher' }],
      },
    );
    expect(created.status).toBe(201);
    await expect
      .poll(
        async () =>
          (
            await get<WhoCanResponse>(
              alice,
              `${api}/who-can?verb=delete&resource=pods&namespace=data`,
            )
          ).namespaced.map((m) => m.name),
        { timeout: 20_000 },
      )
      .toContain('watcher');
    await direct(dc, 'admin', 'DELETE', `/apis/${RBAC}/v1/namespaces/data/rolebindings/watched`);
    await expect
      .poll(
        async () =>
          (
            await get<WhoCanResponse>(
              alice,
              `${api}/who-can?verb=delete&resource=pods&namespace=data`,
            )
          ).namespaced.map((m) => m.name),
        { timeout: 20_000 },
      )
      .not.toContain('watcher');
  });

  it('serves nothing, with a plain explanation, to people who may read no binding', async () => {
    // carol is bound nowhere: no Roles or RoleBindings to list in any namespace, no ClusterRoleBindings.
    const carol = suite.bff.browser();
    await demoSignIn(carol, 'carol');
    for (const path of [
      `${api}/check?subjectKind=Self&verb=get&resource=pods&namespace=payments`,
      `${api}/who-can?verb=get&resource=secrets&namespace=payments`,
      `${api}/matrix?subjectKind=Self`,
      `${api}/subject?subjectKind=User&subjectName=alice`,
      `${api}/risks`,
    ]) {
      const r = await carol.get(path);
      expect(r.status, path).toBe(403);
      const body = r.json<ApiErrorBody>();
      expect(body.error.reason).toBe('Forbidden');
      expect(body.error.message).toMatch(
        /works from the RBAC objects you may read, and user "carol" may read none in cluster/,
      );
      expect(r.text).not.toMatch(/alice-cluster-admin|gatehouse:payments:admin/);
    }
    const impact = await carol.post(`${api}/impact`, {
      operation: 'delete',
      object: {
        kind: 'Role',
        metadata: { name: 'payments-deployer', namespace: 'payments' },
        rules: [],
      },
    });
    expect(impact.status).toBe(403);
    expect((await suite.bff.browser().get(`${api}/risks`)).status).toBe(401);
  });

  it('rejects bad input with a message naming the field', async () => {
    const r = await alice.get(
      `${api}/check?subjectKind=ServiceAccount&subjectName=x&verb=get&resource=pods`,
    );
    expect(r.status).toBe(400);
    expect(r.json<ApiErrorBody>().error.message).toMatch(
      /subjectNamespace: a ServiceAccount needs a namespace/,
    );
    const both = await alice.get(`${api}/who-can?verb=get&resource=pods&path=%2Fx`);
    expect(both.status).toBe(400);
    expect((await alice.get('/api/clusters/nope/access/risks')).status).toBe(404);
  });
});
