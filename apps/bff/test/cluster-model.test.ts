// ClusterModel against a real devcluster: changes made through the API server reach the analysis
// authorizer as watch events applied to its index (no rebuild), and it answers exactly as an
// authorizer built from scratch over the same objects would.
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDevCluster, type DevCluster } from '@gatehouse/devcluster';
import {
  createAuthorizer,
  type AuthorizationRequest,
  type Authorizer,
  type UserInfo,
} from '@gatehouse/policy';
import { ClusterModel, type Model } from '../src/analysis/cluster-model.js';
import { staticAuth } from '../src/bff-auth.js';
import { KubeClient } from '../src/kube-client.js';
import { direct, tempDir } from './support/clusters.js';

const RBAC = 'rbac.authorization.k8s.io';
const rbac = `/apis/${RBAC}/v1`;
const ns = 'payments';

const follower: UserInfo = { name: 'follower', groups: ['system:authenticated'] };
const other: UserInfo = { name: 'follower-2', groups: ['followers', 'system:authenticated'] };
const requests: AuthorizationRequest[] = [
  { verb: 'delete', apiGroup: '', resource: 'pods', namespace: ns },
  { verb: 'get', apiGroup: '', resource: 'configmaps', namespace: ns, name: 'settings' },
  { verb: 'list', apiGroup: 'apps', resource: 'deployments', namespace: 'default' },
  { verb: 'list', apiGroup: '', resource: 'nodes' },
  { verb: 'get', path: '/metrics' },
];

/** What the analysis routes read from an authorizer, for the users and requests above. */
function answers(authz: Authorizer): unknown {
  return {
    decisions: [follower, other].map((u) => requests.map((r) => authz.authorize(u, r))),
    whoCan: requests.map((r) => authz.whoCan(r)),
    rules: [follower, other].map((u) => authz.effectiveRules(u, ns)),
    risky: authz.riskyFindings(),
  };
}

describe('ClusterModel follows the watch', () => {
  const dir = tempDir('bff-cluster-model-');
  let cluster: DevCluster;
  let model: ClusterModel;

  beforeAll(async () => {
    cluster = await startDevCluster({
      dataDir: join(dir.path, 'data'),
      port: 0,
      stateFile: join(dir.path, 'state.json'),
    });
    const client = new KubeClient(
      {
        id: 'dc',
        name: 'dc',
        server: cluster.url,
        caPem: cluster.caPem,
        source: 'kubeconfig',
        bffAuth: staticAuth({ token: cluster.token('gatehouse-bff') }, 'token'),
      },
      30_000,
    );
    model = new ClusterModel({ name: 'dc', client }, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    model.stop();
    await cluster.stop();
    dir.remove();
  });

  const write = async (method: string, path: string, body?: unknown) => {
    const r = await direct(cluster, 'admin', method, path, body);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  };
  /** Waits until the model shows the change, then checks it against a from-scratch build. */
  const reflected = async (shows: (m: Model) => boolean) => {
    await vi.waitFor(
      async () => {
        expect(shows(await model.current())).toBe(true);
      },
      { timeout: 20_000, interval: 50 },
    );
    const m = await model.current();
    expect(answers(m.authorizer)).toEqual(answers(createAuthorizer(m.snapshot)));
    return m;
  };
  const allowed = (m: Model, user: UserInfo, i: number) =>
    m.authorizer.authorize(user, requests[i] as AuthorizationRequest).allowed;

  it('applies added, modified and deleted roles and bindings without rebuilding', async () => {
    const first = await model.current();
    expect(model.fullBuilds).toBe(1);
    expect(allowed(first, follower, 0)).toBe(false);

    await write('POST', `${rbac}/namespaces/${ns}/rolebindings`, {
      metadata: { name: 'follow-admin' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'User', apiGroup: RBAC, name: 'follower' }],
    });
    const added = await reflected((m) => allowed(m, follower, 0));
    // A changed model is a new object (per-model caches such as the risk findings start afresh).
    expect(added).not.toBe(first);

    await write('PUT', `${rbac}/namespaces/${ns}/rolebindings/follow-admin`, {
      metadata: { name: 'follow-admin', namespace: ns },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'Group', apiGroup: RBAC, name: 'followers' }],
    });
    await reflected((m) => !allowed(m, follower, 0) && allowed(m, other, 0));

    // A Role first, then a binding to it, then the Role's rules changed and the Role deleted.
    await write('POST', `${rbac}/namespaces/${ns}/rolebindings`, {
      metadata: { name: 'follow-settings' },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'follow-settings' },
      subjects: [{ kind: 'User', apiGroup: RBAC, name: 'follower' }],
    });
    await reflected((m) =>
      m.authorizer
        .authorize(follower, requests[1] as AuthorizationRequest)
        .errors.some((e) => e.includes('"follow-settings" not found')),
    );
    await write('POST', `${rbac}/namespaces/${ns}/roles`, {
      metadata: { name: 'follow-settings' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }],
    });
    await reflected((m) => m.snapshot.roles.some((r) => r.metadata.name === 'follow-settings'));
    expect(allowed(await model.current(), follower, 1)).toBe(false);
    await write('PUT', `${rbac}/namespaces/${ns}/roles/follow-settings`, {
      metadata: { name: 'follow-settings', namespace: ns },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get'] },
      ],
    });
    await reflected((m) => allowed(m, follower, 1));

    // A ClusterRole and a ClusterRoleBinding to it; then the ClusterRole goes away under the binding.
    await write('POST', `${rbac}/clusterroles`, {
      metadata: { name: 'follow-nodes' },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
    });
    await write('POST', `${rbac}/clusterrolebindings`, {
      metadata: { name: 'follow-nodes' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'follow-nodes' },
      subjects: [{ kind: 'Group', apiGroup: RBAC, name: 'followers' }],
    });
    await reflected((m) => allowed(m, other, 3) && allowed(m, other, 4));
    await write('DELETE', `${rbac}/clusterroles/follow-nodes`);
    await reflected((m) => !allowed(m, other, 3));

    for (const path of [
      `${rbac}/clusterrolebindings/follow-nodes`,
      `${rbac}/namespaces/${ns}/rolebindings/follow-admin`,
      `${rbac}/namespaces/${ns}/rolebindings/follow-settings`,
      `${rbac}/namespaces/${ns}/roles/follow-settings`,
    ])
      await write('DELETE', path);
    const last = await reflected(
      (m) => !m.snapshot.roleBindings.some((b) => b.metadata.name?.startsWith('follow-')),
    );
    expect(allowed(last, other, 0)).toBe(false);
    // Every change arrived as an event applied to the index built at first use.
    expect(model.fullBuilds).toBe(1);
  });
});
