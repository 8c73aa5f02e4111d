// The BFF against older API servers (devclusters started with emulateVersion): token sign-in where
// SelfSubjectReview is not served (before 1.27) goes by TokenReview as the BFF and says so; the
// kubeconfig page stops suggesting `kubectl auth whoami` there; and where the token controller
// hands every ServiceAccount a non-expiring token Secret (before 1.24) no kubeconfig file is issued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeconfigInfo } from '../src/projects/contract.js';
import { startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { direct, startFleet, tempDir, type Fleet } from './support/clusters.js';
import { kubectlWith } from './support/kubectl.js';
import type { Cluster } from '../src/clusters.js';
import { staticAuth } from '../src/bff-auth.js';
import { KubeClient } from '../src/kube-client.js';
import { removeLegacyTokens } from '../src/kubeconfig/legacy-tokens.js';

const SYSTEM = '/api/v1/namespaces/gatehouse-system';

function olderCluster(version: '1.23' | '1.26' | '1.27') {
  const dir = tempDir(`bff-k8s-${version}-`);
  let fleet: Fleet | undefined;
  let bff: TestBff | undefined;
  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['old'], { options: { emulateVersion: version } });
    bff = await startTestBff({ kubeconfig: fleet.kubeconfig, dataDir: `${dir.path}/bff-data` });
  });
  afterAll(async () => {
    await bff?.close();
    await fleet?.stop();
    dir.remove();
  });
  return {
    get fleet() {
      return fleet!;
    },
    get bff() {
      return bff!;
    },
    dataDir: () => `${dir.path}/bff-data`,
  };
}

describe('a 1.26 API server (no SelfSubjectReview)', () => {
  const s = olderCluster('1.26');

  it('signs bob in by TokenReview as the BFF, and the log says it did', async () => {
    const br = s.bff.browser();
    const session = await tokenSignIn(br, s.fleet.clusters.old!.token('bob'), 'old');
    expect(session.user.name).toBe('bob');
    expect(session.user.groups).toEqual(expect.arrayContaining(['devel', 'qa']));
    const said = s.bff.logs
      .json()
      .find((l) =>
        String(l.msg).startsWith('token sign-in: the cluster serves no SelfSubjectReview'),
      );
    expect(said).toMatchObject({ cluster: 'old', serverVersion: 'v1.26.15-devcluster' });
    const bad = await br.post('/api/auth/token', { token: 'not-a-token', cluster: 'old' });
    expect(bad.status).toBe(401);
    expect(bad.json<{ error: { message: string } }>().error.message).toBe(
      'cluster "old" does not accept this token',
    );
  });

  it('tells the kubeconfig page that kubectl auth whoami cannot work, and issues a file with no legacy token', async () => {
    const br = s.bff.browser();
    await tokenSignIn(br, s.fleet.clusters.old!.token('bob'), 'old');
    const info = await br.get('/api/clusters/old/kubeconfig/info?project=payments');
    expect(info.status, info.text).toBe(200);
    expect(info.json<KubeconfigInfo>().whoami).toBe(false);
    const file = await br.get('/api/clusters/old/kubeconfig?project=payments&namespace=payments');
    expect(file.status, file.text).toBe(200);
    const kubectl = kubectlWith(s.dataDir(), 'bob', file.text);
    expect((await kubectl('auth', 'can-i', 'get', 'pods', '-n', 'payments')).stdout.trim()).toBe(
      'yes',
    );
    const secrets = await direct<{ items: { type: string }[] }>(
      s.fleet.clusters.old!,
      'admin',
      'GET',
      `${SYSTEM}/secrets`,
    );
    expect(secrets.body.items.map((i) => i.type)).not.toContain(
      'kubernetes.io/service-account-token',
    );
  });
});

describe('a 1.27 API server (SelfSubjectReview v1beta1)', () => {
  const s = olderCluster('1.27');

  it('signs bob in by the v1beta1 SelfSubjectReview discovery finds, and keeps whoami on the page', async () => {
    const br = s.bff.browser();
    const session = await tokenSignIn(br, s.fleet.clusters.old!.token('bob'), 'old');
    expect(session.user.name).toBe('bob');
    expect(s.bff.logs.lines.some((l) => l.includes('serves no SelfSubjectReview'))).toBe(false);
    const info = await br.get('/api/clusters/old/kubeconfig/info?project=payments');
    expect(info.json<KubeconfigInfo>().whoami).toBe(true);
  });
});

describe('a 1.23 API server (legacy ServiceAccount token Secrets)', () => {
  const s = olderCluster('1.23');

  it('issues no kubeconfig file, says why, and leaves no identity or token behind', async () => {
    const br = s.bff.browser();
    await tokenSignIn(br, s.fleet.clusters.old!.token('bob'), 'old');
    const file = await br.get('/api/clusters/old/kubeconfig?project=payments&namespace=payments');
    expect(file.status).toBe(409);
    expect(file.json<{ error: { message: string } }>().error.message).toBe(
      'Gatehouse issues no kubeconfig files on cluster "old": its API server (v1.23.17-devcluster) gives every ServiceAccount a token Secret (Kubernetes before 1.24), a non-expiring token that revoking the file would not end',
    );
    const accounts = await direct<{ items: { metadata: { name: string } }[] }>(
      s.fleet.clusters.old!,
      'admin',
      'GET',
      `${SYSTEM}/serviceaccounts`,
    );
    // No kubeconfig identity (kc-<project>-…) was made for the refused download.
    expect(accounts.body.items.some((a) => a.metadata.name.startsWith('kc-payments-'))).toBe(false);
    expect(accounts.body.items.map((a) => a.metadata.name)).toContain('gatehouse-controller');
  });

  it('deletes a kubeconfig identity’s legacy token Secret and the identity at once when one turns up', async () => {
    const dc = s.fleet.clusters.old!;
    const sa = 'kc-payments-0123456789-carol';
    const made = await direct(dc, 'admin', 'POST', `${SYSTEM}/serviceaccounts`, {
      metadata: { name: sa },
    });
    expect(made.status).toBe(201);
    const before = await direct<{ secrets?: { name: string }[] }>(
      dc,
      'admin',
      'GET',
      `${SYSTEM}/serviceaccounts/${sa}`,
    );
    const secret = before.body.secrets?.[0]?.name ?? '';
    expect(secret).toMatch(new RegExp(`^${sa}-token-`));
    const cluster = {
      id: 'old',
      name: 'old',
      client: new KubeClient(
        {
          id: 'old',
          name: 'old',
          server: dc.url,
          caPem: dc.caPem,
          source: 'kubeconfig',
          bffAuth: staticAuth({ token: dc.token('gatehouse-bff') }, 'token'),
        },
        10_000,
      ),
    } as unknown as Cluster;
    await expect(removeLegacyTokens(cluster, sa)).rejects.toMatchObject({
      code: 409,
      message: expect.stringContaining(`gave the kubeconfig identity a token Secret (${secret};`),
    });
    expect((await direct(dc, 'admin', 'GET', `${SYSTEM}/serviceaccounts/${sa}`)).status).toBe(404);
    expect((await direct(dc, 'admin', 'GET', `${SYSTEM}/secrets/${secret}`)).status).toBe(404);
    const left = await direct<{ items: { metadata: { name: string } }[] }>(
      dc,
      'admin',
      'GET',
      `${SYSTEM}/secrets`,
    );
    expect(left.body.items.map((i) => i.metadata.name).filter((n) => n.startsWith(sa))).toEqual([]);
  });
});
