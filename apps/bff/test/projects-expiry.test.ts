// Invitation expiry with two BFF replicas in front of one cluster: the access goes, and exactly one replica removes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, ProjectDetail } from '../src/contract.js';
import { startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { direct, startFleet, tempDir, type Fleet } from './support/clusters.js';

const removedLine = 'removed expired collaborator access';

describe('invitation expiry across replicas', () => {
  const dir = tempDir('bff-expiry-');
  let fleet: Fleet;
  let replicas: TestBff[] = [];

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['dev']);
    replicas = await Promise.all(
      ['a', 'b'].map((n) =>
        startTestBff({
          dataDir: `${dir.path}/${n}`,
          kubeconfig: fleet.kubeconfig,
          expirySweepSeconds: 1,
        }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await fleet?.stop();
    dir.remove();
  });

  it('removes an expired invitation in every namespace once, and keeps the others', async () => {
    const bob = replicas[0]!.browser();
    await tokenSignIn(bob, fleet.clusters.dev!.token('bob'));
    const expiresAt = new Date(Date.now() + 4_000).toISOString();
    const invite = await bob.post('/api/clusters/dev/projects/payments/collaborators', {
      subjects: [{ kind: 'User', name: 'carol' }],
      level: 'viewer',
      expiresAt,
    });
    expect(invite.status, invite.text).toBe(200);
    const kept = await bob.post('/api/clusters/dev/projects/payments/collaborators', {
      subjects: [{ kind: 'User', name: 'joe' }],
      level: 'viewer',
    });
    expect(kept.status, kept.text).toBe(200);
    const before = (await bob.get('/api/clusters/dev/projects/payments')).json<ProjectDetail>();
    expect(before.collaborators.find((c) => c.subject.name === 'carol')?.expiresAt).toBe(expiresAt);

    const path =
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments-staging/rolebindings/gatehouse:payments:viewer:user:carol';
    await expect
      .poll(async () => (await direct(fleet.clusters.dev!, 'admin', 'GET', path)).status, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(404);
    // Let both replicas run at least one more sweep over the now-empty list.
    await new Promise((r) => setTimeout(r, 2_500));
    const removals = replicas
      .flatMap((r) => r.logs.json())
      .filter((l) => l.msg === removedLine)
      .map((l) => `${String(l.namespace)}/${String(l.rolebinding)}`);
    expect(removals.sort()).toEqual([
      'payments-staging/gatehouse:payments:viewer:user:carol',
      'payments/gatehouse:payments:viewer:user:carol',
    ]);
    // Each removal is in the audit log once, as the controller identity that made it.
    const audited = replicas
      .flatMap((r) => r.auditOut.json())
      .map((l) => l.audit as AuditEntry)
      .filter((e) => e.verb === 'delete' && e.resource === 'rolebindings');
    expect(audited.map((e) => `${e.namespace ?? ''}/${e.name ?? ''}`).sort()).toEqual(
      removals.sort(),
    );
    for (const e of audited)
      expect(e).toMatchObject({
        user: 'system:serviceaccount:gatehouse-system:gatehouse-controller',
        authMode: 'controller',
        cluster: 'dev',
        apiGroup: 'rbac.authorization.k8s.io',
        outcome: { status: 'success' },
      });
    const after = (await bob.get('/api/clusters/dev/projects/payments')).json<ProjectDetail>();
    expect(after.collaborators.map((c) => c.subject.name)).toEqual(['bob', 'joe']);
  });
});
