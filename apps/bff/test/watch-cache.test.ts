// The analysis cache's list+watch mirror against a real devcluster that answers a resume with the
// watch cache's 410 Expired event: the mirror re-lists rather than missing what changed meanwhile.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startDevCluster, type DevCluster } from '@gatehouse/devcluster';
import { CollectionMirror, type KubeObject } from '../src/analysis/watch-cache.js';
import { staticAuth } from '../src/bff-auth.js';
import { KubeClient } from '../src/kube-client.js';
import { direct, tempDir } from './support/clusters.js';

/**
 * An HTTPS front (a load balancer, say) with the cluster's own serving certificate that forwards each
 * request to the cluster behind it. hold() ends the open responses as a server ends a watch (a clean
 * end, not a cut connection) and queues new requests; release() sends them to a restarted cluster.
 */
async function front(
  dataDir: string,
  target: number,
): Promise<{ port: number; hold(): void; release(to: number): void; server: Server }> {
  let port = target;
  let held: (() => void)[] | undefined;
  const open = new Set<ServerResponse>();
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const up = request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        ca: readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8'),
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    res.on('close', () => {
      open.delete(res);
      up.destroy();
    });
    req.pipe(up);
  };
  const server = createServer(
    {
      cert: readFileSync(join(dataDir, 'pki', 'server.crt'), 'utf8'),
      key: readFileSync(join(dataDir, 'pki', 'server.key'), 'utf8'),
    },
    (req, res) => {
      open.add(res);
      if (held) held.push(() => forward(req, res));
      else forward(req, res);
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    hold() {
      held = [];
      for (const res of [...open]) res.end();
    },
    release(to) {
      port = to;
      const waiting = held ?? [];
      held = undefined;
      for (const go of waiting) go();
    },
    server,
  };
}

describe('CollectionMirror', () => {
  const dir = tempDir('bff-watch-cache-');
  const stateFile = join(dir.path, 'state.json');
  let cluster: DevCluster | undefined;
  let mirror: CollectionMirror<KubeObject> | undefined;
  let relay: Awaited<ReturnType<typeof front>> | undefined;
  afterAll(async () => {
    mirror?.stop();
    relay?.server.close();
    await cluster?.stop();
    dir.remove();
  });

  it('re-lists when its resumed watch gets the 410 Expired event, and sees what changed meanwhile', async () => {
    cluster = await startDevCluster({ dataDir: join(dir.path, 'data'), port: 0, stateFile });
    relay = await front(join(dir.path, 'data'), cluster.port);
    const logs: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(chunk.toString());
          done();
        },
      }),
    );
    const client = new KubeClient(
      {
        id: 'dc',
        name: 'dc',
        server: `https://127.0.0.1:${relay.port}`,
        caPem: cluster.caPem,
        source: 'kubeconfig',
        bffAuth: staticAuth({ token: cluster.token('gatehouse-bff') }, 'token'),
      },
      30_000,
    );
    // What readers that derive state from the mirror (ClusterModel's index) are told.
    const changes: string[] = [];
    mirror = new CollectionMirror<KubeObject>(
      client,
      '/apis/rbac.authorization.k8s.io/v1/roles',
      logger,
      {
        onChange: (c) =>
          changes.push(
            c.type === 'RELIST'
              ? 'RELIST'
              : `${c.type} ${c.object.metadata.namespace}/${c.object.metadata.name}`,
          ),
      },
    );
    await mirror.start();
    const names = () => mirror!.list().map((r) => `${r.metadata.namespace}/${r.metadata.name}`);
    expect(names()).toContain('payments/payments-deployer');
    // A change arriving shows the watch is streaming.
    const seen = await direct(
      cluster,
      'admin',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles',
      { metadata: { name: 'seen-live' }, rules: [] },
    );
    expect(seen.status).toBe(201);
    await vi.waitFor(() => expect(names()).toContain('payments/seen-live'), {
      timeout: 20_000,
      interval: 50,
    });
    const before = mirror.version;
    expect(changes).toEqual(['RELIST', 'ADDED payments/seen-live']);

    relay.hold();
    // Writes elsewhere move the cluster's resourceVersion past the one the mirror resumes from.
    const cm = await direct(cluster, 'admin', 'POST', '/api/v1/namespaces/payments/configmaps', {
      metadata: { name: 'moves-the-rv' },
    });
    expect(cm.status).toBe(201);
    await cluster.stop();
    // The restarted server's watch window begins at what it loaded, as a restarted watch cache's does.
    cluster = await startDevCluster({ dataDir: join(dir.path, 'data'), port: 0, stateFile });
    const made = await direct(
      cluster,
      'admin',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles',
      { metadata: { name: 'made-while-away' }, rules: [] },
    );
    expect(made.status).toBe(201);
    relay.release(cluster.port);

    await vi.waitFor(() => expect(names()).toContain('payments/made-while-away'), {
      timeout: 20_000,
      interval: 50,
    });
    expect(mirror.version).toBeGreaterThan(before);
    // After the 410 the mirror re-listed: readers hear RELIST (and rebuild), not the missed events.
    expect(changes.slice(2)).toEqual(['RELIST']);
    // The mirror got there by the Expired event, not by the retry after a failed list or watch.
    expect(logs.join('')).not.toContain('list/watch failed');
  });
});
