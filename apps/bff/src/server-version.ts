// What a cluster's API server is and serves, from discovery as the BFF: its version (/version) and
// which SelfSubjectReview version it has (KEP-3325: v1alpha1 in 1.26 behind a gate off by default,
// v1beta1 from 1.27, v1 from 1.28). Read once per cluster and kept a few minutes, since an upgrade
// changes it.
import type { KubeClient } from './kube-client.js';

export interface ServerCapabilities {
  gitVersion: string;
  /** The minor version as a number ("23+" on some providers reads 23); NaN when unknown. */
  minor: number;
  /** The authentication.k8s.io version serving selfsubjectreviews, preferred first; none before 1.27. */
  selfSubjectReview: 'v1' | 'v1beta1' | 'v1alpha1' | undefined;
}

const TTL_MS = 5 * 60_000;
const SSR_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'] as const;
const cache = new WeakMap<KubeClient, { at: number; value: Promise<ServerCapabilities> }>();

async function discover(client: KubeClient): Promise<ServerCapabilities> {
  const bff = { kind: 'bff' } as const;
  const version = await client.json<{ gitVersion?: string; minor?: string }>(
    'GET',
    '/version',
    bff,
  );
  if (version.status !== 200) throw new Error(`GET /version answered ${version.status}`);
  const group = await client.json<{ versions?: { version?: string }[] }>(
    'GET',
    '/apis/authentication.k8s.io',
    bff,
  );
  const served = new Set((group.body.versions ?? []).map((v) => v.version));
  let selfSubjectReview: ServerCapabilities['selfSubjectReview'];
  for (const v of SSR_VERSIONS) {
    if (!served.has(v)) continue;
    const list = await client.json<{ resources?: { name?: string }[] }>(
      'GET',
      `/apis/authentication.k8s.io/${v}`,
      bff,
    );
    if (
      list.status === 200 &&
      (list.body.resources ?? []).some((r) => r.name === 'selfsubjectreviews')
    ) {
      selfSubjectReview = v;
      break;
    }
  }
  return {
    gitVersion: version.body.gitVersion ?? '',
    minor: Number.parseInt(version.body.minor ?? '', 10),
    selfSubjectReview,
  };
}

/** The cluster's capabilities, from a discovery at most a few minutes old. */
export function capabilitiesOf(client: KubeClient, now = Date.now()): Promise<ServerCapabilities> {
  const hit = cache.get(client);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = discover(client);
  cache.set(client, { at: now, value });
  // A failed discovery is not kept: the next caller asks again.
  value.catch(() => cache.delete(client));
  return value;
}
