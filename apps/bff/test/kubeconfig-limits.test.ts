// Minting kubeconfig files is bounded: per person per minute (429 with Retry-After), and live
// files per person per project; a refused download writes nothing.
import { describe, expect, it } from 'vitest';
import type { KubeconfigsResponse } from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { direct } from './support/clusters.js';

const download = (b: Browser, project = 'payments') =>
  b.get(`/api/clusters/dev/kubeconfig?project=${project}`);

describe('kubeconfig downloads per person per minute', () => {
  const suite = embeddedBffForSuite('bff-mint-rate-', {
    kubeconfigFiles: { mintsPerMinute: 3 },
  });

  it('answers 429 with Retry-After past the limit, minting nothing, and limits each person alone', async () => {
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    for (let i = 0; i < 3; i++) expect((await download(bob)).status).toBe(200);
    const secrets = async () =>
      (
        await direct<{ items: unknown[] }>(
          suite.bff.bff.context.clusters.embedded!,
          'admin',
          'GET',
          '/api/v1/namespaces/gatehouse-system/secrets?labelSelector=gatehouse.dev%2Fkubeconfig%3Dtrue',
        )
      ).body.items.length;
    expect(await secrets()).toBe(3);
    const refused = await download(bob);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(
      /at most 3 kubeconfig downloads a minute/,
    );
    expect(await secrets()).toBe(3);
    // Another person, even in the same project, has their own allowance.
    const invite = await bob.post('/api/clusters/dev/projects/payments/collaborators', {
      subjects: [{ kind: 'User', name: 'joe' }],
      level: 'viewer',
    });
    expect(invite.status, invite.text).toBe(200);
    const joe = suite.bff.browser();
    await demoSignIn(joe, 'joe');
    expect((await download(joe)).status).toBe(200);
    // Not signed in is still a 401, never a count against anyone.
    expect((await download(suite.bff.browser())).status).toBe(401);
  });
});

describe('live kubeconfig files per person per project', () => {
  const suite = embeddedBffForSuite('bff-mint-live-', {
    kubeconfigFiles: { maxLivePerProject: 2 },
  });

  it('refuses a file past the bound until one is revoked, and counts each project alone', async () => {
    const bob = suite.bff.browser();
    await demoSignIn(bob, 'bob');
    expect((await download(bob)).status).toBe(200);
    expect((await download(bob)).status).toBe(200);
    const third = await download(bob);
    expect(third.status).toBe(409);
    expect(third.json<{ error: { message: string } }>().error.message).toMatch(
      /you hold 2 unexpired kubeconfig files for payments .* revoke one/,
    );
    const mine = (await bob.get('/api/kubeconfigs')).json<KubeconfigsResponse>().kubeconfigs;
    expect(mine).toHaveLength(2);
    const revoked = await bob.post(`/api/kubeconfigs/dev/${mine[0]!.id}/revoke`);
    expect(revoked.status, revoked.text).toBe(200);
    expect((await download(bob)).status).toBe(200);
    // alice creates a project; her files there do not count against any other project.
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    expect(
      (await alice.post('/api/clusters/dev/projects', { name: 'lab', namespaces: ['lab'] })).status,
    ).toBe(200);
    for (let i = 0; i < 2; i++) expect((await download(alice, 'lab')).status).toBe(200);
    expect((await download(alice, 'lab')).status).toBe(409);
  });
});
