import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevCluster, type DevCluster, type DevClusterOptions } from '@gatehouse/devcluster';

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface Fleet {
  clusters: Record<string, DevCluster>;
  /** A kubeconfig with one context per cluster, each using the cluster's gatehouse-bff identity. */
  kubeconfig: string;
  stop(): Promise<void>;
}

/** Starts real devclusters side by side (each its own CA) and writes the BFF's kubeconfig for them. */
export async function startFleet(
  dir: string,
  names: string[],
  extra: {
    unreachable?: string;
    /** More contexts for servers that are not devclusters (e.g. a broken load balancer). */
    contexts?: Array<{ name: string; server: string; ca: string }>;
    options?: Partial<DevClusterOptions>;
  } = {},
): Promise<Fleet> {
  const started = await Promise.all(
    names.map((n) => startDevCluster({ dataDir: join(dir, n), seed: 'demo', ...extra.options })),
  );
  const clusters = Object.fromEntries(names.map((n, i) => [n, started[i]!]));
  const entries = names.map((n) => ({
    name: n,
    server: clusters[n]!.url,
    ca: clusters[n]!.caPem,
    token: clusters[n]!.token('gatehouse-bff'),
  }));
  if (extra.unreachable) {
    // Port 9 (discard) on loopback has nothing listening: connection refused, fast.
    entries.push({
      name: extra.unreachable,
      server: 'https://127.0.0.1:9',
      ca: started[0]!.caPem,
      token: 'none',
    });
  }
  for (const c of extra.contexts ?? []) entries.push({ ...c, token: 'none' });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...entries.map(
      (e) =>
        `- name: ${e.name}\n  cluster:\n    server: ${e.server}\n    certificate-authority-data: ${b64(e.ca)}`,
    ),
    'users:',
    ...entries.map((e) => `- name: bff-${e.name}\n  user:\n    token: ${e.token}`),
    'contexts:',
    ...entries.map(
      (e) => `- name: ${e.name}\n  context:\n    cluster: ${e.name}\n    user: bff-${e.name}`,
    ),
    `current-context: ${names[0]}`,
  ].join('\n');
  const kubeconfig = join(dir, 'bff-kubeconfig.yaml');
  writeFileSync(kubeconfig, yaml + '\n');
  return {
    clusters,
    kubeconfig,
    async stop() {
      await Promise.all(started.map((c) => c.stop()));
    },
  };
}

/** Calls a devcluster directly with a static token (no BFF in between), for setup and checks. */
export async function direct<T = unknown>(
  dc: DevCluster,
  user: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      dc.url + path,
      {
        method,
        ca: dc.caPem,
        headers: {
          authorization: `Bearer ${dc.token(user)}`,
          accept: 'application/json',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as T,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * A token for a ServiceAccount in gatehouse-system bound to a new Secret of that name, as the
 * kubelet's projected token is bound to its pod: deleting the Secret revokes the token.
 */
export async function boundServiceAccountToken(
  dc: DevCluster,
  serviceAccount: string,
  secret: string,
  expirationSeconds = 3600,
): Promise<string> {
  const made = await direct<{ metadata: { uid: string } }>(
    dc,
    'admin',
    'POST',
    '/api/v1/namespaces/gatehouse-system/secrets',
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: secret } },
  );
  if (made.status !== 201) throw new Error(`create Secret ${secret}: HTTP ${made.status}`);
  const r = await direct<{ status: { token: string } }>(
    dc,
    'admin',
    'POST',
    `/api/v1/namespaces/gatehouse-system/serviceaccounts/${serviceAccount}/token`,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        expirationSeconds,
        boundObjectRef: {
          kind: 'Secret',
          apiVersion: 'v1',
          name: secret,
          uid: made.body.metadata.uid,
        },
      },
    },
  );
  if (r.status !== 201) throw new Error(`TokenRequest for ${serviceAccount}: HTTP ${r.status}`);
  return r.body.status.token;
}
