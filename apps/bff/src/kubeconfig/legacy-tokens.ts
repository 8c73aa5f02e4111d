// Kubernetes before 1.24 (and later ones with LegacyServiceAccountTokenNoAutoGeneration turned off)
// gives every ServiceAccount a non-expiring token in a `kubernetes.io/service-account-token` Secret,
// referenced from ServiceAccount.secrets. For a kubeconfig identity that token would outlive every
// file Gatehouse revokes, and the token controller makes a new one when it is deleted
// (ensureReferencedToken in tokens_controller.go). So Gatehouse issues no files on such a cluster:
// refused up front by version, and if one turns up anyway the identity and its token go at once.
import type { Cluster } from '../clusters.js';
import { ApiError } from '../errors.js';
import { SYSTEM_NAMESPACE } from '../projects/model.js';
import { capabilitiesOf } from '../server-version.js';
import { CONTROLLER } from './identity.js';

const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_NAME = 'kubernetes.io/service-account.name';
const base = `/api/v1/namespaces/${SYSTEM_NAMESPACE}`;

function refusal(cluster: Cluster, why: string): ApiError {
  return new ApiError(
    409,
    `Gatehouse issues no kubeconfig files on cluster "${cluster.name}": ${why}, a non-expiring token that revoking the file would not end`,
    'Conflict',
  );
}

/** Throws before anything is created when the API server is older than 1.24. */
export async function refuseLegacyTokenCluster(cluster: Cluster): Promise<void> {
  const caps = await capabilitiesOf(cluster.client);
  if (caps.minor < 24)
    throw refusal(
      cluster,
      `its API server (${caps.gitVersion}) gives every ServiceAccount a token Secret (Kubernetes before 1.24)`,
    );
}

interface SecretItem {
  type?: string;
  metadata: { name: string; annotations?: Record<string, string> };
}

/**
 * Deletes any legacy token Secret of the identity `sa` (referenced from it, or annotated for it),
 * then the identity itself, and throws; does nothing when there is none.
 */
export async function removeLegacyTokens(cluster: Cluster, sa: string): Promise<void> {
  const account = await cluster.client.json<{ secrets?: { name?: string }[] }>(
    'GET',
    `${base}/serviceaccounts/${sa}`,
    CONTROLLER,
  );
  const referenced = new Set((account.body.secrets ?? []).map((s) => s.name ?? ''));
  const list = await cluster.client.json<{ items?: SecretItem[] }>(
    'GET',
    `${base}/secrets?fieldSelector=${encodeURIComponent(`type=${SA_TOKEN_TYPE}`)}`,
    CONTROLLER,
  );
  const found = (list.body.items ?? []).filter(
    (s) =>
      s.type === SA_TOKEN_TYPE &&
      (referenced.has(s.metadata.name) || s.metadata.annotations?.[SA_NAME] === sa),
  );
  if (found.length === 0) return;
  // The identity first: the token controller would otherwise replace a deleted token.
  await cluster.client.json('DELETE', `${base}/serviceaccounts/${sa}`, CONTROLLER);
  for (const s of found)
    await cluster.client.json('DELETE', `${base}/secrets/${s.metadata.name}`, CONTROLLER);
  throw refusal(
    cluster,
    `its API server gave the kubeconfig identity a token Secret (${found.map((s) => s.metadata.name).join(', ')}; deleted with the identity)`,
  );
}
