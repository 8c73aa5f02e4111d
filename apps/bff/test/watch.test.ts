import { writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { startFleet, tempDir, type Fleet } from './support/clusters.js';

/** A TCP relay in front of the cluster that counts the BFF's open connections (TLS passes through). */
async function relay(target: number): Promise<{
  port: number;
  open: Set<Socket>;
  lastAnswered: () => Socket | undefined;
  server: Server;
}> {
  const open = new Set<Socket>();
  let last: Socket | undefined;
  const server = createServer((client) => {
    open.add(client);
    const upstream = connect(target, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    upstream.on('data', () => (last = client));
    const done = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', done).on('error', done);
    upstream.on('close', done).on('error', done);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, open, lastAnswered: () => last, server };
}

function openWatch(bff: TestBff, cookie: string, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${bff.url}${path}`, { headers: { cookie } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

describe('watches through the BFF', () => {
  const dir = tempDir('bff-watch-');
  let fleet: Fleet;
  let bff: TestBff;
  let tcp: Awaited<ReturnType<typeof relay>>;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['w']);
    const dc = fleet.clusters.w!;
    tcp = await relay(dc.port);
    const kubeconfig = join(dir.path, 'relay.yaml');
    writeFileSync(
      kubeconfig,
      `clusters:\n- name: w\n  cluster:\n    server: https://127.0.0.1:${tcp.port}\n    certificate-authority-data: ${Buffer.from(dc.caPem).toString('base64')}\n` +
        `users:\n- name: bff\n  user:\n    token: ${dc.token('gatehouse-bff')}\ncontexts:\n- name: w\n  context: { cluster: w, user: bff }\n`,
    );
    bff = await startTestBff({
      kubeconfig,
      dataDir: join(dir.path, 'bff-data'),
      watchesPerSession: 4,
    });
  });
  afterAll(async () => {
    await bff?.close();
    tcp?.server.close();
    await fleet?.stop();
    dir.remove();
  });

  it('closes the upstream watch when the client goes away', async () => {
    const br = bff.browser();
    await tokenSignIn(br, fleet.clusters.w!.token('alice'));
    const cookie = [...br.cookies()].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await openWatch(bff, cookie, '/k8s/w/api/v1/namespaces?watch=1');
    expect(res.statusCode).toBe(200);
    await new Promise<void>((resolve) => res.once('data', () => resolve()));
    // Nothing else is in flight: the connection that last carried cluster bytes carries the watch.
    const watchConnection = tcp.lastAnswered()!;
    expect(tcp.open.has(watchConnection)).toBe(true);
    res.destroy();
    // The BFF destroys its upstream request, and with it the connection carrying the watch.
    await vi.waitFor(() => expect(tcp.open.has(watchConnection)).toBe(false), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it('ends the client stream when the cluster drops the watch', async () => {
    const br = bff.browser();
    await tokenSignIn(br, fleet.clusters.w!.token('alice'));
    const cookie = [...br.cookies()].map(([k, v]) => `${k}=${v}`).join('; ');
    fleet.clusters.w!.setFaults({ dropWatchesAfterMs: 200 });
    try {
      const res = await openWatch(
        bff,
        cookie,
        '/k8s/w/apis/rbac.authorization.k8s.io/v1/clusterroles?watch=1',
      );
      expect(res.statusCode).toBe(200);
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      await new Promise<void>((resolve) => res.on('close', () => resolve()));
      // The initial ADDED events arrived before the cluster hung up.
      expect(bytes).toBeGreaterThan(0);
    } finally {
      fleet.clusters.w!.setFaults({});
    }
  });

  it('bounds the watches of one session (429) without touching other sessions or ordinary calls', async () => {
    const dc = fleet.clusters.w!;
    const cookieOf = async (user: string) => {
      const br = bff.browser();
      await tokenSignIn(br, dc.token(user));
      return { br, cookie: [...br.cookies()].map(([k, v]) => `${k}=${v}`).join('; ') };
    };
    const alice = await cookieOf('alice');
    const bob = await cookieOf('bob');
    const held: IncomingMessage[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const w = await openWatch(bff, alice.cookie, '/k8s/w/api/v1/namespaces?watch=1');
        expect(w.statusCode).toBe(200);
        held.push(w);
      }
      const refused = await openWatch(bff, alice.cookie, '/k8s/w/api/v1/namespaces?watch=1');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('5');
      refused.resume();
      // Another person's watch and everyone's ordinary calls still go through.
      const other = await openWatch(
        bff,
        bob.cookie,
        '/k8s/w/api/v1/namespaces/payments/serviceaccounts?watch=1',
      );
      expect(other.statusCode).toBe(200);
      held.push(other);
      expect((await alice.br.get('/k8s/w/api/v1/namespaces')).status).toBe(200);
      // Closing one frees its place.
      held.shift()!.destroy();
      await vi.waitFor(
        async () => {
          const again = await openWatch(bff, alice.cookie, '/k8s/w/api/v1/namespaces?watch=1');
          if (again.statusCode !== 200) again.resume();
          expect(again.statusCode).toBe(200);
          held.push(again);
        },
        { timeout: 5_000, interval: 50 },
      );
    } finally {
      for (const w of held) w.destroy();
    }
  });
});
