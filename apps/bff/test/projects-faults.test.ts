// Multi-namespace changes under injected API errors (the devcluster's errorRate/errorPaths fault,
// answered as kube-apiserver's 500 InternalError): transient failures are retried, a change that
// fails for good is rolled back fully, and a rollback step that fails for good is named.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry, ChangeReport } from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { direct } from './support/clusters.js';

const api = '/api/clusters/dev/projects';
const RBAC = 'rbac.authorization.k8s.io';
/** Every namespaced RoleBinding request: the project's reads, its writes and their undoing. */
const rbacInNamespaces = `/apis/${RBAC}/v1/namespaces/`;

describe('project changes under injected API errors', () => {
  const suite = embeddedBffForSuite('bff-faults-');
  const dc = () => suite.bff.bff.context.clusters.embedded!;
  afterEach(() => dc().setFaults({}));

  /** A project of `count` namespaces, made as the cluster admin, with its record on the home. */
  async function project(name: string, count: number): Promise<string[]> {
    const namespaces = [name, ...Array.from({ length: count - 1 }, (_, i) => `${name}-${i + 1}`)];
    for (const n of namespaces) {
      const r = await direct(dc(), 'admin', 'POST', '/api/v1/namespaces', {
        metadata: {
          name: n,
          labels: { 'gatehouse.dev/project': name },
          ...(n === name
            ? { annotations: { 'gatehouse.dev/namespaces': namespaces.join(',') } }
            : {}),
        },
      });
      expect(r.status).toBe(201);
    }
    return namespaces;
  }

  async function bindingsOf(project: string, user: string): Promise<string[]> {
    const selector = encodeURIComponent(`gatehouse.dev/project=${project}`);
    const r = await direct<{
      items: Array<{ metadata: { namespace: string }; subjects?: Array<{ name: string }> }>;
    }>(dc(), 'admin', 'GET', `/apis/${RBAC}/v1/rolebindings?labelSelector=${selector}`);
    expect(r.status).toBe(200);
    return r.body.items
      .filter((b) => b.subjects?.some((s) => s.name === user))
      .map((b) => b.metadata.namespace)
      .sort();
  }

  async function alice(): Promise<Browser> {
    const b = suite.bff.browser();
    await demoSignIn(b, 'alice');
    return b;
  }

  it('completes three 100-namespace invitations at a 10% error rate', async () => {
    const namespaces = await project('wide', 100);
    const a = await alice();
    dc().setFaults({ errorRate: 0.1, errorPaths: [rbacInNamespaces] });
    for (const user of ['u1', 'u2', 'u3']) {
      const r = await a.post(`${api}/wide/collaborators`, {
        subjects: [{ kind: 'User', name: user }],
        level: 'viewer',
      });
      expect(r.status, r.text.slice(0, 500)).toBe(200);
      const report = r.json<ChangeReport>();
      expect(report.outcome).toBe('completed');
      expect(report.steps).toHaveLength(100);
    }
    dc().setFaults({});
    for (const user of ['u1', 'u2', 'u3'])
      expect(await bindingsOf('wide', user)).toEqual([...namespaces].sort());
  });

  it('rolls a change that fails for good back fully, its undo retried through the same errors', async () => {
    const namespaces = await project('broad', 100);
    // The last namespace already holds the name the invitation's binding would get.
    const last = namespaces[namespaces.length - 1]!;
    const squat = await direct(dc(), 'admin', 'POST', `${rbacInNamespaces}${last}/rolebindings`, {
      metadata: { name: 'gatehouse:broad:viewer:user:u4' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', apiGroup: RBAC, name: 'dave' }],
    });
    expect(squat.status).toBe(201);
    const a = await alice();
    dc().setFaults({ errorRate: 0.1, errorPaths: [rbacInNamespaces] });
    const r = await a.post(`${api}/broad/collaborators`, {
      subjects: [{ kind: 'User', name: 'u4' }],
      level: 'viewer',
    });
    expect(r.status).toBe(409);
    const report = r.json<{ error: { details: ChangeReport } }>().error.details;
    expect(report.outcome).toBe('rolled-back');
    expect(report.steps.filter((s) => s.status === 'rolled-back')).toHaveLength(99);
    expect(report.steps[99]).toMatchObject({ namespace: last, status: 'failed' });
    dc().setFaults({});
    expect(await bindingsOf('broad', 'u4')).toEqual([]);
  });

  it('names exactly what remains when a rollback step fails for good', async () => {
    await project('pair', 2);
    const squat = await direct(dc(), 'admin', 'POST', `${rbacInNamespaces}pair-1/rolebindings`, {
      metadata: { name: 'gatehouse:pair:viewer:user:u5' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', apiGroup: RBAC, name: 'dave' }],
    });
    expect(squat.status).toBe(201);
    const a = await alice();
    // Creating in pair (a POST to the collection) works; deleting it again (the item) always fails.
    dc().setFaults({ errorRate: 1, errorPaths: [`${rbacInNamespaces}pair/rolebindings/`] });
    const r = await a.post(`${api}/pair/collaborators`, {
      subjects: [{ kind: 'User', name: 'u5' }],
      level: 'viewer',
    });
    expect(r.status).toBe(409);
    const report = r.json<{ error: { details: ChangeReport } }>().error.details;
    expect(report.outcome).toBe('partial');
    expect(report.steps.map((s) => s.status)).toEqual(['rollback-failed', 'failed']);
    expect(report.steps[0]!.error).toMatch(/injected fault/);
    expect(report.message).toMatch(
      /undoing 1 failed, so these remain: created RoleBinding gatehouse:pair:viewer:user:u5 in pair$/,
    );
    dc().setFaults({});
    expect(await bindingsOf('pair', 'u5')).toEqual(['pair']);
    // The audit log reads as the change it was: the create, its failed undo marked as a rollback
    // step, the refused second create, and one final record saying the change is partial.
    const records = readFileSync(join(suite.dataDir, 'audit', 'audit.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditEntry)
      .filter((e) => e.requestId === r.headers['x-request-id']);
    expect(
      records.map((e) => [e.verb, e.namespace ?? '', e.rollback === true, e.outcome.status]),
    ).toEqual([
      ['create', 'pair', false, 'success'],
      ['create', 'pair-1', false, 'rejected'],
      ['delete', 'pair', true, 'failure'],
      ['apply', '', true, 'failure'],
    ]);
    expect(records.at(-1)!.outcome).toMatchObject({ code: 409, reason: 'PartiallyApplied' });
    expect(records.every((e) => e.resource === undefined || e.resource === 'rolebindings')).toBe(
      true,
    );
  });
});
