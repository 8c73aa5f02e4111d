// Impact of every kind of change the console makes, over HTTP against a real devcluster: deleting a
// ClusterRole (bindings left dangling in every namespace, aggregated roles that shrink), deleting a
// Role or a binding, a roleRef swap made as delete + create, adding and removing a subject, and a
// user who keeps access through a group seen at sign-in losing nothing.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImpactResponse } from '../src/analysis/contract.js';
import type { ApiErrorBody } from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import { direct } from './support/clusters.js';
import type { Browser } from './support/browser.js';

const api = '/api/clusters/dev/access';
const RBAC = 'rbac.authorization.k8s.io';
const P = 'impact-t';

const user = (name: string) => ({ kind: 'User', apiGroup: RBAC, name });
const group = (name: string) => ({ kind: 'Group', apiGroup: RBAC, name });
const configMapReader = {
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name: `${P}-cm-reader` },
  rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
};
const metricsPart = {
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name: `${P}-metrics`, labels: { [`${P}/aggregate`]: 'true' } },
  rules: [{ nonResourceURLs: ['/impact-metrics'], verbs: ['get'] }],
};
const aggregated = {
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name: `${P}-monitoring` },
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${P}/aggregate`]: 'true' } }] },
  rules: [],
};
const podRole = {
  apiVersion: `${RBAC}/v1`,
  kind: 'Role',
  metadata: { name: `${P}-pods`, namespace: 'payments' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
};
function binding(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  namespace: string | undefined,
  roleRef: { kind: string; name: string },
  subjects: Array<{ kind: string; apiGroup: string; name: string }>,
) {
  return {
    apiVersion: `${RBAC}/v1`,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: RBAC, ...roleRef },
    subjects,
  };
}
const cmInPayments = binding(
  'RoleBinding',
  `${P}-cm`,
  'payments',
  { kind: 'ClusterRole', name: configMapReader.metadata.name },
  [user(`${P}-pia`), user(`${P}-kept`)],
);
const cmInData = binding(
  'RoleBinding',
  `${P}-cm`,
  'data',
  { kind: 'ClusterRole', name: configMapReader.metadata.name },
  [user(`${P}-dan`)],
);
const cmEverywhere = binding(
  'ClusterRoleBinding',
  `${P}-cm-all`,
  undefined,
  { kind: 'ClusterRole', name: configMapReader.metadata.name },
  [group(`${P}-auditors`)],
);
// The same reads in payments through the built-in view role: kept loses nothing there.
const keptViaView = binding(
  'RoleBinding',
  `${P}-kept-view`,
  'payments',
  { kind: 'ClusterRole', name: 'view' },
  [user(`${P}-kept`)],
);
const monitoring = binding(
  'ClusterRoleBinding',
  `${P}-monitoring`,
  undefined,
  { kind: 'ClusterRole', name: aggregated.metadata.name },
  [group(`${P}-sre`)],
);
const podsBinding = binding(
  'RoleBinding',
  `${P}-pods`,
  'payments',
  { kind: 'Role', name: podRole.metadata.name },
  [user(`${P}-pia`)],
);
// joe is in devel (seen at his demo sign-in), and devel may edit in deliveries.
const joeEdits = binding(
  'RoleBinding',
  `${P}-joe-edit`,
  'deliveries',
  { kind: 'ClusterRole', name: 'edit' },
  [user('joe'), user(`${P}-solo`)],
);

const configMapsRead = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }];

describe('change impact of every console change', () => {
  const suite = embeddedBffForSuite('bff-change-impact-', { logLevel: 'warn' });
  let alice: Browser;

  const impactOf = async (body: unknown): Promise<ImpactResponse> => {
    const r = await alice.post(`${api}/impact`, body);
    expect(r.status, r.text).toBe(200);
    return r.json<ImpactResponse>();
  };
  const names = (i: ImpactResponse) => i.subjects.map((s) => `${s.subject.kind}:${s.subject.name}`);

  beforeAll(async () => {
    const dc = suite.bff.bff.context.clusters.embedded!;
    const create = async (plural: string, obj: object) => {
      const ns = (obj as { metadata: { namespace?: string } }).metadata.namespace;
      const path = `/apis/${RBAC}/v1/${ns ? `namespaces/${ns}/` : ''}${plural}`;
      const r = await direct(dc, 'admin', 'POST', path, obj);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };
    for (const role of [configMapReader, metricsPart, aggregated])
      await create('clusterroles', role);
    await create('roles', podRole);
    for (const b of [cmEverywhere, monitoring]) await create('clusterrolebindings', b);
    for (const b of [cmInPayments, cmInData, keptViaView, podsBinding, joeEdits])
      await create('rolebindings', b);
    const joe = suite.bff.browser();
    await demoSignIn(joe, 'joe');
    alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    // The BFF's model follows the cluster through its watch: wait until it has every fixture.
    await vi.waitFor(
      async () => {
        const r = await alice.post(`${api}/impact`, { operation: 'delete', object: joeEdits });
        expect(r.status === 200 ? names(r.json<ImpactResponse>()) : []).toEqual([`User:${P}-solo`]);
        const agg = await impactOf({ operation: 'delete', object: metricsPart });
        expect(agg.aggregatedRoles).toHaveLength(1);
      },
      { timeout: 20_000, interval: 100 },
    );
  });

  it('deleting a ClusterRole: who loses what, and every binding left dangling, in every namespace', async () => {
    const i = await impactOf({ operation: 'delete', object: configMapReader });
    const roleRef = { apiGroup: RBAC, kind: 'ClusterRole', name: configMapReader.metadata.name };
    expect(i.danglingBindings).toEqual([
      { kind: 'ClusterRoleBinding', name: `${P}-cm-all`, roleRef },
      { kind: 'RoleBinding', name: `${P}-cm`, namespace: 'data', roleRef },
      { kind: 'RoleBinding', name: `${P}-cm`, namespace: 'payments', roleRef },
    ]);
    expect(i.subjects).toEqual([
      {
        subject: group(`${P}-auditors`),
        gained: [],
        lost: [{ namespace: '', rules: configMapsRead }],
      },
      {
        subject: user(`${P}-dan`),
        gained: [],
        lost: [{ namespace: 'data', rules: configMapsRead }],
      },
      {
        subject: user(`${P}-pia`),
        gained: [],
        lost: [{ namespace: 'payments', rules: configMapsRead }],
      },
    ]);
    // kept reads ConfigMaps in payments through view as well: no loss, so not listed.
    expect(names(i)).not.toContain(`User:${P}-kept`);
    expect(i.userGroups[`${P}-pia`]).toEqual({ groups: ['system:authenticated'], source: 'none' });
    expect(i.aggregatedRoles).toEqual([]);
  });

  it('deleting a ClusterRole another aggregates: the aggregated role shrinks and its subjects lose', async () => {
    const i = await impactOf({ operation: 'delete', object: metricsPart });
    const lost = [{ nonResourceURLs: ['/impact-metrics'], verbs: ['get'] }];
    expect(i.aggregatedRoles).toEqual([{ name: `${P}-monitoring`, gained: [], lost }]);
    expect(i.subjects).toEqual([
      { subject: group(`${P}-sre`), gained: [], lost: [{ namespace: '', rules: lost }] },
    ]);
    // Nothing binds the part itself.
    expect(i.danglingBindings).toEqual([]);
  });

  it('deleting a Role: its RoleBindings dangle and their subjects lose', async () => {
    const i = await impactOf({ operation: 'delete', object: podRole });
    expect(i.danglingBindings.map((b) => `${b.kind}/${b.namespace}/${b.name}`)).toEqual([
      `RoleBinding/payments/${P}-pods`,
    ]);
    expect(i.subjects).toEqual([
      {
        subject: user(`${P}-pia`),
        gained: [],
        lost: [
          {
            namespace: 'payments',
            rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
          },
        ],
      },
    ]);
  });

  it('deleting a binding: only what it alone granted is lost, and it leaves nothing dangling', async () => {
    const i = await impactOf({ operation: 'delete', object: cmInPayments });
    expect(names(i)).toEqual([`User:${P}-pia`]);
    expect(i.danglingBindings).toEqual([]);
    const crb = await impactOf({ operation: 'delete', object: cmEverywhere });
    expect(crb.subjects).toEqual([
      {
        subject: group(`${P}-auditors`),
        gained: [],
        lost: [{ namespace: '', rules: configMapsRead }],
      },
    ]);
  });

  it('a roleRef swap, sent as the delete and create the console makes, is one change', async () => {
    const swapped = { ...podsBinding, roleRef: { ...cmInPayments.roleRef } };
    const i = await impactOf({
      changes: [
        { operation: 'delete', object: podsBinding },
        { operation: 'create', object: swapped },
      ],
    });
    expect(i.subjects).toEqual([
      {
        subject: user(`${P}-pia`),
        // pia already reads ConfigMaps in payments through impact-t-cm: nothing gained.
        gained: [],
        lost: [
          {
            namespace: 'payments',
            rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
          },
        ],
      },
    ]);
    expect(i.danglingBindings).toEqual([]);
  });

  it('adding and removing a subject: the subject gains or loses, the others are unaffected', async () => {
    const added = await impactOf({
      operation: 'update',
      object: { ...podsBinding, subjects: [...podsBinding.subjects, user(`${P}-newcomer`)] },
    });
    expect(added.subjects).toEqual([
      {
        subject: user(`${P}-newcomer`),
        gained: [
          {
            namespace: 'payments',
            rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
          },
        ],
        lost: [],
      },
    ]);
    const removed = await impactOf({
      operation: 'update',
      object: { ...cmInPayments, subjects: [user(`${P}-kept`)] },
    });
    expect(names(removed)).toEqual([`User:${P}-pia`]);
    const keptLeaves = await impactOf({
      operation: 'update',
      object: { ...cmInPayments, subjects: [user(`${P}-pia`)] },
    });
    // kept keeps the reads through view.
    expect(keptLeaves.subjects).toEqual([]);
  });

  it('a user who keeps access through a group seen at their sign-in loses nothing', async () => {
    const i = await impactOf({ operation: 'delete', object: joeEdits });
    expect(names(i)).toEqual([`User:${P}-solo`]);
    const asked = await impactOf({
      operation: 'update',
      object: { ...joeEdits, subjects: [user(`${P}-solo`)] },
    });
    expect(asked.subjects).toEqual([]);
    const joeGains = await impactOf({
      operation: 'create',
      object: {
        ...cmInData,
        metadata: { name: `${P}-joe-cm`, namespace: 'data' },
        subjects: [user('joe')],
      },
    });
    expect(joeGains.userGroups.joe).toEqual({
      groups: ['devel', 'system:authenticated'],
      source: 'sign-in',
      at: expect.any(String),
    });
  });

  it('several changes at once are checked one by one, and need reads for each', async () => {
    const invalid = await alice.post(`${api}/impact`, {
      changes: [
        { operation: 'delete', object: podsBinding },
        {
          operation: 'create',
          object: { kind: 'RoleBinding', metadata: { name: 'x', namespace: 'payments' } },
        },
      ],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json<ApiErrorBody>().error.message).toMatch(/\(change 2\)/);
    expect((await alice.post(`${api}/impact`, { changes: [] })).status).toBe(400);
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    // bob administers payments, but a ClusterRole delete reaches RoleBindings in every namespace.
    const r = await bob.post(`${api}/impact`, { operation: 'delete', object: configMapReader });
    expect(r.status).toBe(403);
    const body = r.json<ApiErrorBody>();
    expect(body.error.details).toMatchObject({
      missing: expect.arrayContaining([
        { apiGroup: RBAC, resource: 'clusterroles', namespace: '' },
        { apiGroup: RBAC, resource: 'rolebindings', namespace: '' },
      ]),
    });
    expect(r.text).not.toContain(`${P}-cm`);
  });
});
