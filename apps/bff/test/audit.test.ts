import { mkdirSync, readFileSync, renameSync, rmdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import type { Reply } from './support/browser.js';

const role = (name: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name },
  rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
});
const roles = '/k8s/dev/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles';

// Every attempt, allowed or refused, by the cluster or by the BFF itself, is one record with the real
// person, where it came from and which replica saw it.
describe('the audit log', () => {
  const suite = embeddedBffForSuite('bff-audit-');
  const file = () => join(suite.dataDir, 'audit', 'audit.log');
  const records = (r: Reply): AuditEntry[] => {
    const id = r.headers['x-request-id'];
    return readFileSync(file(), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditEntry)
      .filter((e) => e.requestId === id);
  };

  it('records a change and the cluster refusing one, each exactly once, with source IP and replica', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const made = await alice.post(roles, role('audited-ok'));
    expect(made.status).toBe(201);
    expect(records(made)).toEqual([
      expect.objectContaining({
        user: 'alice',
        authMode: 'demo',
        sourceIp: '127.0.0.1',
        replica: hostname(),
        cluster: 'dev',
        verb: 'create',
        resource: 'roles',
        namespace: 'payments',
        name: 'audited-ok',
        outcome: { code: 201, status: 'success' },
      }),
    ]);
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    const refused = await bob.post('/k8s/dev/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      ...role('not-for-bob'),
      kind: 'ClusterRole',
    });
    expect(refused.status).toBe(403);
    expect(records(refused)).toEqual([
      expect.objectContaining({
        user: 'bob',
        verb: 'create',
        resource: 'clusterroles',
        outcome: expect.objectContaining({ code: 403, status: 'denied', reason: 'Forbidden' }),
      }),
    ]);
  });

  it('records what the BFF refuses by itself: CSRF, the allowlist, invalid input', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const csrf = await alice.send('POST', roles, { body: role('x'), csrf: false });
    expect(csrf.status).toBe(403);
    expect(records(csrf)).toEqual([
      expect.objectContaining({
        user: 'alice',
        verb: 'create',
        path: '/k8s/dev/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles',
        sourceIp: '127.0.0.1',
        outcome: expect.objectContaining({ code: 403, status: 'denied', reason: 'Forbidden' }),
      }),
    ]);
    const secrets = await alice.get('/k8s/dev/api/v1/namespaces/payments/secrets');
    expect(secrets.status).toBe(403);
    expect(records(secrets)).toEqual([
      expect.objectContaining({
        user: 'alice',
        verb: 'get',
        cluster: 'dev',
        outcome: expect.objectContaining({ status: 'denied' }),
      }),
    ]);
    const invalid = await alice.post('/api/clusters/dev/access/impact', { operation: 'nonsense' });
    expect(invalid.status).toBe(400);
    expect(records(invalid)).toEqual([
      expect.objectContaining({
        user: 'alice',
        path: '/api/clusters/dev/access/impact',
        outcome: expect.objectContaining({ code: 400, status: 'rejected' }),
      }),
    ]);
    // A read the cluster answers is not recorded.
    const read = await alice.get(roles);
    expect(read.status).toBe(200);
    expect(records(read)).toEqual([]);
  });

  it('refuses changes before applying anything while the audit log cannot be written', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    renameSync(file(), `${file()}.moved`);
    mkdirSync(file());
    try {
      const r = await alice.post(roles, role('never-stored'));
      expect(r.status).toBe(503);
      expect(r.json<{ error: { reason: string; message: string } }>().error).toMatchObject({
        reason: 'ServiceUnavailable',
        message: expect.stringMatching(/the audit log cannot be written/),
      });
    } finally {
      rmdirSync(file());
    }
    expect((await alice.get(`${roles}/never-stored`)).status).toBe(404);
    // Once a file can be made again, changes go through and are recorded in it.
    const later = await alice.post(roles, role('after-recovery'));
    expect(later.status).toBe(201);
    expect(records(later)).toHaveLength(1);
  });
});
