// The audit log's record of an RBAC change carries the object before and after (for the audit
// page's diff), and /api/audit filters and shows each person only what they may list.
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditResponse } from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';

const roles = '/k8s/dev/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles';
const rbac = 'rbac.authorization.k8s.io/v1';

describe('audit records of RBAC changes', () => {
  const suite = embeddedBffForSuite('bff-audit-changes-');

  const audit = async (user: string, query = '') => {
    const b = suite.bff.browser();
    await demoSignIn(b, user);
    const r = await b.get(`/api/audit${query}`);
    expect(r.status, r.text).toBe(200);
    return r.json<AuditResponse>();
  };

  it('records create, update and delete of a Role with the object before and after', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const role = {
      apiVersion: rbac,
      kind: 'Role',
      metadata: {
        name: 'audit-diff',
        namespace: 'payments',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"blob"}' },
      },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    };
    expect((await alice.post(roles, role)).status).toBe(201);
    const got = await alice.get(`${roles}/audit-diff`);
    const current = got.json<Record<string, unknown>>();
    const put = await alice.send('PUT', `${roles}/audit-diff`, {
      body: {
        ...current,
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      },
    });
    expect(put.status, put.text).toBe(200);
    expect((await alice.send('DELETE', `${roles}/audit-diff`)).status).toBe(200);

    const { entries, source, replica } = await audit('alice', '?name=audit-diff&resource=roles');
    expect(source).toBe('file');
    expect(replica).toEqual(expect.any(String));
    const [del, update, create] = entries as [AuditEntry, AuditEntry, AuditEntry];
    expect(entries.map((e) => e.verb)).toEqual(['delete', 'update', 'create']);

    expect(create.change?.before).toBeNull();
    expect(create.change?.after).toMatchObject({
      kind: 'Role',
      name: 'audit-diff',
      namespace: 'payments',
      rules: [{ verbs: ['get'] }],
    });
    // Never the last-applied blob, managedFields or status: only what grants and names.
    expect(create.change?.after?.annotations).toBeUndefined();
    expect(JSON.stringify(create.change)).not.toContain('managedFields');

    expect(update.change?.before?.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ]);
    expect(update.change?.after?.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    ]);
    expect(del.change?.before?.rules).toEqual(update.change?.after?.rules);
    expect(del.change?.after).toBeNull();
  });

  it('records no change for a refused write, and keeps the refusal', async () => {
    const carol = suite.bff.browser();
    await demoSignIn(carol, 'carol');
    const r = await carol.post(roles, {
      apiVersion: rbac,
      kind: 'Role',
      metadata: { name: 'carol-try', namespace: 'payments' },
      rules: [],
    });
    expect(r.status).toBe(403);
    const { entries } = await audit('alice', '?name=carol-try');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.outcome.status).toBe('denied');
    expect(entries[0]!.change).toBeUndefined();
  });

  it('filters by person, outcome, namespace and time', async () => {
    const all = (await audit('alice', '?limit=1000')).entries;
    const denied = (await audit('alice', '?status=denied&limit=1000')).entries;
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.outcome.status === 'denied')).toBe(true);
    expect(denied.length).toBeLessThan(all.length);
    const byCarol = (await audit('alice', '?user=CAR')).entries;
    expect(byCarol.length).toBeGreaterThan(0);
    expect(byCarol.every((e) => e.user === 'carol')).toBe(true);
    const inPayments = (await audit('alice', '?namespace=payments&limit=1000')).entries;
    expect(inPayments.every((e) => e.namespace === 'payments')).toBe(true);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await audit('alice', `?since=${encodeURIComponent(future)}`)).entries).toEqual([]);
    const b = suite.bff.browser();
    await demoSignIn(b, 'alice');
    const bad = await b.get('/api/audit?status=maybe');
    expect(bad.status).toBe(400);
  });

  it('shows bob (admin of payments) the changes in payments, and no one else’s cluster changes', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const cr = await alice.post(`/k8s/dev/apis/${rbac}/clusterroles`, {
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name: 'audit-cluster-only' },
      rules: [],
    });
    expect(cr.status).toBe(201);
    const seen = (await audit('bob', '?limit=1000')).entries;
    expect(seen.some((e) => e.name === 'audit-diff' && e.namespace === 'payments')).toBe(true);
    expect(seen.some((e) => e.name === 'audit-cluster-only')).toBe(false);
    // Sign-ins are shown only to the person who made them.
    expect(seen.filter((e) => !e.cluster).every((e) => e.user === 'bob')).toBe(true);
  });
});
