// Watch (initial state, resume by resourceVersion, 410 Expired) and the state file (restart, crash).
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { startDevCluster, type DevCluster } from '../src/index.js';
import { at, kubeConfig, raw } from './helpers.js';

// `--import tsx` resolves from the child's cwd; the root-level Vitest run starts in the repo root.
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'devcluster-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface WatchLine {
  type: string;
  object: {
    metadata?: { name?: string; resourceVersion?: string };
    reason?: string;
    code?: number;
    message?: string;
  };
}

/** Reads watch events over raw HTTPS until `count` arrived or the stream ends. */
function watchEvents(cluster: DevCluster, path: string, count: number): Promise<WatchLine[]> {
  return new Promise((resolve, reject) => {
    const events: WatchLine[] = [];
    let buf = '';
    const req = request(
      new URL(path, cluster.url),
      { ca: cluster.caPem, headers: { Authorization: `Bearer ${cluster.token('admin')}` } },
      (res) => {
        res.on('data', (d: Buffer) => {
          buf += d.toString();
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buf.slice(0, i)) as WatchLine);
            buf = buf.slice(i + 1);
            if (events.length >= count) {
              req.destroy();
              resolve(events);
            }
          }
        });
        res.on('end', () => resolve(events));
      },
    );
    req.on('error', (e) => (events.length >= count ? undefined : reject(e)));
    req.end();
  });
}

describe('watch', () => {
  it('streams changes through client-node, resumes from a resourceVersion, and expires after a restart', async () => {
    const stateFile = join(dir, 'state.json');
    let cluster = await startDevCluster({ dataDir: join(dir, 'data'), port: 0, stateFile });
    const core = kubeConfig(cluster, 'admin').makeApiClient(CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'payments' });
    const listRv = list.metadata?.resourceVersion ?? '';

    const seen: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      void new Watch(kubeConfig(cluster, 'admin'))
        .watch(
          '/api/v1/namespaces/payments/configmaps',
          { resourceVersion: listRv },
          (phase, obj: { metadata: { name: string } }) => {
            seen.push(`${phase} ${obj.metadata.name}`);
            if (seen.length === 3) resolve();
          },
          (err: unknown) =>
            err ? reject(err instanceof Error ? err : new Error(String(err))) : undefined,
        )
        .then((ctl) => done.finally(() => ctl.abort()));
    });
    await core.createNamespacedConfigMap({
      namespace: 'payments',
      body: { metadata: { name: 'w1' } },
    });
    await core.patchNamespacedConfigMap({
      name: 'w1',
      namespace: 'payments',
      body: [{ op: 'add', path: '/data', value: { a: 'b' } }],
    });
    await core.deleteNamespacedConfigMap({ name: 'w1', namespace: 'payments' });
    await done;
    expect(seen).toEqual(['ADDED w1', 'MODIFIED w1', 'DELETED w1']);

    const replay = await watchEvents(
      cluster,
      `/api/v1/namespaces/payments/configmaps?watch=true&resourceVersion=${listRv}`,
      3,
    );
    expect(replay.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([
      'ADDED w1',
      'MODIFIED w1',
      'DELETED w1',
    ]);
    const initial = await watchEvents(
      cluster,
      '/api/v1/namespaces/payments/configmaps?watch=true',
      2,
    );
    expect(initial.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([
      'ADDED kube-root-ca.crt',
      'ADDED payments-settings',
    ]);

    await cluster.stop();
    cluster = await startDevCluster({ dataDir: join(dir, 'data'), port: 0, stateFile });
    const expired = await watchEvents(
      cluster,
      `/api/v1/namespaces/payments/configmaps?watch=true&resourceVersion=${listRv}`,
      1,
    );
    expect(expired[0]?.type).toBe('ERROR');
    expect(expired[0]?.object).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    // The window restarts at the loaded resourceVersion (the watch cache's list after a restart):
    // "too old resource version: <asked> (<oldest-1>)", as getAllEventsSinceLocked words it.
    const m = /^too old resource version: (\d+) \((\d+)\)$/.exec(expired[0]?.object.message ?? '');
    expect(m?.[1]).toBe(listRv);
    expect(Number(m?.[2])).toBeGreaterThan(Number(listRv) + 2);
    await cluster.stop();
  });
});

describe('watch with a label selector', () => {
  it('reports objects relabelled out of the selection as DELETED and back in as ADDED', async () => {
    const cluster = await startDevCluster({
      dataDir: join(dir, 'selector'),
      port: 0,
      seed: 'empty',
    });
    const token = cluster.token('admin');
    const base = '/api/v1/namespaces/default/configmaps';
    const rv = String(
      at((await raw(cluster, 'GET', base, { token })).json, 'metadata', 'resourceVersion'),
    );
    await raw(cluster, 'POST', base, {
      token,
      body: { metadata: { name: 'moving', labels: { team: 'a' } } },
    });
    for (const team of ['b', 'a']) {
      await raw(cluster, 'PATCH', `${base}/moving`, {
        token,
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { team } } },
      });
    }
    const events = await watchEvents(
      cluster,
      `${base}?watch=true&labelSelector=team%3Da&resourceVersion=${rv}`,
      3,
    );
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED', 'ADDED']);
    await cluster.stop();
  });
});

describe('state file', () => {
  it('keeps acknowledged writes and deletions across restarts, and ignores a torn temp file', async () => {
    const stateFile = join(dir, 'restart.json');
    const dataDir = join(dir, 'restart');
    let cluster = await startDevCluster({ dataDir, port: 0, stateFile });
    const token = cluster.token('admin');
    expect(
      (
        await raw(cluster, 'POST', '/api/v1/namespaces/data/configmaps', {
          token,
          body: { metadata: { name: 'kept' }, data: { x: '1' } },
        })
      ).status,
    ).toBe(201);
    expect(
      (await raw(cluster, 'DELETE', '/api/v1/namespaces/data/configmaps/etl-settings', { token }))
        .status,
    ).toBe(200);
    await cluster.stop();
    writeFileSync(join(dir, '.restart.json.99999.tmp'), '{"resourceVersion": 1, "obj');
    cluster = await startDevCluster({ dataDir, port: 0, stateFile });
    const kept = await raw(cluster, 'GET', '/api/v1/namespaces/data/configmaps/kept', {
      token: cluster.token('admin'),
    });
    expect(kept.json.data).toEqual({ x: '1' });
    expect(
      (
        await raw(cluster, 'GET', '/api/v1/namespaces/data/configmaps/etl-settings', {
          token: cluster.token('admin'),
        })
      ).status,
    ).toBe(404);
    await cluster.stop();
  });

  it('loses no acknowledged write when the process is killed right after, even with a torn journal tail', async () => {
    const stateFile = join(dir, 'crash.json');
    const dataDir = join(dir, 'crash');
    const cli = new URL('../src/cli.ts', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--port', '0', '--data-dir', dataDir, '--state-file', stateFile],
      { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const url = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /devcluster ready (\S+)\n/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
    });
    const token = JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8')) as Record<
      string,
      string
    >;
    const ca = readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8');
    const fake = { url, caPem: ca } as DevCluster;
    const acked: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await raw(fake, 'POST', '/api/v1/namespaces/payments/configmaps', {
        token: token.admin,
        body: { metadata: { name: `crash-${i}` } },
      });
      if (r.status === 201) acked.push(`crash-${i}`);
    }
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // What a crash in the middle of appending leaves behind: a torn last line, never acknowledged.
    appendFileSync(
      `${stateFile}.journal`,
      '{"rv":999999,"type":"ADDED","key":"/configmaps","object":{"metadata":{"na',
    );
    const restarted = await startDevCluster({ dataDir, port: 0, stateFile });
    const names = (
      (
        await raw(restarted, 'GET', '/api/v1/namespaces/payments/configmaps', {
          token: restarted.token('admin'),
        })
      ).json.items as { metadata: { name: string } }[]
    ).map((i) => i.metadata.name);
    expect(acked).toHaveLength(20);
    for (const n of acked) expect(names).toContain(n);
    await restarted.stop();
  });
});
