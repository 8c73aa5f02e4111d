// Test helpers: a devcluster per test file in a temp dir, and raw HTTPS calls trusting its CA.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startDevCluster, type DevCluster, type DevClusterOptions } from '../src/index.js';

export interface TestCluster {
  cluster: DevCluster;
  dir: string;
  stop: () => Promise<void>;
}

export async function startTestCluster(
  opts: Partial<DevClusterOptions> = {},
): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'devcluster-test-'));
  const cluster = await startDevCluster({ dataDir: join(dir, 'data'), port: 0, ...opts });
  return {
    cluster,
    dir,
    stop: async () => {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function kubeConfig(cluster: DevCluster, user: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath(user));
  return kc;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  json: Record<string, unknown>;
}

export interface RawOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string | string[]>;
  contentType?: string;
}

/** One HTTPS request to the cluster, trusting its CA, with the user's bearer token when given. */
export function raw(
  cluster: DevCluster,
  method: string,
  path: string,
  opts: RawOptions = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {
      Accept: 'application/json',
      ...(opts.headers ?? {}),
    };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let data: string | undefined;
    if (opts.body !== undefined) {
      data = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['Content-Type'] = opts.contentType ?? 'application/json';
    }
    const req = request(
      new URL(path, cluster.url),
      { method, headers, ca: cluster.caPem },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = {};
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

/** Reads a nested field of parsed JSON, e.g. at(obj, 'metadata', 'name'). */
export function at(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}
