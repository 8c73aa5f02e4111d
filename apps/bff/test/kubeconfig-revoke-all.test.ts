// "Revoke all" leaves nothing of the person's kubeconfigs behind: no file, no identity, no binding
// made for that identity alone; the memberships stay, and a new download works again.
import { describe, expect, it } from 'vitest';
import type { RevokeResponse } from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import { direct } from './support/clusters.js';
import { kubectlWith } from './support/kubectl.js';

interface Named {
  metadata: { name: string; namespace?: string };
  subjects?: Array<{ kind: string; name: string }>;
}

describe('revoke all', () => {
  const suite = embeddedBffForSuite('bff-revoke-all-');

  it('deletes the files, then the identities no file is left for, with their own bindings', async () => {
    const dc = suite.bff.bff.context.clusters.embedded!;
    const list = async (path: string) =>
      (await direct<{ items: Named[] }>(dc, 'admin', 'GET', path)).body.items;
    const identities = () =>
      list(
        '/api/v1/namespaces/gatehouse-system/serviceaccounts?labelSelector=gatehouse.dev%2Fkubeconfig%3Dtrue',
      );
    const kubeconfigBindings = async () =>
      (await list('/apis/rbac.authorization.k8s.io/v1/rolebindings'))
        .filter((b) => b.metadata.name.includes(':kubeconfig:'))
        .map((b) => `${b.metadata.namespace}/${b.metadata.name.replace(/[0-9a-f]{10}$/, 'HASH')}`)
        .sort();

    // bob's access is the seeded binding naming him alone: his file needs bindings of its own.
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    const first = await bob.get('/api/clusters/dev/kubeconfig?project=payments');
    expect(first.status, first.text).toBe(200);
    expect((await bob.get('/api/clusters/dev/kubeconfig?project=payments')).status).toBe(200);
    // joe, invited by name, has his identity in the collaborator binding itself.
    const invite = await bob.post('/api/clusters/dev/projects/payments/collaborators', {
      subjects: [{ kind: 'User', name: 'joe' }],
      level: 'viewer',
    });
    expect(invite.status, invite.text).toBe(200);
    const joe = suite.bff.browser();
    await demoSignIn(joe, 'joe');
    expect((await joe.get('/api/clusters/dev/kubeconfig?project=payments')).status).toBe(200);
    expect(await identities()).toHaveLength(2);
    expect(await kubeconfigBindings()).toEqual([
      'payments-staging/gatehouse:payments:admin:kubeconfig:HASH',
      'payments/gatehouse:payments:admin:kubeconfig:HASH',
    ]);

    const r = await bob.post('/api/kubeconfigs/revoke-all');
    expect(r.status, r.text).toBe(200);
    const body = r.json<RevokeResponse>();
    expect(body.revoked).toHaveLength(2);
    expect(body.errors).toEqual([]);
    expect(body.identities).toEqual([
      expect.stringMatching(/^dev\/kc-payments-[0-9a-f]{10}-[0-9a-f]{8}$/),
    ]);
    // bob's identity and its two bindings are gone; joe's identity is untouched.
    expect(await kubeconfigBindings()).toEqual([]);
    const left = await identities();
    expect(left.map((s) => `dev/${s.metadata.name}`)).not.toContain(body.identities![0]);
    expect(left).toHaveLength(1);
    const old = kubectlWith(suite.dataDir, 'bob', first.text);
    const refused = await old('get', 'pods', '-n', 'payments');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Unauthorized|must be logged in/);
    // His membership stays (it is the seeded binding), and so does his right to a new file.
    const bound = await list('/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings');
    expect(bound.find((b) => b.metadata.name === 'gatehouse:payments:admin')?.subjects).toEqual([
      expect.objectContaining({ kind: 'User', name: 'bob' }),
    ]);
    const again = await bob.get('/api/clusters/dev/kubeconfig?project=payments');
    expect(again.status, again.text).toBe(200);
    const kubectl = kubectlWith(suite.dataDir, 'bob', again.text);
    expect((await kubectl('auth', 'can-i', 'create', 'rolebindings')).stdout.trim()).toBe('yes');

    // joe revokes all: his identity goes; the collaborator binding (his membership) stays and
    // still names him, and a new download works.
    const joeOut = await joe.post('/api/kubeconfigs/revoke-all');
    expect(joeOut.json<RevokeResponse>().identities).toHaveLength(1);
    expect(await identities()).toHaveLength(1);
    const joeBinding = (
      await list('/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings')
    ).find((b) => b.metadata.name === 'gatehouse:payments:viewer:user:joe');
    expect(joeBinding?.subjects).toContainEqual(
      expect.objectContaining({ kind: 'User', name: 'joe' }),
    );
    const joeAgain = await joe.get('/api/clusters/dev/kubeconfig?project=payments');
    expect(joeAgain.status, joeAgain.text).toBe(200);
    const joeKubectl = kubectlWith(suite.dataDir, 'joe', joeAgain.text);
    expect((await joeKubectl('auth', 'can-i', 'get', 'pods', '-n', 'payments')).stdout.trim()).toBe(
      'yes',
    );

    // Audited as the controller that deleted them, naming who asked.
    const audit = suite.bff.auditOut.json().map((l) => l.audit as Record<string, unknown>);
    expect(audit).toContainEqual(
      expect.objectContaining({
        authMode: 'controller',
        verb: 'delete',
        resource: 'serviceaccounts',
        name: body.identities![0]!.slice('dev/'.length),
        outcome: expect.objectContaining({ message: expect.stringContaining('bob revoked all') }),
      }),
    );
    expect(
      audit.filter((a) => a.resource === 'rolebindings' && a.authMode === 'controller'),
    ).toHaveLength(2);
  });
});
