import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClustersResponse, KubeStatus } from '../src/contract.js';
import { authConfig, session, startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { direct, startFleet, tempDir, type Fleet } from './support/clusters.js';
import { visibleNamespaces } from './support/capabilities.js';

const whoami = 'apis/authentication.k8s.io/v1/selfsubjectreviews';
const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };

describe('two devclusters from a kubeconfig, token sign-in, two BFF replicas', () => {
  const dir = tempDir('bff-fleet-');
  let fleet: Fleet;
  let a: TestBff;
  let b: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['east', 'west'], { unreachable: 'gone' });
    const shared = {
      kubeconfig: fleet.kubeconfig,
      dataDir: `${dir.path}/bff-data`,
      signInRateLimit: 8,
    };
    a = await startTestBff(shared);
    // The replica serves another origin in the test; in production both sit behind one.
    b = await startTestBff(shared);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('offers token sign-in only: the demo picker does not exist with a real kubeconfig', async () => {
    const br = a.browser();
    const cfg = await authConfig(br);
    expect(cfg.modes).toEqual(['token']);
    expect(cfg.demoUsers).toEqual([]);
    expect(cfg.clusters.map((c) => c.id)).toEqual(['east', 'west', 'gone']);
    const demo = await br.post('/api/auth/demo', { user: 'alice' });
    expect(demo.status).toBe(404);
  });

  it('checks a token with the cluster and refuses a bad one', async () => {
    const br = a.browser();
    await authConfig(br);
    const bad = await br.post('/api/auth/token', { token: 'not-a-token' });
    expect(bad.status).toBe(401);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(
      /does not accept this token/,
    );
    const s = await tokenSignIn(br, fleet.clusters.west!.token('bob'), 'west');
    expect(s.user.name).toBe('bob');
    expect(s.authMode).toBe('token');
  });

  it('reports health per cluster and names the unreachable one, while the others keep working', async () => {
    const br = a.browser();
    await tokenSignIn(br, fleet.clusters.east!.token('alice'), 'east');
    const health = (await br.get('/api/clusters')).json<ClustersResponse>();
    expect(health.map((c) => [c.id, c.healthy])).toEqual([
      ['east', true],
      ['west', true],
      ['gone', false],
    ]);
    expect(health[2]!.error).toMatch(/cluster "gone" is unreachable/);
    const dead = await br.get('/k8s/gone/api/v1/namespaces');
    expect(dead.status).toBe(502);
    expect(dead.json<KubeStatus>()).toMatchObject({
      kind: 'Status',
      code: 502,
      reason: 'ServiceUnavailable',
    });
    expect(dead.json<KubeStatus>().message).toMatch(/cluster "gone"/);
    expect((await br.get('/k8s/east/api/v1/namespaces')).status).toBe(200);
    const s = await session(br);
    const gone = s.clusters.find((c) => c.id === 'gone')!;
    expect(gone.capabilities.cluster.evaluationError).toMatch(/unreachable/);
    expect(s.clusters.find((c) => c.id === 'east')!.capabilities.namespaceCount).toBeGreaterThan(3);
    expect((await visibleNamespaces(br, 'east')).length).toBeGreaterThan(3);
  });

  it("acts with the user's own token: a client Authorization header never reaches the cluster", async () => {
    const br = a.browser();
    await tokenSignIn(br, fleet.clusters.east!.token('joe'), 'east');
    const r = await br.post(`/k8s/east/${whoami}`, review, {
      headers: {
        authorization: `Bearer ${fleet.clusters.east!.token('admin')}`,
        'impersonate-user': 'admin',
      },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json<{ status: { userInfo: { username: string } } }>().status.userInfo.username).toBe(
      'joe',
    );
  });

  it('a sign-out on one replica revokes the session on the other', async () => {
    const onA = a.browser();
    await tokenSignIn(onA, fleet.clusters.east!.token('alice'), 'east');
    const onB = onA.copy(b.url);
    expect((await session(onB)).user.name).toBe('alice');
    const out = await onA.post('/api/auth/logout');
    expect(out.status).toBe(204);
    // Each replica trusts a "not revoked" answer for a second (revocation.ts), then looks again.
    await vi.waitFor(async () => expect((await onB.get('/api/session')).status).toBe(401), {
      timeout: 3_000,
      interval: 100,
    });
    expect((await onB.get('/k8s/east/api/v1/namespaces')).status).toBe(401);
  });

  it('streams a watch and passes each event as it happens', async () => {
    const br = a.browser();
    await tokenSignIn(br, fleet.clusters.west!.token('alice'), 'west');
    const cookie = [...br.cookies()].map(([k, v]) => `${k}=${v}`).join('; ');
    const url = new URL(
      `${a.url}/k8s/west/apis/rbac.authorization.k8s.io/v1/namespaces/deliveries/rolebindings?watch=1`,
    );
    const events: string[] = [];
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, { headers: { cookie } }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(res.statusCode).toBe(200);
    const got = new Promise<void>((resolve) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        for (const line of buf.split('\n').slice(0, -1)) events.push(line);
        buf = buf.slice(buf.lastIndexOf('\n') + 1);
        if (events.some((e) => e.includes('"watched-probe"'))) resolve();
      });
    });
    const created = await direct(
      fleet.clusters.west!,
      'admin',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/deliveries/rolebindings',
      {
        metadata: { name: 'watched-probe', namespace: 'deliveries' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
      },
    );
    expect(created.status).toBe(201);
    await got;
    res.destroy();
    const event = events
      .map((e) => JSON.parse(e) as { type: string; object: { metadata: { name: string } } })
      .find((e) => e.object.metadata.name === 'watched-probe');
    expect(event?.type).toBe('ADDED');
  });

  it('limits sign-in attempts per client', async () => {
    const br = b.browser();
    await authConfig(br);
    const codes: number[] = [];
    for (let i = 0; i < 10; i++)
      codes.push((await br.post('/api/auth/token', { token: `wrong-${i}` })).status);
    expect(codes).toContain(401);
    expect(codes.at(-1)).toBe(429);
  });
});
