// Kubeconfig files never outlive the membership they were issued for: removal, a deleted project and
// a binding deleted outside Gatehouse each revoke them, and a re-invitation or a re-created project
// of the same name binds a new identity, so no file issued before comes back.
import { describe, expect, it } from 'vitest';
import type { ChangeReport, KubeconfigsResponse } from '../src/contract.js';
import { revokeUnboundIdentities } from '../src/kubeconfig/identity.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { direct } from './support/clusters.js';
import { kubectlWith } from './support/kubectl.js';

const api = '/api/clusters/dev/projects';
const joe = { kind: 'User', name: 'joe' } as const;
const rbPath = '/apis/rbac.authorization.k8s.io/v1/namespaces';

describe('kubeconfig files end with the membership', () => {
  const suite = embeddedBffForSuite('bff-revocation-');
  const dc = () => suite.bff.bff.context.clusters.embedded!;
  let n = 0;

  async function signedIn(user: string): Promise<Browser> {
    const b = suite.bff.browser();
    await demoSignIn(b, user);
    return b;
  }

  async function invite(admin: Browser, project: string, level = 'developer'): Promise<void> {
    const r = await admin.post(`${api}/${project}/collaborators`, { subjects: [joe], level });
    expect(r.status, r.text).toBe(200);
  }

  /** Downloads a file as `who` and returns kubectl on it, checking it works in `namespace`. */
  async function fileFor(who: Browser, project: string, namespace: string) {
    const r = await who.get(`/api/clusters/dev/kubeconfig?project=${project}`);
    expect(r.status, r.text).toBe(200);
    const kubectl = kubectlWith(suite.dataDir, `file-${n++}`, r.text);
    expect((await kubectl('get', 'configmaps', '-n', namespace)).code).toBe(0);
    return kubectl;
  }

  async function expectDead(kubectl: ReturnType<typeof kubectlWith>, namespace: string) {
    const r = await kubectl('get', 'configmaps', '-n', namespace);
    expect(r.code).not.toBe(0);
    // Unauthorized, not Forbidden: the identity itself is gone, not only its bindings.
    expect(r.stderr).toMatch(/Unauthorized|must be logged in/);
  }

  async function whoami(kubectl: ReturnType<typeof kubectlWith>): Promise<string> {
    const r = await kubectl('auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}');
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  }

  it('removal revokes every file of the person for the project; a re-invite brings none back', async () => {
    const bob = await signedIn('bob');
    const joeB = await signedIn('joe');
    await invite(bob, 'payments');
    const first = await fileFor(joeB, 'payments', 'payments');
    const second = await fileFor(joeB, 'payments', 'payments-staging');
    const before = await whoami(first);
    const ids = (await joeB.get('/api/kubeconfigs'))
      .json<KubeconfigsResponse>()
      .kubeconfigs.map((k) => k.id);
    expect(ids).toHaveLength(2);

    const removed = await bob.post(`${api}/payments/collaborators/remove`, { subject: joe });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.json<ChangeReport>().revokedKubeconfigs?.sort()).toEqual([...ids].sort());
    expect((await joeB.get('/api/kubeconfigs')).json<KubeconfigsResponse>().kubeconfigs).toEqual(
      [],
    );
    await expectDead(first, 'payments');
    await expectDead(second, 'payments-staging');
    const audit = suite.bff.auditOut.json().map((l) => l.audit as Record<string, unknown>);
    for (const id of ids)
      expect(audit).toContainEqual(
        expect.objectContaining({
          authMode: 'controller',
          verb: 'delete',
          resource: 'secrets',
          name: id,
        }),
      );

    // Invited again: the old files stay dead, a new file is a new identity.
    await invite(bob, 'payments', 'admin');
    await expectDead(first, 'payments');
    const fresh = await fileFor(joeB, 'payments', 'payments');
    expect(await whoami(fresh)).not.toBe(before);
  });

  it('deleting a project revokes its files; a re-created project of the same name brings none back', async () => {
    const alice = await signedIn('alice');
    const joeB = await signedIn('joe');
    const created = await alice.post(api, { name: 'lab', namespaces: ['lab'] });
    expect(created.status, created.text).toBe(200);
    await invite(alice, 'lab');
    const old = await fileFor(joeB, 'lab', 'lab');
    const mine = await fileFor(alice, 'lab', 'lab');

    const deleted = await alice.post(`${api}/lab/delete`, { confirm: 'lab' });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json<ChangeReport>().revokedKubeconfigs).toHaveLength(2);
    await expectDead(old, 'lab');
    await expectDead(mine, 'lab');

    // The namespace finishes terminating before a project of the same name can be made again.
    for (let i = 0; i < 100; i++) {
      if ((await direct(dc(), 'admin', 'GET', '/api/v1/namespaces/lab')).status === 404) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const again = await alice.post(api, { name: 'lab', namespaces: ['lab'] });
    expect(again.status, again.text).toBe(200);
    await invite(alice, 'lab');
    await expectDead(old, 'lab');
    await expectDead(mine, 'lab');
    await fileFor(joeB, 'lab', 'lab');
  });

  it('a membership ended outside Gatehouse loses its files at the next sweep', async () => {
    const bob = await signedIn('bob');
    const joeB = await signedIn('joe');
    // joe is admin of payments since the first test; his bindings are deleted with kubectl's rights.
    const file = await fileFor(joeB, 'payments', 'payments');
    for (const ns of ['payments', 'payments-staging']) {
      const r = await direct(
        dc(),
        'admin',
        'DELETE',
        `${rbPath}/${ns}/rolebindings/gatehouse:payments:admin:user:joe`,
      );
      expect(r.status).toBe(200);
    }
    const cluster = suite.bff.bff.context.clusters.get('dev')!;
    const revoked = await revokeUnboundIdentities(cluster);
    expect(revoked.map((r) => r.owner)).toEqual(['joe']);
    await expectDead(file, 'payments');
    await invite(bob, 'payments', 'viewer');
    await expectDead(file, 'payments');
    // A bound identity is never touched.
    expect(await revokeUnboundIdentities(cluster)).toEqual([]);
  });
});
