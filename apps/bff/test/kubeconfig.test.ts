// Kubeconfigs for access that does not come from a Gatehouse invitation by name.
import { describe, expect, it } from 'vitest';
import type { ChangeReport, KubeconfigsResponse, ProjectDetail } from '../src/contract.js';
import { EXPIRED_RETENTION_MS, pruneExpiredFiles } from '../src/kubeconfig/identity.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import { kubectlWith } from './support/kubectl.js';

describe('kubeconfig identities bound where the access comes from', () => {
  const suite = embeddedBffForSuite('bff-kubeconfig-');

  it('binds bob’s identity beside his seeded admin binding, as bob, and takes it away with him', async () => {
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    const r = await bob.get(
      '/api/clusters/dev/kubeconfig?project=payments&namespace=payments-staging',
    );
    expect(r.status, r.text).toBe(200);
    const kubectl = kubectlWith(suite.dataDir, 'bob', r.text);
    expect((await kubectl('auth', 'can-i', 'create', 'rolebindings')).stdout.trim()).toBe('yes');
    expect((await kubectl('auth', 'can-i', 'get', 'pods', '-n', 'payments')).stdout.trim()).toBe(
      'yes',
    );
    expect((await kubectl('auth', 'can-i', 'get', 'pods', '-n', 'data')).stdout.trim()).toBe('no');
    const audit = suite.bff.auditOut
      .json()
      .map((l) => l.audit as { user: string; verb: string; resource?: string; name?: string });
    expect(audit).toContainEqual(
      expect.objectContaining({
        user: 'bob',
        verb: 'create',
        resource: 'rolebindings',
        name: expect.stringContaining(':kubeconfig:'),
      }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({ user: 'bob', verb: 'create', resource: 'secrets' }),
    );
    // The identity binding is not a collaborator of its own.
    const detail = (await bob.get('/api/clusters/dev/projects/payments')).json<ProjectDetail>();
    expect(detail.collaborators.map((c) => c.subject.name)).toEqual(['bob']);

    // alice makes joe admin, then removes bob: bob's file goes with him.
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    expect(
      (
        await alice.post('/api/clusters/dev/projects/payments/collaborators', {
          subjects: [{ kind: 'User', name: 'joe' }],
          level: 'admin',
        })
      ).status,
    ).toBe(200);
    const removed = await alice.post('/api/clusters/dev/projects/payments/collaborators/remove', {
      subject: { kind: 'User', name: 'bob' },
    });
    expect(removed.status, removed.text).toBe(200);
    const steps = removed.json<ChangeReport>().steps;
    expect(
      steps.map((s) => `${s.op} ${s.namespace ?? ''} ${s.name.replace(/[0-9a-f]{10}$/, 'HASH')}`),
    ).toEqual([
      'delete payments gatehouse:payments:admin',
      'delete payments gatehouse:payments:admin:kubeconfig:HASH',
      'delete payments-staging gatehouse:payments:admin',
      'delete payments-staging gatehouse:payments:admin:kubeconfig:HASH',
    ]);
    // His file's identity went with his membership: it no longer even authenticates.
    const after = await kubectl('get', 'pods', '-n', 'payments');
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/Unauthorized|must be logged in/);
  });

  it('explains why a member through a group, who may not extend bindings, gets no token file', async () => {
    const joe = suite.bff.browser();
    await demoSignIn(joe, 'joe');
    const r = await joe.get('/api/clusters/dev/kubeconfig?project=deliveries');
    expect(r.status).toBe(409);
    expect(r.json<{ error: { message: string } }>().error.message).toMatch(
      /comes through a group .* invite you by name/,
    );
    // Another site cannot make a signed-in browser mint files.
    const crossSite = await joe.get('/api/clusters/dev/kubeconfig?project=deliveries', {
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    // A browser without Fetch Metadata is judged by where the request comes from, as for POSTs.
    const path = '/api/clusters/dev/kubeconfig?project=deliveries';
    const refused: Array<Record<string, string>> = [{}, { referer: 'https://evil.example/page' }];
    for (const headers of refused) {
      const r = await joe.send('GET', path, { headers, fetchMetadata: false });
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.text).toMatch(/issued only from this console/);
    }
    const fromConsole = await joe.send('GET', path, {
      headers: { referer: `${suite.bff.url}/projects/deliveries` },
      fetchMetadata: false,
    });
    expect(fromConsole.status, fromConsole.text).toBe(409);
    const carol = suite.bff.browser();
    await demoSignIn(carol, 'carol');
    expect((await carol.get('/api/clusters/dev/kubeconfig?project=payments')).status).toBe(404);
  });

  it('keeps an expired file listed for a retention period, then prunes its Secret', async () => {
    // joe is admin of payments since the first test.
    const joe = suite.bff.browser();
    await demoSignIn(joe, 'joe');
    expect((await joe.get('/api/clusters/dev/kubeconfig?project=payments')).status).toBe(200);
    const [file] = (await joe.get('/api/kubeconfigs')).json<KubeconfigsResponse>().kubeconfigs;
    expect(file?.status).toBe('active');
    const cluster = suite.bff.bff.context.clusters.get('dev')!;
    const expiry = Date.parse(file!.expiresAt);
    expect(await pruneExpiredFiles(cluster, new Date(expiry + 1000))).toEqual([]);
    expect(await pruneExpiredFiles(cluster, new Date(expiry + EXPIRED_RETENTION_MS))).toContain(
      file!.id,
    );
    expect((await joe.get('/api/kubeconfigs')).json<KubeconfigsResponse>().kubeconfigs).toEqual([]);
  });
});
