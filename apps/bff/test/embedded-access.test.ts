import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditResponse, KubeStatus } from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import { rulesIn, visibleNamespaces } from './support/capabilities.js';

const rbac = '/k8s/dev/apis/rbac.authorization.k8s.io/v1';
const whoami = '/k8s/dev/apis/authentication.k8s.io/v1/selfsubjectreviews';
const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };

describe('embedded devcluster: cluster access as the signed-in user', () => {
  const suite = embeddedBffForSuite('bff-embedded-');

  it('drops identity headers from the client: carol asking to be alice is still carol', async () => {
    const b = suite.bff.browser();
    await demoSignIn(b, 'carol');
    const r = await b.post(whoami, review, {
      headers: {
        'impersonate-user': 'alice',
        'impersonate-group': 'system:masters',
        authorization: 'Bearer not-carols-token',
        'x-remote-user': 'alice',
      },
    });
    expect(r.status, r.text).toBe(201);
    const info = r.json<{ status: { userInfo: { username: string; groups: string[] } } }>().status
      .userInfo;
    expect(info.username).toBe('carol');
    expect(info.groups).not.toContain('system:masters');
    const list = await b.get(`${rbac}/clusterroles`, { 'impersonate-user': 'alice' });
    expect(list.status).toBe(403);
    expect(list.json<KubeStatus>()).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
    });
    expect(list.json<KubeStatus>().message).toMatch(
      /User "carol" cannot list resource "clusterroles"/,
    );
  });

  it('evaluates capabilities as the user: alice everywhere, bob in his project only', async () => {
    const aliceBrowser = suite.bff.browser();
    const alice = await demoSignIn(aliceBrowser, 'alice');
    expect(alice.user.name).toBe('alice');
    const dev = alice.clusters[0]!;
    expect(dev.capabilities.cluster.resourceRules).toContainEqual(
      expect.objectContaining({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
    );
    // alice's own RoleBindings are her group devel's in deliveries: that entry only; every other
    // namespace is counted and found by search.
    expect(dev.capabilities.namespaces.map((n) => n.name)).toEqual(['deliveries']);
    const all = await visibleNamespaces(aliceBrowser, dev.id);
    expect(all).toEqual(expect.arrayContaining(['payments', 'deliveries', 'data-lake']));
    expect(dev.capabilities.namespaceCount).toBe(all.length);

    const bob = await demoSignIn(suite.bff.browser(), 'bob');
    const ns = bob.clusters[0]!.capabilities.namespaces;
    // bob administers payments, and his group devel develops in deliveries.
    expect(ns.map((n) => [n.name, n.project]).sort()).toEqual([
      ['deliveries', 'deliveries'],
      ['payments', 'payments'],
      ['payments-staging', 'payments'],
    ]);
    expect(rulesIn(bob.clusters[0]!.capabilities, 'payments').resourceRules).toContainEqual(
      expect.objectContaining({
        verbs: expect.arrayContaining(['create']),
        resources: expect.arrayContaining(['rolebindings']),
      }),
    );
    expect(bob.clusters[0]!.capabilities.cluster.resourceRules).not.toContainEqual(
      expect.objectContaining({ resources: ['*'] }),
    );

    const carol = await demoSignIn(suite.bff.browser(), 'carol');
    expect(carol.clusters[0]!.capabilities.namespaces).toEqual([]);
    expect(carol.clusters[0]!.capabilities.namespaceCount).toBe(0);
  });

  it.each([
    '/k8s/dev/api/v1/namespaces/..%2f..%2fsecrets',
    '/k8s/dev/api/v1/namespaces/../secrets',
    '/k8s/dev/api/v1/namespaces/%2e%2e/default/secrets',
    '/k8s/dev//api/v1/namespaces',
  ])('refuses traversal %s over HTTP', async (target) => {
    const b = suite.bff.browser();
    await demoSignIn(b, 'admin');
    const r = await b.get(target);
    expect(r.status).toBe(400);
    expect(r.json<KubeStatus>()).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });

  it('keeps paths off the allowlist away from the cluster, even for admin', async () => {
    const b = suite.bff.browser();
    await demoSignIn(b, 'admin');
    expect((await b.get('/k8s/dev/api/v1/namespaces/gatehouse-system/secrets')).status).toBe(403);
    expect((await b.get('/k8s/dev/api/v1/namespaces')).status).toBe(200);
    expect((await b.get('/k8s/nowhere/api/v1/namespaces')).status).toBe(404);
  });

  it('limits body size and content types', async () => {
    const b = suite.bff.browser();
    await demoSignIn(b, 'admin');
    const big = await b.send('POST', `${rbac}/clusterroles`, {
      rawBody: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.json<KubeStatus>()).toMatchObject({ kind: 'Status', code: 413 });
    const yaml = await b.send('POST', `${rbac}/clusterroles`, {
      rawBody: 'kind: ClusterRole',
      headers: { 'content-type': 'application/yaml' },
    });
    expect(yaml.status).toBe(415);
  });

  it('audits a change with the real user, on stdout and fsynced to the audit file, readable by those allowed', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const body = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'audit-probe', namespace: 'deliveries' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
    };
    const created = await alice.post(`${rbac}/namespaces/deliveries/rolebindings`, body, {
      headers: { 'impersonate-user': 'admin' },
    });
    expect(created.status, created.text).toBe(201);
    const requestId = created.headers['x-request-id'];

    const file = readFileSync(join(suite.dataDir, 'audit', 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
    const line = file.find((e) => e.requestId === requestId);
    expect(line).toMatchObject({
      user: 'alice',
      cluster: 'dev',
      verb: 'create',
      apiGroup: 'rbac.authorization.k8s.io',
      resource: 'rolebindings',
      namespace: 'deliveries',
      name: 'audit-probe',
      outcome: { code: 201, status: 'success' },
    });
    expect(line?.dryRun).toBeUndefined();

    // A dry run is audited as one, and stores nothing.
    const dry = await alice.post(`${rbac}/namespaces/deliveries/rolebindings?dryRun=All`, {
      ...body,
      metadata: { name: 'dry-probe', namespace: 'deliveries' },
    });
    expect(dry.status, dry.text).toBe(201);
    expect((await alice.get(`${rbac}/namespaces/deliveries/rolebindings/dry-probe`)).status).toBe(
      404,
    );
    const dryLine = readFileSync(join(suite.dataDir, 'audit', 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry)
      .find((e) => e.requestId === dry.headers['x-request-id']);
    expect(dryLine).toMatchObject({ user: 'alice', name: 'dry-probe', dryRun: true });
    expect(
      suite.bff.auditOut.json().some((l) => (l.audit as AuditEntry).requestId === requestId),
    ).toBe(true);

    // A refused change is audited as a failure with the cluster's reason.
    const carol = suite.bff.browser();
    await demoSignIn(carol, 'carol');
    const refused = await carol.post(`${rbac}/namespaces/deliveries/rolebindings`, {
      ...body,
      metadata: { name: 'nope', namespace: 'deliveries' },
    });
    expect(refused.status).toBe(403);
    const carolLine = readFileSync(join(suite.dataDir, 'audit', 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry)
      .find((e) => e.requestId === refused.headers['x-request-id']);
    expect(carolLine).toMatchObject({
      user: 'carol',
      outcome: { code: 403, status: 'denied', reason: 'Forbidden' },
    });

    const seenByAlice = (await alice.get('/api/audit?limit=50')).json<AuditResponse>().entries;
    expect(seenByAlice.some((e) => e.requestId === requestId)).toBe(true);
    const seenByCarol = (await carol.get('/api/audit?limit=50')).json<AuditResponse>().entries;
    expect(seenByCarol.some((e) => e.requestId === requestId)).toBe(false);
    expect(seenByCarol.some((e) => e.user === 'carol' && e.verb === 'login')).toBe(true);
  });
});
