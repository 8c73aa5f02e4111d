// Console state in the home cluster (--state-store cluster): two replicas with no directory in
// common share session keys through a Secret, see each other's sign-outs through watched
// ConfigMaps, see each other's sign-in records, and agree through a Lease on which of them sweeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadyResponse } from '../src/contract.js';
import { KEYS_SECRET } from '../src/state/cluster-keys.js';
import { REVOCATION_LABEL, revocationName } from '../src/state/cluster-revocations.js';
import { SWEEPER_LEASE } from '../src/state/lease.js';
import { SIGN_IN_LABEL, signInRecordName } from '../src/state/sign-ins.js';
import type {
  AccessCheckResponse,
  SubjectViewResponse,
  WhoCanResponse,
} from '../src/analysis/contract.js';
import { startTestBff, tokenSignIn, session, type TestBff } from './support/bff.js';
import { direct, startFleet, tempDir, type Fleet } from './support/clusters.js';

/**
 * How long a poll may wait for what the watch or the revocation mirror brings: milliseconds when the
 * machine is idle (`pnpm bench` measures the sign-out → refused time), and the mirror retries a
 * broken list once a second, longer than expect.poll's 1 s default.
 */
const settleMs = 10_000;

const ns = '/api/v1/namespaces/gatehouse-system';
const lease = `/apis/coordination.k8s.io/v1/namespaces/gatehouse-system/leases/${SWEEPER_LEASE}`;

interface Secret {
  metadata: { resourceVersion: string };
  data: Record<string, string>;
}
interface LeaseObj {
  spec: { holderIdentity?: string; leaseTransitions?: number };
}

describe('console state in the home cluster', () => {
  const dir = tempDir('bff-state-');
  let fleet: Fleet;
  const replicas: Record<string, TestBff> = {};
  const start = (name: string) =>
    startTestBff({
      // Each its own directory: nothing is shared on disk.
      dataDir: `${dir.path}/${name}`,
      kubeconfig: fleet.kubeconfig,
      stateStore: 'cluster',
      stateCluster: 'dev',
      replica: name,
      leaseSeconds: 3,
      expirySweepSeconds: 1,
    });

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['dev']);
    replicas.a = await start('replica-a');
    replicas.b = await start('replica-b');
  });
  afterAll(async () => {
    await Promise.all(Object.values(replicas).map((r) => r.close()));
    await fleet?.stop();
    dir.remove();
  });

  it('creates one keys Secret that both replicas use: a cookie sealed by one opens on the other', async () => {
    const secret = await direct<Secret>(
      fleet.clusters.dev!,
      'admin',
      'GET',
      `${ns}/secrets/${KEYS_SECRET}`,
    );
    expect(secret.status).toBe(200);
    const keys = Buffer.from(secret.body.data.keys!, 'base64').toString('utf8').trim().split('\n');
    expect(keys).toHaveLength(1);
    expect(replicas.a!.bff.context.keys.kids).toEqual(replicas.b!.bff.context.keys.kids);

    const onA = replicas.a!.browser();
    const me = await tokenSignIn(onA, fleet.clusters.dev!.token('bob'));
    const onB = onA.copy(replicas.b!.url);
    expect((await session(onB)).user.name).toBe(me.user.name);
  });

  it('refuses a signed-out cookie on the other replica, from objects that expire with the session', async () => {
    const onA = replicas.a!.browser();
    await tokenSignIn(onA, fleet.clusters.dev!.token('bob'));
    const onB = onA.copy(replicas.b!.url);
    expect((await onB.get('/api/session')).status).toBe(200);
    const sealed = await replicas.a!.bff.context.sessions.open(
      onA.cookies().get('gatehouse')!,
      'session',
    );
    const sid = String(sealed?.sid);

    const out = await onA.post('/api/auth/logout');
    expect(out.status, out.text).toBe(204);
    // The watch delivers the ConfigMap to replica b (milliseconds here; the bench measures it).
    await expect
      .poll(async () => (await onB.get('/api/session')).status, { interval: 20, timeout: settleMs })
      .toBe(401);

    const cm = await direct<{
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
    }>(fleet.clusters.dev!, 'admin', 'GET', `${ns}/configmaps/${revocationName(sid)}`);
    expect(cm.status).toBe(200);
    expect(cm.body.metadata.labels[REVOCATION_LABEL]).toBe('true');
    // It expires when the session would have: sign-in plus --session-max (8 h by default).
    const expires = Date.parse(cm.body.metadata.annotations['gatehouse.dev/session-expires-at']!);
    expect(expires - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
  });

  it('keeps sign-in groups in one ConfigMap per person: a sign-in on one replica answers analysis on the other', async () => {
    const dc = fleet.clusters.dev!;
    const joe = replicas.a!.browser();
    await tokenSignIn(joe, dc.token('joe'));
    const alice = replicas.b!.browser();
    await tokenSignIn(alice, dc.token('alice'));
    const check = async () => {
      const r = await alice.get(
        '/api/clusters/dev/access/check?subjectKind=User&subjectName=joe&verb=create&apiGroup=apps&resource=deployments&namespace=deliveries&signInGroups=true',
      );
      expect(r.status, r.text).toBe(200);
      return r.json<AccessCheckResponse>();
    };
    const first = await check();
    expect(first.user.groups).toEqual(['devel', 'system:authenticated']);
    expect(first.policy.allowed).toBe(true);
    expect(first.agree).toBe(true);
    expect(first.groupSources?.signIn).toMatchObject({
      status: 'seen',
      used: true,
      authMode: 'token',
      cluster: 'dev',
    });

    const cm = await direct<{
      metadata: { labels: Record<string, string> };
      data: { record: string };
    }>(dc, 'admin', 'GET', `${ns}/configmaps/${signInRecordName('joe')}`);
    expect(cm.status).toBe(200);
    expect(cm.body.metadata.labels[SIGN_IN_LABEL]).toBe('true');
    expect(JSON.parse(cm.body.data.record)).toMatchObject({
      user: 'joe',
      groups: ['devel', 'system:authenticated'],
    });

    // Signed in again on the other replica: the record is replaced in place, and a sees it.
    const at = first.groupSources?.signIn.status === 'seen' ? first.groupSources.signIn.at : '';
    await new Promise((r) => setTimeout(r, 1100));
    await tokenSignIn(replicas.b!.browser(), dc.token('joe'));
    const onA = alice.copy(replicas.a!.url);
    const r = await onA.get(
      '/api/clusters/dev/access/subject?subjectKind=User&subjectName=joe&signInGroups=true',
    );
    expect(r.status, r.text).toBe(200);
    const view = r.json<SubjectViewResponse>();
    expect(view.bindings.map((b) => b.name)).toContain('gatehouse:deliveries:developer');
    const seen = view.groupSources?.signIn;
    expect(seen?.status === 'seen' && Date.parse(seen.at)).toBeGreaterThan(Date.parse(at));
    // Who-can lists the records by label: joe and alice, each signed in with devel.
    const who = await onA.get(
      '/api/clusters/dev/access/who-can?verb=create&apiGroup=apps&resource=deployments&namespace=deliveries',
    );
    expect(who.status, who.text).toBe(200);
    expect(who.json<WhoCanResponse>().signedInMembers?.devel?.users).toEqual(
      expect.arrayContaining(['alice', 'joe']),
    );
  });

  it('fails closed while revocations cannot be read, and recovers when they can', async () => {
    const onA = replicas.a!.browser();
    await tokenSignIn(onA, fleet.clusters.dev!.token('joe'));
    const onB = onA.copy(replicas.b!.url);
    const dc = fleet.clusters.dev!;
    dc.setFaults({ errorRate: 1, errorPaths: [`${ns}/configmaps`] });
    try {
      expect(dc.endWatches()).toBeGreaterThan(0);
      // The watch breaks; each request then asks for its revocation object, and that fails too.
      await expect
        .poll(() => replicas.b!.bff.context.state.problems().length, {
          interval: 20,
          timeout: settleMs,
        })
        .toBe(1);
      const r = await onB.get('/api/session');
      expect(r.status, r.text).toBe(503);
      expect(r.json<{ error: { reason: string } }>().error.reason).toBe('ServiceUnavailable');
      const ready = (await replicas.b!.browser().get('/api/readyz')).json<ReadyResponse>();
      expect(ready.problems[0]).toMatch(/not following session revocations/);
    } finally {
      dc.setFaults({});
    }
    await expect
      .poll(async () => (await onB.get('/api/session')).status, { interval: 50, timeout: settleMs })
      .toBe(200);
    await expect
      .poll(() => replicas.b!.bff.context.state.problems(), { interval: 50, timeout: settleMs })
      .toEqual([]);
  });

  it('the lease holder deletes revocations of expired sessions, and only those', async () => {
    const make = (name: string, at: string) =>
      direct(fleet.clusters.dev!, 'admin', 'POST', `${ns}/configmaps`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name,
          labels: { [REVOCATION_LABEL]: 'true' },
          annotations: { 'gatehouse.dev/session-expires-at': at },
        },
      });
    expect(
      (await make('gatehouse-revoked-old', new Date(Date.now() - 1000).toISOString())).status,
    ).toBe(201);
    expect(
      (await make('gatehouse-revoked-live', new Date(Date.now() + 3600_000).toISOString())).status,
    ).toBe(201);
    await expect
      .poll(
        async () =>
          (
            await direct(
              fleet.clusters.dev!,
              'admin',
              'GET',
              `${ns}/configmaps/gatehouse-revoked-old`,
            )
          ).status,
        {
          timeout: 15_000,
          interval: 200,
        },
      )
      .toBe(404);
    expect(
      (await direct(fleet.clusters.dev!, 'admin', 'GET', `${ns}/configmaps/gatehouse-revoked-live`))
        .status,
    ).toBe(200);
  });

  it('takes a rotated key at once on every replica: the new key seals, the old still opens', async () => {
    const onA = replicas.a!.browser();
    await tokenSignIn(onA, fleet.clusters.dev!.token('bob'));
    const oldCookie = new Map(onA.cookies());
    const before = replicas.a!.bff.context.keys.kids;

    const secret = await direct<Secret>(
      fleet.clusters.dev!,
      'admin',
      'GET',
      `${ns}/secrets/${KEYS_SECRET}`,
    );
    const old = Buffer.from(secret.body.data.keys!, 'base64').toString('utf8').trim();
    const fresh = Buffer.alloc(32, 7).toString('base64url');
    const put = await direct(fleet.clusters.dev!, 'admin', 'PUT', `${ns}/secrets/${KEYS_SECRET}`, {
      ...secret.body,
      data: { keys: Buffer.from(`${fresh}\n${old}\n`).toString('base64') },
    });
    expect(put.status).toBe(200);
    for (const r of [replicas.a!, replicas.b!])
      await expect
        .poll(() => r.bff.context.keys.kids.length, { interval: 20, timeout: settleMs })
        .toBe(2);
    expect(replicas.b!.bff.context.keys.kids[1]).toBe(before[0]);

    // The cookie sealed with the old key still opens on b; a new sign-in on b opens on a.
    const onB = onA.copy(replicas.b!.url);
    for (const [k, v] of oldCookie) onB.cookies().set(k, v);
    expect((await onB.get('/api/session')).status).toBe(200);
    const fresher = replicas.b!.browser();
    await tokenSignIn(fresher, fleet.clusters.dev!.token('joe'));
    const header = JSON.parse(
      Buffer.from(fresher.cookies().get('gatehouse')!.split('.')[0]!, 'base64url').toString(),
    ) as { kid: string };
    expect(header.kid).toBe(replicas.a!.bff.context.keys.kids[0]);
    expect(header.kid).not.toBe(before[0]);
    expect((await session(fresher.copy(replicas.a!.url))).user.name).toBe('joe');

    // A broken Secret changes nothing: both replicas keep the keys they have.
    const now = await direct<Secret>(
      fleet.clusters.dev!,
      'admin',
      'GET',
      `${ns}/secrets/${KEYS_SECRET}`,
    );
    const bad = await direct(fleet.clusters.dev!, 'admin', 'PUT', `${ns}/secrets/${KEYS_SECRET}`, {
      ...now.body,
      data: { keys: Buffer.from('not a key\n').toString('base64') },
    });
    expect(bad.status).toBe(200);
    await expect
      .poll(() => replicas.a!.logs.lines.some((l) => l.includes('keeping the last good keys')), {
        interval: 20,
        timeout: settleMs,
      })
      .toBe(true);
    expect(replicas.a!.bff.context.keys.kids).toHaveLength(2);
    // ...and a replica starting now refuses to start rather than make keys of its own.
    await expect(start('replica-x')).rejects.toThrow(
      /Secret gatehouse-system\/gatehouse-session-keys "keys", line 1: a session key is 32 bytes/,
    );
    const broken = await direct<Secret>(
      fleet.clusters.dev!,
      'admin',
      'GET',
      `${ns}/secrets/${KEYS_SECRET}`,
    );
    const restored = await direct(
      fleet.clusters.dev!,
      'admin',
      'PUT',
      `${ns}/secrets/${KEYS_SECRET}`,
      {
        ...broken.body,
        data: { keys: Buffer.from(`${fresh}\n${old}\n`).toString('base64') },
      },
    );
    expect(restored.status).toBe(200);
  });

  it('exactly one replica holds the sweeper lease, and another takes it when the holder stops', async () => {
    const ready = async (r: TestBff) =>
      (await r.browser().get('/api/readyz')).json<ReadyResponse>();
    await expect
      .poll(
        async () => {
          const [a, b] = await Promise.all([ready(replicas.a!), ready(replicas.b!)]);
          return a.sweeper !== '' && a.sweeper === b.sweeper ? a.sweeper : undefined;
        },
        { interval: 100, timeout: 10_000 },
      )
      .toMatch(/^replica-[ab]$/);
    const leaders = [replicas.a!, replicas.b!].filter((r) =>
      r.bff.context.state.sweeper.isLeader(),
    );
    expect(leaders).toHaveLength(1);
    const holder = leaders[0]!;
    const holderName = holder.bff.context.state.replica;
    const other = holder === replicas.a ? replicas.b! : replicas.a!;
    const before = (await direct<LeaseObj>(fleet.clusters.dev!, 'admin', 'GET', lease)).body.spec;
    expect(before.holderIdentity).toBe(holderName);

    // A third replica joins and does not take over.
    replicas.c = await start('replica-c');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(replicas.c.bff.context.state.sweeper.isLeader()).toBe(false);

    // The holder stops (and hands the lease back): one of the others takes it.
    await holder.close();
    delete replicas[holder === replicas.a ? 'a' : 'b'];
    await expect
      .poll(
        async () =>
          (await direct<LeaseObj>(fleet.clusters.dev!, 'admin', 'GET', lease)).body.spec
            .holderIdentity,
        {
          interval: 100,
          timeout: 10_000,
        },
      )
      .toMatch(new RegExp(`^(${other.bff.context.state.replica}|replica-c)$`));
    const after = (await direct<LeaseObj>(fleet.clusters.dev!, 'admin', 'GET', lease)).body.spec;
    expect(after.leaseTransitions).toBe((before.leaseTransitions ?? 0) + 1);
    const nowLeading = [other, replicas.c].filter((r) => r.bff.context.state.sweeper.isLeader());
    expect(nowLeading.map((r) => r.bff.context.state.replica)).toEqual([after.holderIdentity]);
  });

  it('says on /api/readyz where state lives and that the replica is ready', async () => {
    const r = await replicas.c!.browser().get('/api/readyz');
    expect(r.status).toBe(200);
    const body = r.json<ReadyResponse>();
    expect(body).toMatchObject({
      status: 'ready',
      store: 'cluster',
      replica: 'replica-c',
      problems: [],
    });
    expect((await replicas.c!.browser().get('/api/livez')).json()).toEqual({ status: 'ok' });
  });
});
