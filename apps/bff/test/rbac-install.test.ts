// The BFF's own RBAC: deploy/base/rbac.yaml (the source of truth), the README's install YAML and what
// the devcluster seeds are the same objects, and they are no wider than the code uses.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { startDevCluster, type DevCluster } from '@gatehouse/devcluster';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { direct, tempDir } from './support/clusters.js';

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: unknown[];
  roleRef?: unknown;
  subjects?: unknown[];
}

function objectsIn(yaml: string): Obj[] {
  return parseAllDocuments(yaml).map((d) => d.toJSON() as Obj);
}

function readmeObjects(): Obj[] {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return objectsIn(blocks[0]!);
}

const base = join(import.meta.dirname, '..', '..', '..', 'deploy', 'base');
/** What `kubectl apply -k deploy/...` installs for the identities: the Namespace and rbac.yaml. */
function deployObjects(): Obj[] {
  return ['namespace.yaml', 'rbac.yaml'].flatMap((f) =>
    objectsIn(readFileSync(join(base, f), 'utf8')),
  );
}

const rbac = '/apis/rbac.authorization.k8s.io/v1';
function pathOf(o: Pick<Obj, 'kind' | 'metadata'>): string {
  const { name, namespace } = o.metadata;
  switch (o.kind) {
    case 'Namespace':
      return `/api/v1/namespaces/${name}`;
    case 'ServiceAccount':
      return `/api/v1/namespaces/${namespace}/serviceaccounts/${name}`;
    case 'ClusterRole':
      return `${rbac}/clusterroles/${encodeURIComponent(name)}`;
    case 'ClusterRoleBinding':
      return `${rbac}/clusterrolebindings/${encodeURIComponent(name)}`;
    case 'Role':
      return `${rbac}/namespaces/${namespace}/roles/${encodeURIComponent(name)}`;
    case 'RoleBinding':
      return `${rbac}/namespaces/${namespace}/rolebindings/${encodeURIComponent(name)}`;
    default:
      throw new Error(`unexpected kind ${o.kind}`);
  }
}

/** The parts of an object that grant something, as the API server stores them. */
function meaning(o: Obj): unknown {
  return {
    kind: o.kind,
    name: o.metadata.name,
    namespace: o.metadata.namespace,
    rules: o.rules,
    roleRef: o.roleRef,
    subjects: o.subjects,
  };
}

/** A request as gatehouse-bff impersonating `user` (and groups), straight to the cluster. */
function asBff(
  dc: DevCluster,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; message: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${dc.url}/api/v1/namespaces`,
      {
        ca: dc.caPem,
        headers: { authorization: `Bearer ${dc.token('gatehouse-bff')}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: string };
          resolve({ status: res.statusCode ?? 0, message: body.message ?? '' });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const CONTROLLER = 'system:serviceaccount:gatehouse-system:gatehouse-controller';

/** A request as gatehouse-bff impersonating gatehouse-controller, as the BFF keeps its state. */
function asController(
  dc: DevCluster,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      `${dc.url}${path}`,
      {
        method,
        ca: dc.caPem,
        headers: {
          authorization: `Bearer ${dc.token('gatehouse-bff')}`,
          'impersonate-user': CONTROLLER,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('the BFF install RBAC', () => {
  const dir = tempDir('bff-rbac-');
  let dc: DevCluster;
  beforeAll(async () => {
    dc = await startDevCluster({ dataDir: dir.path, seed: 'empty' });
  });
  afterAll(async () => {
    await dc?.stop();
    dir.remove();
  });

  it('deploy/base/rbac.yaml and the README YAML are the same objects', () => {
    const fromDeploy = deployObjects();
    expect(fromDeploy.map((o) => `${o.kind} ${o.metadata.name}`)).toContain('Role gatehouse:state');
    expect(readmeObjects()).toEqual(fromDeploy);
  });

  it('deploy/base/rbac.yaml and the seeded objects read back from the devcluster are identical', async () => {
    const fromDeploy = deployObjects();
    for (const o of fromDeploy) {
      const r = await direct<Obj>(dc, 'admin', 'GET', pathOf(o));
      expect(r.status, `${o.kind} ${o.metadata.name}`).toBe(200);
      expect(meaning(r.body)).toEqual(meaning(o));
    }
    // ...and the devcluster seeds nothing for Gatehouse that deploy/ leaves out.
    const seeded: string[] = [];
    const list = async (path: string, kind: string) => {
      const r = await direct<{ items: Obj[] }>(dc, 'admin', 'GET', path);
      // Not the ServiceAccount controller's own "default", as in every namespace.
      for (const i of r.body.items.filter((x) => x.metadata.name !== 'default'))
        seeded.push(`${kind} ${i.metadata.namespace ?? ''}/${i.metadata.name}`);
    };
    await list(`/api/v1/namespaces/gatehouse-system/serviceaccounts`, 'ServiceAccount');
    await list(`${rbac}/namespaces/gatehouse-system/roles`, 'Role');
    await list(`${rbac}/namespaces/gatehouse-system/rolebindings`, 'RoleBinding');
    const gatehouseCluster = async (resource: string, kind: string) => {
      const r = await direct<{ items: Obj[] }>(dc, 'admin', 'GET', `${rbac}/${resource}`);
      for (const i of r.body.items.filter((x) => x.metadata.name.startsWith('gatehouse:')))
        seeded.push(`${kind} /${i.metadata.name}`);
    };
    await gatehouseCluster('clusterroles', 'ClusterRole');
    await gatehouseCluster('clusterrolebindings', 'ClusterRoleBinding');
    expect(seeded.sort()).toEqual(
      fromDeploy
        .filter((o) => o.kind !== 'Namespace')
        .map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)
        .sort(),
    );
  });

  it('lets gatehouse-controller keep the shared console state in gatehouse-system, and no more', async () => {
    const ns = '/api/v1/namespaces/gatehouse-system';
    const leases = '/apis/coordination.k8s.io/v1/namespaces/gatehouse-system/leases';
    const cm = { metadata: { name: 'revoked-1' }, data: { exp: '1' } };
    const lease = (name: string) => ({
      metadata: { name },
      spec: { holderIdentity: 'gatehouse-0', leaseDurationSeconds: 15 },
    });
    const status = async (method: string, path: string, body?: unknown) =>
      (await asController(dc, method, path, body)).status;
    const watch = (path: string) =>
      status('GET', `${path}${path.includes('?') ? '&' : '?'}watch=true&timeoutSeconds=1`);

    // Session revocations: ConfigMaps every replica lists and watches, deleted when they expire.
    expect(await status('POST', `${ns}/configmaps`, cm)).toBe(201);
    expect(await status('GET', `${ns}/configmaps`)).toBe(200);
    expect(await watch(`${ns}/configmaps`)).toBe(200);
    // Sign-in records: replaced in place at each sign-in.
    expect(await status('PUT', `${ns}/configmaps/revoked-1`, cm)).toBe(200);
    expect(await status('DELETE', `${ns}/configmaps/revoked-1`)).toBe(200);
    expect(await status('POST', '/api/v1/namespaces/default/configmaps', cm)).toBe(403);
    expect(await status('PUT', '/api/v1/namespaces/default/configmaps/revoked-1', cm)).toBe(403);
    // The session keys: created through kubeconfig-issuer, watched by name only.
    const keys = { metadata: { name: 'gatehouse-session-keys' }, data: {} };
    expect(await status('POST', `${ns}/secrets`, keys)).toBe(201);
    expect(await status('GET', `${ns}/secrets/gatehouse-session-keys`)).toBe(200);
    expect(await watch(`${ns}/secrets?fieldSelector=metadata.name%3Dgatehouse-session-keys`)).toBe(
      200,
    );
    expect(await watch(`${ns}/secrets`)).toBe(403);
    expect(await status('PUT', `${ns}/secrets/gatehouse-session-keys`, keys)).toBe(403);
    // The sweep's Lease: created, then read and renewed by name (update, not patch).
    expect(await status('POST', leases, lease('gatehouse-sweeper'))).toBe(201);
    expect(await status('GET', `${leases}/gatehouse-sweeper`)).toBe(200);
    const held = JSON.parse(
      (await asController(dc, 'GET', `${leases}/gatehouse-sweeper`)).text,
    ) as {
      metadata: { resourceVersion: string };
    };
    expect(
      await status('PUT', `${leases}/gatehouse-sweeper`, {
        ...lease('gatehouse-sweeper'),
        metadata: { name: 'gatehouse-sweeper', resourceVersion: held.metadata.resourceVersion },
      }),
    ).toBe(200);
    expect(await status('DELETE', `${leases}/gatehouse-sweeper`)).toBe(403);
    expect(await status('GET', leases)).toBe(403);
    expect(await status('POST', leases, lease('other'))).toBe(201);
    expect(await status('PUT', `${leases}/other`, lease('other'))).toBe(403);
    expect(
      await status('POST', '/apis/coordination.k8s.io/v1/namespaces/default/leases', lease('x')),
    ).toBe(403);
  });

  it('lets the BFF impersonate users, groups and gatehouse-controller, and nothing else', async () => {
    // Impersonation is allowed: the API server then answers for alice, who may not list namespaces.
    expect(
      (await asBff(dc, { 'impersonate-user': 'alice', 'impersonate-group': 'devel' })).message,
    ).toMatch(/User "alice" cannot list resource "namespaces"/);
    const controller = await asBff(dc, {
      'impersonate-user': 'system:serviceaccount:gatehouse-system:gatehouse-controller',
    });
    // Impersonation itself is allowed; the controller may not list namespaces, the API server's answer.
    expect(controller.message).toMatch(/gatehouse-controller" cannot list resource "namespaces"/);
    for (const [headers, refused] of [
      [
        { 'impersonate-user': 'system:serviceaccount:kube-system:default' },
        'serviceaccounts "default"',
      ],
      [
        { 'impersonate-user': 'system:serviceaccount:other:gatehouse-controller' },
        'serviceaccounts "gatehouse-controller"',
      ],
      [
        { 'impersonate-user': 'alice', 'impersonate-uid': 'alice-uid' },
        'uids.authentication.k8s.io',
      ],
      [
        { 'impersonate-user': 'alice', 'impersonate-extra-scopes': 'view' },
        'userextras.authentication.k8s.io',
      ],
    ] as const) {
      const r = await asBff(dc, headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.message).toContain(refused);
      expect(r.message).toMatch(/cannot impersonate/);
    }
  });
});
