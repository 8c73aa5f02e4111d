// Session keys in the Secret gatehouse-system/gatehouse-session-keys, shared by every replica and
// followed by a watch, so a rotation (a new first key) reaches all replicas together.
import type { Logger } from 'pino';
import { CollectionMirror, type KubeObject } from '../analysis/watch-cache.js';
import type { Cluster } from '../clusters.js';
import { CONTROLLER } from '../kubeconfig/identity.js';
import { SYSTEM_NAMESPACE } from '../projects/model.js';
import { KeyRing, newSessionKey, parseKeyList } from '../session/keys.js';

export const KEYS_SECRET = 'gatehouse-session-keys';
/** The Secret's data key: one base64url key per line, the first seals, all open. */
export const KEYS_FIELD = 'keys';
const secrets = `/api/v1/namespaces/${SYSTEM_NAMESPACE}/secrets`;

interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

function keysOf(secret: SecretObject): Uint8Array[] {
  const field = secret.data?.[KEYS_FIELD];
  if (field === undefined)
    throw new Error(`Secret ${SYSTEM_NAMESPACE}/${KEYS_SECRET} has no "${KEYS_FIELD}" entry`);
  return parseKeyList(
    Buffer.from(field, 'base64').toString('utf8'),
    `Secret ${SYSTEM_NAMESPACE}/${KEYS_SECRET} "${KEYS_FIELD}"`,
  );
}

export interface ClusterKeys {
  ring: KeyRing;
  stop(): void;
}

/**
 * Reads the keys Secret, creating it with one fresh key when there is none (the first replica to
 * start wins; the others read its key). Then follows it: a changed Secret replaces the ring, one that
 * became unreadable or was deleted leaves the last good keys in use and says so in the log.
 */
export async function clusterKeys(cluster: Cluster, logger: Logger): Promise<ClusterKeys> {
  const ring = new KeyRing(await readOrCreate(cluster));
  const mirror = new CollectionMirror<SecretObject>(
    cluster.client,
    `${secrets}?fieldSelector=${encodeURIComponent(`metadata.name=${KEYS_SECRET}`)}`,
    logger,
    {
      actor: CONTROLLER,
      onChange: () => {
        const [secret] = mirror.list();
        if (!secret) {
          logger.warn(
            { secret: `${SYSTEM_NAMESPACE}/${KEYS_SECRET}` },
            'the session keys Secret is gone; this replica keeps its last keys until it restarts',
          );
          return;
        }
        try {
          const before = ring.kids.join(',');
          ring.replace(keysOf(secret));
          if (ring.kids.join(',') !== before)
            logger.info({ kids: ring.kids }, 'session keys changed; the first now seals');
        } catch (err) {
          logger.error(
            { err: (err as Error).message },
            'the session keys Secret is not valid; keeping the last good keys',
          );
        }
      },
    },
  );
  await mirror.start();
  return { ring, stop: () => mirror.stop() };
}

async function readOrCreate(cluster: Cluster): Promise<Uint8Array[]> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const got = await cluster.client.json<SecretObject & { message?: string }>(
      'GET',
      `${secrets}/${KEYS_SECRET}`,
      CONTROLLER,
    );
    if (got.status === 200) return keysOf(got.body);
    if (got.status !== 404)
      throw new Error(
        `cannot read the session keys Secret ${SYSTEM_NAMESPACE}/${KEYS_SECRET}: HTTP ${got.status} ${got.body.message ?? ''}${got.status === 403 ? ' (is the gatehouse:state Role installed?)' : ''}`,
      );
    const made = await cluster.client.json<{ message?: string }>('POST', secrets, CONTROLLER, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: KEYS_SECRET,
        namespace: SYSTEM_NAMESPACE,
        labels: { 'app.kubernetes.io/managed-by': 'gatehouse' },
      },
      data: { [KEYS_FIELD]: Buffer.from(`${newSessionKey()}\n`).toString('base64') },
    });
    // 409: another replica created it first; read theirs.
    if (made.status !== 201 && made.status !== 409)
      throw new Error(
        `cannot create the session keys Secret ${SYSTEM_NAMESPACE}/${KEYS_SECRET}: HTTP ${made.status} ${made.body.message ?? ''}`,
      );
  }
  throw new Error(`the session keys Secret ${SYSTEM_NAMESPACE}/${KEYS_SECRET} could not be read`);
}
