// Authorization reviews, the aggregation controller, impersonation headers, discovery and fault injection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, raw, startTestCluster, type TestCluster } from './helpers.js';

let tc: TestCluster;
let admin: string;
beforeAll(async () => {
  tc = await startTestCluster({ seed: 'demo' });
  admin = tc.cluster.token('admin');
});
afterAll(async () => tc?.stop());

const AUTHZ = '/apis/authorization.k8s.io/v1';

describe('access reviews', () => {
  it('SubjectAccessReview answers for another user with the RBAC reason', async () => {
    const r = await raw(tc.cluster, 'POST', `${AUTHZ}/subjectaccessreviews`, {
      token: admin,
      body: {
        spec: {
          user: 'joe',
          groups: ['devel'],
          resourceAttributes: {
            namespace: 'deliveries',
            verb: 'create',
            group: 'apps',
            resource: 'deployments',
          },
        },
      },
    });
    expect(r.status).toBe(201);
    expect(r.json.status).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "gatehouse:deliveries:developer/deliveries" of ClusterRole "edit" to Group "devel"',
    });
    const no = await raw(tc.cluster, 'POST', `${AUTHZ}/subjectaccessreviews`, {
      token: admin,
      body: { spec: { user: 'carol', nonResourceAttributes: { path: '/metrics', verb: 'get' } } },
    });
    expect(no.json.status).toEqual({ allowed: false });
  });

  it('LocalSubjectAccessReview must name its own namespace', async () => {
    const ok = await raw(
      tc.cluster,
      'POST',
      `${AUTHZ}/namespaces/payments/localsubjectaccessreviews`,
      {
        token: tc.cluster.token('bob'),
        body: {
          spec: {
            user: 'carol',
            resourceAttributes: { namespace: 'payments', verb: 'get', resource: 'pods' },
          },
        },
      },
    );
    expect(at(ok.json, 'status', 'allowed')).toBe(false);
    const bad = await raw(
      tc.cluster,
      'POST',
      `${AUTHZ}/namespaces/payments/localsubjectaccessreviews`,
      {
        token: tc.cluster.token('bob'),
        body: {
          spec: {
            user: 'carol',
            resourceAttributes: { namespace: 'data', verb: 'get', resource: 'pods' },
          },
        },
      },
    );
    // ValidateLocalSubjectAccessReview: 422 Invalid, "must match metadata.namespace" (fidelity.test.ts).
    expect(bad.status).toBe(422);
  });

  it('SelfSubjectRulesReview requires a namespace and lists the rules', async () => {
    const missing = await raw(tc.cluster, 'POST', `${AUTHZ}/selfsubjectrulesreviews`, {
      token: tc.cluster.token('joe'),
      body: { spec: {} },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toBe('no namespace on request');
    const r = await raw(tc.cluster, 'POST', `${AUTHZ}/selfsubjectrulesreviews`, {
      token: tc.cluster.token('joe'),
      body: { spec: { namespace: 'deliveries' } },
    });
    expect(at(r.json, 'status', 'incomplete')).toBe(false);
    const rules = at(r.json, 'status', 'resourceRules') as {
      resources?: string[];
      verbs: string[];
    }[];
    expect(
      rules.some(
        (rule) => rule.resources?.includes('deployments') && rule.verbs.includes('create'),
      ),
    ).toBe(true);
  });
});

describe('aggregation controller', () => {
  it('folds a new aggregate-to-view ClusterRole into view, edit and admin, and drops it when deleted', async () => {
    const body = {
      metadata: {
        name: 'widgets-view',
        labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
      },
      rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }],
    };
    expect(
      (
        await raw(tc.cluster, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
          token: admin,
          body,
        })
      ).status,
    ).toBe(201);
    for (const role of ['view', 'edit', 'admin']) {
      const r = await raw(
        tc.cluster,
        'GET',
        `/apis/rbac.authorization.k8s.io/v1/clusterroles/${role}`,
        { token: admin },
      );
      expect(r.json.rules).toContainEqual(body.rules[0]);
    }
    const can = await raw(tc.cluster, 'POST', `${AUTHZ}/selfsubjectaccessreviews`, {
      token: tc.cluster.token('joe'),
      body: {
        spec: {
          resourceAttributes: {
            namespace: 'deliveries',
            verb: 'get',
            group: 'example.com',
            resource: 'widgets',
          },
        },
      },
    });
    expect(at(can.json, 'status', 'allowed')).toBe(true);
    await raw(
      tc.cluster,
      'DELETE',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/widgets-view',
      { token: admin },
    );
    const view = await raw(
      tc.cluster,
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/view',
      { token: admin },
    );
    expect(view.json.rules).not.toContainEqual(body.rules[0]);
  });

  it('refuses an aggregationRule from someone without full authority', async () => {
    const rbac = '/apis/rbac.authorization.k8s.io/v1';
    await raw(tc.cluster, 'POST', `${rbac}/clusterroles`, {
      token: admin,
      body: {
        metadata: { name: 'role-writer' },
        rules: [
          {
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            verbs: ['create'],
          },
        ],
      },
    });
    await raw(tc.cluster, 'POST', `${rbac}/clusterrolebindings`, {
      token: admin,
      body: {
        metadata: { name: 'carol-role-writer' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'role-writer',
        },
        subjects: [{ kind: 'User', name: 'carol' }],
      },
    });
    const body = {
      metadata: { name: 'sneaky' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] },
    };
    const r = await raw(tc.cluster, 'POST', `${rbac}/clusterroles`, {
      token: tc.cluster.token('carol'),
      body,
    });
    expect(r.status).toBe(403);
    expect(r.json.message).toBe(
      'clusterroles.rbac.authorization.k8s.io "sneaky" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
    await raw(tc.cluster, 'DELETE', `${rbac}/clusterrolebindings/carol-role-writer`, {
      token: admin,
    });
  });
});

describe('impersonation headers', () => {
  it('impersonates a ServiceAccount with its groups, only for those allowed to', async () => {
    const r = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token: admin,
      headers: { 'Impersonate-User': 'system:serviceaccount:data:etl-runner' },
      body: {},
    });
    expect(at(r.json, 'status', 'userInfo')).toEqual({
      username: 'system:serviceaccount:data:etl-runner',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:data', 'system:authenticated'],
    });
    const denied = await raw(tc.cluster, 'GET', '/api/v1/namespaces', {
      token: tc.cluster.token('carol'),
      headers: { 'Impersonate-User': 'system:serviceaccount:payments:ci-deployer' },
    });
    expect(denied.json).toMatchObject({
      message:
        'serviceaccounts "ci-deployer" is forbidden: User "carol" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "payments"',
      details: { name: 'ci-deployer', kind: 'serviceaccounts' },
    });
  });

  it('carries an impersonated uid and extra, each authorized on its own', async () => {
    // The seeded BFF may impersonate users and groups only; this test grants it uids and one extra.
    const grant = (path: string, body: object) =>
      raw(tc.cluster, 'POST', path, { token: admin, body });
    const RBAC = '/apis/rbac.authorization.k8s.io/v1';
    await grant(`${RBAC}/clusterroles`, {
      metadata: { name: 'test:impersonate-uid-scopes' },
      rules: [
        {
          apiGroups: ['authentication.k8s.io'],
          resources: ['uids', 'userextras/scopes'],
          verbs: ['impersonate'],
        },
      ],
    });
    await grant(`${RBAC}/clusterrolebindings`, {
      metadata: { name: 'test:impersonate-uid-scopes' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'test:impersonate-uid-scopes',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'gatehouse-bff', namespace: 'gatehouse-system' }],
    });
    const bff = tc.cluster.token('gatehouse-bff');
    const r = await raw(tc.cluster, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token: bff,
      headers: {
        'Impersonate-User': 'bob',
        'Impersonate-Group': ['devel', 'qa'],
        'Impersonate-Uid': 'bob-uid',
        'Impersonate-Extra-Scopes': 'view',
      },
      body: {},
    });
    expect(at(r.json, 'status', 'userInfo')).toEqual({
      username: 'bob',
      uid: 'bob-uid',
      groups: ['devel', 'qa', 'system:authenticated'],
      extra: { scopes: ['view'] },
    });
    const other = await raw(tc.cluster, 'GET', '/api/v1/namespaces', {
      token: bff,
      headers: { 'Impersonate-User': 'bob', 'Impersonate-Extra-Reason': 'x' },
    });
    expect(other.json.message).toBe(
      'userextras.authentication.k8s.io "x" is forbidden: User "system:serviceaccount:gatehouse-system:gatehouse-bff" cannot impersonate resource "userextras/reason" in API group "authentication.k8s.io" at the cluster scope',
    );
  });

  it('answers with the raw Forbidden Status of a real server', async () => {
    const r = await raw(tc.cluster, 'GET', '/api/v1/namespaces/payments/pods', {
      token: tc.cluster.token('carol'),
      headers: { 'Impersonate-User': 'alice' },
    });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'users "alice" is forbidden: User "carol" cannot impersonate resource "users" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { name: 'alice', kind: 'users' },
      code: 403,
    });
  });
});

describe('discovery', () => {
  it('serves aggregated discovery when asked and legacy documents otherwise', async () => {
    const agg = await raw(tc.cluster, 'GET', '/apis', {
      token: tc.cluster.token('carol'),
      headers: {
        Accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      },
    });
    expect(agg.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const groups = (agg.json.items as { metadata: { name: string } }[]).map((g) => g.metadata.name);
    expect(groups).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'networking.k8s.io',
        'rbac.authorization.k8s.io',
        'authorization.k8s.io',
        'authentication.k8s.io',
      ]),
    );
    const legacy = await raw(tc.cluster, 'GET', '/api/v1', { token: tc.cluster.token('carol') });
    const names = (legacy.json.resources as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'namespaces',
        'pods',
        'pods/status',
        'serviceaccounts/token',
        'configmaps',
        'secrets',
        'nodes',
        'events',
      ]),
    );
    expect(
      (await raw(tc.cluster, 'GET', '/version', { token: tc.cluster.token('carol') })).json,
    ).toMatchObject({ major: '1', minor: '32' });
  });
});

describe('discovery of subresources', () => {
  it('lists pod subresources with their own verbs, though it does not serve them', async () => {
    const carol = tc.cluster.token('carol');
    const core = await raw(tc.cluster, 'GET', '/api/v1', { token: carol });
    const verbsOf = (list: unknown, name: string) =>
      (list as { resources: { name: string; verbs: string[] }[] }).resources.find(
        (r) => r.name === name,
      )?.verbs;
    expect(verbsOf(core.json, 'pods/log')).toEqual(['get']);
    expect(verbsOf(core.json, 'pods/exec')).toEqual(['create', 'get']);
    expect(verbsOf(core.json, 'pods/eviction')).toEqual(['create']);
    const apps = await raw(tc.cluster, 'GET', '/apis/apps/v1', { token: carol });
    expect(verbsOf(apps.json, 'deployments/scale')).toEqual(['get', 'patch', 'update']);
    const agg = await raw(tc.cluster, 'GET', '/api', {
      token: carol,
      headers: {
        Accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      },
    });
    const pods = (
      agg.json.items as {
        versions: { resources: { resource: string; subresources?: { subresource: string }[] }[] }[];
      }[]
    )[0]?.versions[0]?.resources.find((r) => r.resource === 'pods');
    expect(pods?.subresources?.map((s) => s.subresource)).toEqual(
      expect.arrayContaining(['status', 'log', 'exec', 'portforward']),
    );
    // Listed, not served: asking for a pod's log is a plain 404, never the pod itself.
    const log = await raw(tc.cluster, 'GET', '/api/v1/namespaces/payments/pods/nope/log', {
      token: admin,
    });
    expect(log.status).toBe(404);
  });
});

describe('dryRun=All', () => {
  const roles = '/apis/rbac.authorization.k8s.io/v1/clusterroles';
  it('checks and answers a create and an update but stores neither', async () => {
    const body = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'dry-run-probe' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    };
    const dry = await raw(tc.cluster, 'POST', `${roles}?dryRun=All`, { token: admin, body });
    expect(dry.status).toBe(201);
    expect(at(dry.json, 'metadata', 'name')).toBe('dry-run-probe');
    expect((await raw(tc.cluster, 'GET', `${roles}/dry-run-probe`, { token: admin })).status).toBe(
      404,
    );
    const made = await raw(tc.cluster, 'POST', roles, { token: admin, body });
    expect(made.status).toBe(201);
    const changed = {
      ...(made.json as object),
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    };
    const dryPut = await raw(tc.cluster, 'PUT', `${roles}/dry-run-probe?dryRun=All`, {
      token: admin,
      body: changed,
    });
    expect(dryPut.status).toBe(200);
    expect(at(dryPut.json, 'rules')).toEqual(changed.rules);
    const after = await raw(tc.cluster, 'GET', `${roles}/dry-run-probe`, { token: admin });
    expect(at(after.json, 'rules')).toEqual(body.rules);
    expect(at(after.json, 'metadata', 'resourceVersion')).toBe(
      at(made.json, 'metadata', 'resourceVersion'),
    );
    // Invalid input is still refused on a dry run, with the usual 422.
    const invalid = await raw(tc.cluster, 'POST', `${roles}?dryRun=All`, {
      token: admin,
      body: { ...body, rules: [{ apiGroups: [''], resources: ['pods'] }] },
    });
    expect(invalid.status).toBe(422);
    await raw(tc.cluster, 'DELETE', `${roles}/dry-run-probe`, { token: admin });
  });
});

describe('fault injection', () => {
  it('fails matching paths, delays requests and drops watches until turned off', async () => {
    tc.cluster.setFaults({ errorRate: 1, errorPaths: ['/api/v1/namespaces'] });
    const failed = await raw(tc.cluster, 'GET', '/api/v1/namespaces', { token: admin });
    expect(failed.status).toBe(500);
    expect(failed.json.reason).toBe('InternalError');
    expect(
      (
        await raw(tc.cluster, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
          token: admin,
        })
      ).status,
    ).toBe(200);
    tc.cluster.setFaults({ dropWatchesAfterMs: 50 });
    const watch = await raw(
      tc.cluster,
      'GET',
      '/api/v1/namespaces/payments/configmaps?watch=true',
      { token: admin },
    );
    expect(watch.text.trim().split('\n').length).toBeGreaterThan(0);
    tc.cluster.setFaults({});
    expect((await raw(tc.cluster, 'GET', '/api/v1/namespaces', { token: admin })).status).toBe(200);
  });
});

describe('a metadata.name field selector names the object for authorization', () => {
  it('lets a Role with resourceNames watch its one Secret, and nothing else', async () => {
    const RBAC = '/apis/rbac.authorization.k8s.io/v1';
    const secrets = '/api/v1/namespaces/data/secrets';
    for (const name of ['gh-one', 'gh-other'])
      await raw(tc.cluster, 'POST', secrets, {
        token: admin,
        body: { metadata: { name }, data: { k: Buffer.from(name).toString('base64') } },
      });
    await raw(tc.cluster, 'POST', `${RBAC}/namespaces/data/roles`, {
      token: admin,
      body: {
        metadata: { name: 'gh-one-secret' },
        rules: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            resourceNames: ['gh-one'],
            verbs: ['get', 'watch'],
          },
        ],
      },
    });
    await raw(tc.cluster, 'POST', `${RBAC}/namespaces/data/rolebindings`, {
      token: admin,
      body: {
        metadata: { name: 'gh-one-secret' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gh-one-secret' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
      },
    });
    const carol = tc.cluster.token('carol');
    const as = (path: string) => raw(tc.cluster, 'GET', path, { token: carol });

    expect((await as(`${secrets}/gh-one`)).status).toBe(200);
    // The watch ends after timeoutSeconds; it saw gh-one, and only gh-one.
    const watch = await as(
      `${secrets}?watch=true&fieldSelector=metadata.name%3Dgh-one&timeoutSeconds=1`,
    );
    expect(watch.status).toBe(200);
    const events = watch.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED gh-one']);
    // `==` is the same selector.
    expect(
      (await as(`${secrets}?watch=1&fieldSelector=metadata.name%3D%3Dgh-one&timeoutSeconds=1`))
        .status,
    ).toBe(200);

    const refused = await as(`${secrets}?watch=true&timeoutSeconds=1`);
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe(
      'secrets is forbidden: User "carol" cannot watch resource "secrets" in API group "" in the namespace "data"',
    );
    const other = await as(
      `${secrets}?watch=true&fieldSelector=metadata.name%3Dgh-other&timeoutSeconds=1`,
    );
    expect(other.status).toBe(403);
    expect(other.json.message).toBe(
      'secrets "gh-other" is forbidden: User "carol" cannot watch resource "secrets" in API group "" in the namespace "data"',
    );
    // The Role has no list: a list pinned to the name is still refused, naming the object.
    const list = await as(`${secrets}?fieldSelector=metadata.name%3Dgh-one`);
    expect(list.status).toBe(403);
    expect(list.json.message).toBe(
      'secrets "gh-one" is forbidden: User "carol" cannot list resource "secrets" in API group "" in the namespace "data"',
    );
    // Only an exact match names the object, and the legacy /watch/ prefix never does
    // (requestinfo.go reads the selector only for a GET it first took for a get).
    for (const path of [
      `${secrets}?watch=true&fieldSelector=metadata.name!%3Dgh-one&timeoutSeconds=1`,
      `/api/v1/watch/namespaces/data/secrets?fieldSelector=metadata.name%3Dgh-one&timeoutSeconds=1`,
    ]) {
      const r = await as(path);
      expect(r.status, path).toBe(403);
      expect(r.json.message, path).toMatch(/^secrets is forbidden: User "carol" cannot watch/);
    }
  });
});
