// Removes collaborators whose invitation expired. Every replica sweeps; each delete carries the
// resourceVersion it saw, so two replicas never both act and an expiry extended meanwhile is kept.
import type { RoleBinding } from '@gatehouse/policy';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit.js';
import type { Cluster } from '../clusters.js';
import { CONTROLLER, pruneExpiredFiles, revokeUnboundIdentities } from '../kubeconfig/identity.js';
import { auditRevoked } from '../kubeconfig/service.js';
import { everyReplica, type Leadership } from '../state/lease.js';
import { EXPIRES_AT, EXPIRES_LABEL, pathSegment, SYSTEM_NAMESPACE } from './model.js';

export interface SweepResult {
  removed: Array<{ namespace: string; name: string }>;
  /** Another replica got there first, or the binding changed since it was read. */
  skipped: number;
}

export async function sweepExpired(cluster: Cluster, now: Date): Promise<SweepResult> {
  const selector = encodeURIComponent(`${EXPIRES_LABEL}=true`);
  const { status, body } = await cluster.client.json<{ items?: RoleBinding[]; message?: string }>(
    'GET',
    `/apis/rbac.authorization.k8s.io/v1/rolebindings?labelSelector=${selector}`,
    { kind: 'bff' },
  );
  if (status !== 200)
    throw new Error(`cannot list expiring RoleBindings: ${body.message ?? status}`);
  const result: SweepResult = { removed: [], skipped: 0 };
  for (const b of body.items ?? []) {
    const at = Date.parse(b.metadata.annotations?.[EXPIRES_AT] ?? '');
    if (!(at <= now.getTime())) continue;
    const ns = b.metadata.namespace ?? '';
    const r = await cluster.client.json(
      'DELETE',
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/rolebindings/${pathSegment(b.metadata.name ?? '')}`,
      CONTROLLER,
      {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        preconditions: { uid: b.metadata.uid, resourceVersion: b.metadata.resourceVersion },
      },
    );
    if (r.status < 300) result.removed.push({ namespace: ns, name: b.metadata.name ?? '' });
    else if (r.status === 404 || r.status === 409) result.skipped++;
    else
      throw new Error(
        `cannot delete expired RoleBinding ${b.metadata.name} in ${ns}: HTTP ${r.status}`,
      );
  }
  return result;
}

export interface SweepOptions {
  /** Only sweep while this says so (the Lease holder, with the cluster store). */
  leader: Leadership;
  /** More housekeeping for the same replica, after the clusters (pruning old revocations). */
  alsoEachTick?: () => Promise<void>;
}

/** Runs the sweep on every cluster now and then, while leading; returns a stop function. */
export function startExpirySweeper(
  clusters: Cluster[],
  everySeconds: number,
  logger: Logger,
  audit: AuditLog,
  opts: SweepOptions = { leader: everyReplica },
): () => void {
  // Deletions the sweep makes are mutations through the BFF: audited like any other, as the controller.
  const audited = (
    cluster: string,
    resource: string,
    namespace: string,
    name: string,
    message: string,
  ) =>
    audit.write({
      time: new Date().toISOString(),
      requestId: `sweep-${randomUUID()}`,
      user: CONTROLLER.user,
      groups: CONTROLLER.groups,
      authMode: 'controller',
      cluster,
      verb: 'delete',
      apiGroup: resource === 'rolebindings' ? 'rbac.authorization.k8s.io' : '',
      resource,
      namespace,
      name,
      outcome: { code: 200, status: 'success', message },
    });
  let running = false;
  let wasLeading = false;
  const tick = async () => {
    if (running) return;
    const leading = opts.leader.isLeader();
    if (leading !== wasLeading && opts.leader !== everyReplica)
      logger.info(
        { leading },
        leading ? 'expiry sweep: this replica sweeps' : 'expiry sweep: another replica sweeps',
      );
    wasLeading = leading;
    if (!leading) return;
    running = true;
    for (const c of clusters) {
      // Leadership can end while a sweep runs (the lease not renewed in time): stop between clusters.
      if (!opts.leader.isLeader()) break;
      try {
        const now = new Date();
        const r = await sweepExpired(c, now);
        const pruned = await pruneExpiredFiles(c, now);
        if (pruned.length)
          logger.info({ cluster: c.id, secrets: pruned }, 'pruned long-expired kubeconfigs');
        for (const id of pruned)
          await audited(c.id, 'secrets', SYSTEM_NAMESPACE, id, 'expired kubeconfig pruned');
        for (const b of r.removed) {
          logger.info(
            { cluster: c.id, namespace: b.namespace, rolebinding: b.name },
            'removed expired collaborator access',
          );
          await audited(c.id, 'rolebindings', b.namespace, b.name, 'invitation expired');
        }
        // Memberships that ended (just now by expiry, or outside Gatehouse) take their files along.
        const revoked = await revokeUnboundIdentities(c);
        if (revoked.length)
          logger.info(
            { cluster: c.id, identities: revoked.map((x) => x.identity) },
            'revoked kubeconfigs of ended memberships',
          );
        await auditRevoked(audit, `sweep-${randomUUID()}`, c.id, revoked);
      } catch (err) {
        logger.warn(
          { cluster: c.id, err: (err as Error).message },
          'expiry sweep failed; will retry',
        );
      }
    }
    try {
      if (opts.leader.isLeader()) await opts.alsoEachTick?.();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'housekeeping failed; will retry');
    }
    running = false;
  };
  const timer = setInterval(() => void tick(), everySeconds * 1000);
  timer.unref();
  void tick();
  // A replica that just became leader need not wait a whole interval to sweep.
  const leaderCheck =
    opts.leader === everyReplica
      ? undefined
      : setInterval(() => {
          if (opts.leader.isLeader() && !wasLeading) void tick();
        }, 1_000);
  leaderCheck?.unref();
  return () => {
    clearInterval(timer);
    if (leaderCheck) clearInterval(leaderCheck);
  };
}
