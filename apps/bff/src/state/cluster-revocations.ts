// Signed-out sessions as ConfigMaps in gatehouse-system of the home cluster, followed by every
// replica with a list+watch, so a sign-out on one replica is refused on all of them at once.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { CollectionMirror, type KubeObject } from '../analysis/watch-cache.js';
import type { Cluster } from '../clusters.js';
import { ApiError } from '../errors.js';
import { CONTROLLER } from '../kubeconfig/identity.js';
import { SYSTEM_NAMESPACE } from '../projects/model.js';
import { sidPattern, type Revocations } from '../session/revocation.js';

export const REVOCATION_LABEL = 'gatehouse.dev/session-revocation';
const EXPIRES_ANNOTATION = 'gatehouse.dev/session-expires-at';
const configMaps = `/api/v1/namespaces/${SYSTEM_NAMESPACE}/configmaps`;
/** While the watch is broken, a GET answer "not revoked" is trusted this long. */
const recheckMs = 1_000;
const notRevokedCacheSize = 10_000;

interface RevocationObject extends KubeObject {
  metadata: KubeObject['metadata'] & {
    uid?: string;
    annotations?: Record<string, string>;
  };
}

/**
 * The object name of a session's revocation: a hash, so the session id (half of what makes a cookie
 * usable, and in logs the handle of a person's session) is not readable by whoever may list
 * ConfigMaps in gatehouse-system.
 */
export function revocationName(sid: string): string {
  return `gatehouse-revoked-${createHash('sha256').update(sid).digest('hex').slice(0, 40)}`;
}

export class ClusterRevocations implements Revocations {
  private readonly mirror: CollectionMirror<RevocationObject>;
  private revoked = new Set<string>();
  /** Revoked here and not yet seen come back through the watch: refused meanwhile anyway. */
  private readonly local = new Set<string>();
  private readonly notRevoked = new Map<string, number>();

  constructor(
    private readonly cluster: Cluster,
    logger: Logger,
  ) {
    this.mirror = new CollectionMirror<RevocationObject>(
      cluster.client,
      `${configMaps}?labelSelector=${encodeURIComponent(`${REVOCATION_LABEL}=true`)}`,
      logger,
      {
        actor: CONTROLLER,
        watchTimeoutSeconds: 60,
        onChange: () => {
          this.revoked = new Set(this.mirror.list().map((o) => o.metadata.name ?? ''));
          for (const name of this.local) if (this.revoked.has(name)) this.local.delete(name);
        },
      },
    );
  }

  /** Resolves after the first complete list; fails (and keeps retrying) when it cannot be read. */
  start(): Promise<void> {
    return this.mirror.start();
  }

  /** Whether revocations are answered from the watch (true) or by asking the cluster each time. */
  get following(): boolean {
    return this.mirror.current;
  }

  async isRevoked(sid: string): Promise<boolean> {
    if (!sidPattern.test(sid)) return true;
    const name = revocationName(sid);
    if (this.local.has(name)) return true;
    if (this.mirror.current) return this.revoked.has(name);
    // The watch is down: ask the cluster, trusting a "not revoked" for a second. Any other answer
    // than found or not found throws, so the request fails rather than let a revoked cookie in.
    const seen = this.notRevoked.get(name);
    const now = Date.now();
    if (seen !== undefined && now - seen < recheckMs) return false;
    const r = await this.cluster.client.json<{ message?: string }>(
      'GET',
      `${configMaps}/${name}`,
      CONTROLLER,
    );
    if (r.status === 200) return true;
    if (r.status !== 404)
      throw new ApiError(
        503,
        `cannot tell whether this session was signed out (the home cluster answered ${r.status} for its revocation); try again shortly`,
        'ServiceUnavailable',
      );
    if (this.notRevoked.size >= notRevokedCacheSize)
      this.notRevoked.delete(this.notRevoked.keys().next().value!);
    this.notRevoked.set(name, now);
    return false;
  }

  async revoke(sid: string, expiresAtSeconds: number): Promise<void> {
    if (!sidPattern.test(sid)) return;
    const name = revocationName(sid);
    const expires = new Date(expiresAtSeconds * 1000).toISOString();
    const r = await this.cluster.client.json<{ message?: string }>('POST', configMaps, CONTROLLER, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: SYSTEM_NAMESPACE,
        labels: { [REVOCATION_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'gatehouse' },
        annotations: { [EXPIRES_ANNOTATION]: expires },
      },
      data: { expiresAt: expires },
    });
    // Already there: signed out twice (two tabs, two replicas), which is the same outcome.
    if (r.status !== 201 && r.status !== 200 && r.status !== 409)
      throw new Error(
        `cannot record the sign-out in ${SYSTEM_NAMESPACE}: HTTP ${r.status} ${r.body.message ?? ''}`,
      );
    this.local.add(name);
    this.notRevoked.delete(name);
  }

  /** Deletes revocations of sessions past their absolute lifetime, each at the version read. */
  async prune(nowSeconds: number): Promise<number> {
    if (!this.mirror.current) return 0;
    let removed = 0;
    for (const o of this.mirror.list()) {
      const at = Date.parse(o.metadata.annotations?.[EXPIRES_ANNOTATION] ?? '');
      if (!(at < nowSeconds * 1000)) continue;
      const r = await this.cluster.client.json(
        'DELETE',
        `${configMaps}/${o.metadata.name ?? ''}`,
        CONTROLLER,
        {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          preconditions: { uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion },
        },
      );
      if (r.status < 300) removed++;
    }
    return removed;
  }

  stop(): void {
    this.mirror.stop();
  }
}
