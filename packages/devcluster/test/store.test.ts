// The generic store through @kubernetes/client-node and raw HTTPS: CRUD, selectors, paging, patch, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiException,
  CoreV1Api,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { at, kubeConfig, raw, startTestCluster, type TestCluster } from './helpers.js';

let tc: TestCluster;
let core: CoreV1Api;
let adminToken: string;

beforeAll(async () => {
  tc = await startTestCluster({ seed: 'demo' });
  core = kubeConfig(tc.cluster, 'admin').makeApiClient(CoreV1Api);
  adminToken = tc.cluster.token('admin');
  await core.createNamespace({ body: { metadata: { name: 'store-test' } } });
});
afterAll(async () => tc.stop());

async function apiError(
  p: Promise<unknown>,
): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiException)
      return {
        code: e.code,
        body: (typeof e.body === 'string' ? JSON.parse(e.body) : e.body) as Record<string, unknown>,
      };
    throw e;
  }
  throw new Error('expected the call to fail');
}

const cm = (
  name: string,
  labels: Record<string, string> = {},
  data: Record<string, string> = {},
): V1ConfigMap => ({ metadata: { name, labels }, data });

describe('objects', () => {
  it('creates with uid, resourceVersion, creationTimestamp and reads back', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'store-test',
      body: cm('one', { tier: 'a' }, { k: 'v' }),
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(0);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const read = await core.readNamespacedConfigMap({ name: 'one', namespace: 'store-test' });
    expect(read.data).toEqual({ k: 'v' });
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
  });

  it('fills generateName with a random suffix', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'store-test',
      body: { metadata: { generateName: 'gen-' } },
    });
    expect(created.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('answers AlreadyExists, NotFound and Conflict as Status objects', async () => {
    const exists = await apiError(
      core.createNamespacedConfigMap({ namespace: 'store-test', body: cm('one') }),
    );
    expect(exists.code).toBe(409);
    expect(exists.body).toMatchObject({
      kind: 'Status',
      reason: 'AlreadyExists',
      message: 'configmaps "one" already exists',
      details: { name: 'one', kind: 'configmaps' },
    });

    const missing = await apiError(
      core.readNamespacedConfigMap({ name: 'nope', namespace: 'store-test' }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      reason: 'NotFound',
      message: 'configmaps "nope" not found',
    });

    const current = await core.readNamespacedConfigMap({ name: 'one', namespace: 'store-test' });
    await core.replaceNamespacedConfigMap({
      name: 'one',
      namespace: 'store-test',
      body: { ...current, data: { k: 'v2' } },
    });
    const stale = await apiError(
      core.replaceNamespacedConfigMap({
        name: 'one',
        namespace: 'store-test',
        body: { ...current, data: { k: 'v3' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.message).toBe(
      'Operation cannot be fulfilled on configmaps "one": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('answers a delete with a Success Status naming the object', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'store-test',
      body: cm('short-lived'),
    });
    const r = await raw(
      tc.cluster,
      'DELETE',
      '/api/v1/namespaces/store-test/configmaps/short-lived',
      { token: adminToken },
    );
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'short-lived', kind: 'configmaps', uid: created.metadata?.uid },
    });
  });

  it('decodes escaped path segments as Go does, so a %3A in a name reaches the object named with a colon', async () => {
    const r = await raw(
      tc.cluster,
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Abasic-user',
      { token: adminToken },
    );
    expect(r.status).toBe(200);
    expect(at(r.json, 'metadata', 'name')).toBe('system:basic-user');
    const bad = await raw(
      tc.cluster,
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/system%zz',
      { token: adminToken },
    );
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });

  it('refuses an invalid name with 422 and its cause', async () => {
    const bad = await apiError(
      core.createNamespacedConfigMap({ namespace: 'store-test', body: cm('Not_Valid') }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body).toMatchObject({
      reason: 'Invalid',
      details: {
        name: 'Not_Valid',
        kind: 'ConfigMap',
        causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }],
      },
    });
    expect(String(bad.body.message)).toMatch(
      /^ConfigMap "Not_Valid" is invalid: metadata\.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain/,
    );
  });

  it('folds Secret stringData into data and keeps a Service clusterIP across updates', async () => {
    const secret = await core.createNamespacedSecret({
      namespace: 'store-test',
      body: { metadata: { name: 'creds' }, stringData: { user: 'demo' } },
    });
    expect(secret.data).toEqual({ user: Buffer.from('demo').toString('base64') });
    expect(secret.stringData).toBeUndefined();
    expect(secret.type).toBe('Opaque');
    const svc = await core.createNamespacedService({
      namespace: 'store-test',
      body: { metadata: { name: 'api' }, spec: { ports: [{ port: 80 }] } },
    });
    expect(svc.spec?.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    const replaced = await core.replaceNamespacedService({
      name: 'api',
      namespace: 'store-test',
      body: { metadata: { name: 'api' }, spec: { ports: [{ port: 8080 }] } },
    });
    expect(replaced.spec?.clusterIP).toBe(svc.spec?.clusterIP);
  });

  it('owns status through the status subresource: a create cannot set it, a status update can', async () => {
    const pod = await core.createNamespacedPod({
      namespace: 'store-test',
      body: {
        metadata: { name: 'p1' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
        status: { phase: 'Running' },
      },
    });
    expect(pod.status?.phase).toBe('Pending');
    const updated = await core.replaceNamespacedPodStatus({
      name: 'p1',
      namespace: 'store-test',
      body: { ...pod, status: { phase: 'Running' } },
    });
    expect(updated.status?.phase).toBe('Running');
    const relabelled = await core.replaceNamespacedPod({
      name: 'p1',
      namespace: 'store-test',
      body: {
        ...updated,
        metadata: { ...updated.metadata, labels: { x: 'y' } },
        status: { phase: 'Failed' },
      },
    });
    expect(relabelled.status?.phase).toBe('Running');
    expect(relabelled.metadata?.labels).toEqual({ x: 'y' });
  });

  it('refuses objects in a namespace that does not exist', async () => {
    const r = await apiError(
      core.createNamespacedConfigMap({ namespace: 'never-existed', body: cm('x') }),
    );
    expect(r.code).toBe(404);
    expect(r.body.message).toBe('namespaces "never-existed" not found');
  });
});

describe('lists', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      await core.createNamespacedConfigMap({
        namespace: 'store-test',
        body: cm(`page-${i}`, { paged: 'yes', parity: i % 2 ? 'odd' : 'even' }),
      });
    }
  });

  it('filters by label selector (equality, set and existence)', async () => {
    const odd = await core.listNamespacedConfigMap({
      namespace: 'store-test',
      labelSelector: 'paged=yes,parity=odd',
    });
    expect(odd.items.map((i) => i.metadata?.name)).toEqual(['page-1', 'page-3', 'page-5']);
    const inSet = await core.listNamespacedConfigMap({
      namespace: 'store-test',
      labelSelector: 'parity in (even),paged',
    });
    expect(inSet.items).toHaveLength(4);
    const without = await core.listNamespacedConfigMap({
      namespace: 'store-test',
      labelSelector: '!paged',
    });
    expect(without.items.every((i) => !i.metadata?.labels?.paged)).toBe(true);
  });

  it('filters by field selector and rejects unknown field labels', async () => {
    const one = await core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.name=page-2' });
    expect(one.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`)).toEqual([
      'store-test/page-2',
    ]);
    const r = await raw(tc.cluster, 'GET', '/api/v1/configmaps?fieldSelector=spec.nope%3Dx', {
      token: adminToken,
    });
    expect(r.status).toBe(400);
    expect(r.json.message).toBe('field label not supported: spec.nope');
  });

  it('pages with limit and continue', async () => {
    const first = await core.listNamespacedConfigMap({
      namespace: 'store-test',
      labelSelector: 'paged=yes',
      limit: 3,
    });
    expect(first.items.map((i) => i.metadata?.name)).toEqual(['page-0', 'page-1', 'page-2']);
    expect(first.metadata?._continue).toBeTruthy();
    const second = await core.listNamespacedConfigMap({
      namespace: 'store-test',
      labelSelector: 'paged=yes',
      limit: 3,
      _continue: first.metadata?._continue,
    });
    expect(second.items.map((i) => i.metadata?.name)).toEqual(['page-3', 'page-4', 'page-5']);
    const last = await core.listNamespacedConfigMap({
      namespace: 'store-test',
      labelSelector: 'paged=yes',
      limit: 3,
      _continue: second.metadata?._continue,
    });
    expect(last.items.map((i) => i.metadata?.name)).toEqual(['page-6']);
    expect(last.metadata?._continue).toBeFalsy();
  });

  it('serves a server-side Table when asked', async () => {
    const r = await raw(tc.cluster, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      token: adminToken,
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    expect(r.json.kind).toBe('Table');
    expect(
      (r.json.columnDefinitions as { name: string; type: string }[]).map((c) => [c.name, c.type]),
    ).toEqual([
      ['Name', 'string'],
      ['Created At', 'date'],
    ]);
    const names = (r.json.rows as { cells: string[] }[]).map((row) => row.cells[0]);
    expect(names.slice(0, 3)).toEqual(['admin', 'cluster-admin', 'edit']);
    expect(at(r.json, 'rows', 0, 'object', 'kind')).toBe('PartialObjectMetadata');
  });
});

describe('patch', () => {
  it('applies merge, JSON and strategic merge patches', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'store-test',
      body: cm('patched', { a: '1' }, { x: '1', y: '2' }),
    });
    const merged = await core.patchNamespacedConfigMap(
      { name: 'patched', namespace: 'store-test', body: { data: { y: null, z: '3' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ x: '1', z: '3' });
    const json = await core.patchNamespacedConfigMap(
      {
        name: 'patched',
        namespace: 'store-test',
        body: [{ op: 'replace', path: '/data/x', value: '9' }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(json.data).toEqual({ x: '9', z: '3' });

    const sa = await core.createNamespacedServiceAccount({
      namespace: 'store-test',
      body: { metadata: { name: 'patch-sa' }, imagePullSecrets: [{ name: 'one' }] },
    });
    expect(sa.imagePullSecrets).toHaveLength(1);
    const smp = await core.patchNamespacedServiceAccount(
      {
        name: 'patch-sa',
        namespace: 'store-test',
        body: { imagePullSecrets: [{ name: 'two' }], metadata: { finalizers: ['x/y'] } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(smp.imagePullSecrets?.map((s) => s.name)).toEqual(['one', 'two']);
    const rbac = kubeConfig(tc.cluster, 'admin').makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRole({
      body: {
        metadata: { name: 'smp-role' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      },
    });
    const replaced = await rbac.patchClusterRole(
      {
        name: 'smp-role',
        body: { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    // PolicyRule lists have no merge key: a strategic merge patch replaces them.
    expect(replaced.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]);
  });
});

describe('namespaces', () => {
  it('creates the default ServiceAccount; deleting turns it Terminating, refuses new content, then removes everything inside', async () => {
    await core.createNamespace({ body: { metadata: { name: 'doomed', labels: { team: 'x' } } } });
    const ns = await core.readNamespace({ name: 'doomed' });
    expect(ns.status?.phase).toBe('Active');
    expect(ns.metadata?.labels).toEqual({ team: 'x', 'kubernetes.io/metadata.name': 'doomed' });
    await core.readNamespacedServiceAccount({ name: 'default', namespace: 'doomed' });
    await core.createNamespacedConfigMap({ namespace: 'doomed', body: cm('inside') });
    const deleted = await core.deleteNamespace({ name: 'doomed' });
    expect(at(deleted, 'status', 'phase')).toBe('Terminating');
    const late = await apiError(
      core.createNamespacedConfigMap({ namespace: 'doomed', body: cm('late') }),
    );
    expect(late.code).toBe(403);
    expect(late.body.message).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );
    for (
      let i = 0;
      i < 100 &&
      (await raw(tc.cluster, 'GET', '/api/v1/namespaces/doomed', { token: adminToken })).status !==
        404;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await apiError(core.readNamespace({ name: 'doomed' }))).code).toBe(404);
    const left = await core.listConfigMapForAllNamespaces({
      fieldSelector: 'metadata.namespace=doomed',
    });
    expect(left.items).toEqual([]);
  });

  it('deletecollection removes what the selector matches', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'store-test',
      body: cm('dc-1', { sweep: 'me' }),
    });
    await core.createNamespacedConfigMap({
      namespace: 'store-test',
      body: cm('dc-2', { sweep: 'me' }),
    });
    await core.deleteCollectionNamespacedConfigMap({
      namespace: 'store-test',
      labelSelector: 'sweep=me',
    });
    const left = await core.listNamespacedConfigMap({
      namespace: 'store-test',
      labelSelector: 'sweep=me',
    });
    expect(left.items).toEqual([]);
  });
});

describe('writes that change nothing', () => {
  it('keep the resourceVersion and send no watch event, as storage skips them', async () => {
    const path = '/api/v1/namespaces/store-test/configmaps';
    const created = await raw(tc.cluster, 'POST', path, {
      token: adminToken,
      body: { metadata: { name: 'noop', labels: { a: 'b' } }, data: { k: 'v' } },
    });
    const rv = at(created.json, 'metadata', 'resourceVersion');
    // The same object again, in another key order, by PUT and by each kind of patch.
    const put = await raw(tc.cluster, 'PUT', `${path}/noop`, {
      token: adminToken,
      body: { data: { k: 'v' }, metadata: { labels: { a: 'b' }, name: 'noop' } },
    });
    expect(put.status).toBe(200);
    expect(at(put.json, 'metadata', 'resourceVersion')).toBe(rv);
    for (const contentType of [
      'application/strategic-merge-patch+json',
      'application/merge-patch+json',
    ]) {
      const r = await raw(tc.cluster, 'PATCH', `${path}/noop`, {
        token: adminToken,
        contentType,
        body: { metadata: { labels: { a: 'b' } }, data: { k: 'v' } },
      });
      expect(r.status, contentType).toBe(200);
      expect(at(r.json, 'metadata', 'resourceVersion'), contentType).toBe(rv);
    }
    const changed = await raw(tc.cluster, 'PATCH', `${path}/noop`, {
      token: adminToken,
      contentType: 'application/merge-patch+json',
      body: { data: { k: 'w' } },
    });
    expect(at(changed.json, 'metadata', 'resourceVersion')).not.toBe(rv);
    // A watch from the first version sees the one real change only.
    const watch = await raw(
      tc.cluster,
      'GET',
      `${path}?watch=true&resourceVersion=${String(rv)}&fieldSelector=metadata.name%3Dnoop&timeoutSeconds=1`,
      { token: adminToken },
    );
    const events = watch.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { data: Record<string, string> } });
    expect(events.map((e) => [e.type, e.object.data.k])).toEqual([['MODIFIED', 'w']]);
  });
});
