// Leader election with a coordination.k8s.io Lease, following client-go's leaderelection package:
// the holder renews every retry period; another replica takes over only once it has seen the same
// record unchanged for a whole lease duration (by its own clock, so clock skew between nodes does
// not matter); a holder that could not renew within the renew deadline stops acting as leader
// before anyone else may start.
import type { Logger } from 'pino';
import type { Cluster } from '../clusters.js';
import { CONTROLLER } from '../kubeconfig/identity.js';
import { SYSTEM_NAMESPACE } from '../projects/model.js';

export const SWEEPER_LEASE = 'gatehouse-sweeper';
const leases = `/apis/coordination.k8s.io/v1/namespaces/${SYSTEM_NAMESPACE}/leases`;

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

interface LeaseObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: LeaseSpec;
}

/** Whether this replica should do the work only one replica may do. */
export interface Leadership {
  isLeader(): boolean;
  /** Who holds it, as last seen (for /api/readyz and logs). */
  holder(): string | undefined;
  stop(): Promise<void>;
}

/** Every replica acts: the data-directory store, where deletes carry preconditions instead. */
export const everyReplica: Leadership = {
  isLeader: () => true,
  holder: () => undefined,
  stop: () => Promise.resolve(),
};

/** MicroTime as the API server writes it: RFC 3339 with six fractional digits. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaseElector implements Leadership {
  private readonly durationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;
  private lastRenewed = 0;
  private leading = false;
  private observed: { key: string; at: number } | undefined;
  private lastHolder: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly cluster: Cluster,
    readonly identity: string,
    leaseSeconds: number,
    private readonly logger: Logger,
    readonly name = SWEEPER_LEASE,
  ) {
    // client-go's defaults are 15 s / 10 s / 2 s; the same proportions for other durations.
    this.durationMs = leaseSeconds * 1000;
    this.renewDeadlineMs = Math.floor((this.durationMs * 2) / 3);
    this.retryMs = Math.max(250, Math.floor(this.durationMs / 7));
  }

  isLeader(): boolean {
    // Not renewed within the deadline: stop acting now, before another replica may take over.
    return this.leading && Date.now() - this.lastRenewed < this.renewDeadlineMs;
  }

  holder(): string | undefined {
    return this.isLeader() ? this.identity : this.lastHolder;
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tryAcquireOrRenew()
        .catch((err: unknown) => {
          this.logger.warn(
            { lease: this.name, err: (err as Error).message },
            'lease: cannot reach the home cluster; will retry',
          );
        })
        .finally(() => {
          if (this.leading && !this.isLeader()) {
            this.leading = false;
            this.logger.warn(
              { lease: this.name },
              'lease: could not renew in time; no longer leader',
            );
          }
          if (!this.stopped) {
            this.timer = setTimeout(loop, this.retryMs);
            this.timer.unref();
          }
        });
    };
    loop();
  }

  private async tryAcquireOrRenew(): Promise<void> {
    const now = Date.now();
    const got = await this.cluster.client.json<LeaseObject & { message?: string }>(
      'GET',
      `${leases}/${this.name}`,
      CONTROLLER,
    );
    if (got.status === 404) {
      const spec: LeaseSpec = {
        holderIdentity: this.identity,
        leaseDurationSeconds: this.durationMs / 1000,
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseTransitions: 0,
      };
      const made = await this.cluster.client.json<{ message?: string }>(
        'POST',
        leases,
        CONTROLLER,
        {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.name, namespace: SYSTEM_NAMESPACE },
          spec,
        },
      );
      if (made.status === 201) return this.became(now);
      if (made.status === 409) return; // another replica created it first
      throw new Error(`create Lease ${this.name}: HTTP ${made.status} ${made.body.message ?? ''}`);
    }
    if (got.status !== 200)
      throw new Error(`read Lease ${this.name}: HTTP ${got.status} ${got.body.message ?? ''}`);

    const spec = got.body.spec ?? {};
    const key = JSON.stringify([spec.holderIdentity, spec.renewTime, spec.leaseTransitions]);
    if (this.observed?.key !== key) this.observed = { key, at: now };
    this.lastHolder = spec.holderIdentity || undefined;
    const mine = spec.holderIdentity === this.identity;
    const durationMs = (spec.leaseDurationSeconds ?? this.durationMs / 1000) * 1000;
    if (spec.holderIdentity && !mine && this.observed.at + durationMs > now) {
      this.leading = false;
      return;
    }
    const next: LeaseSpec = {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.durationMs / 1000,
      acquireTime: mine ? spec.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
    };
    const put = await this.cluster.client.json<{ message?: string }>(
      'PUT',
      `${leases}/${this.name}`,
      CONTROLLER,
      { ...got.body, spec: next },
    );
    if (put.status === 200) {
      if (!mine)
        this.logger.info(
          { lease: this.name, previous: spec.holderIdentity || undefined },
          'lease: took over',
        );
      return this.became(now);
    }
    // 409: someone else renewed or took it between our read and write.
    if (put.status !== 409)
      throw new Error(`update Lease ${this.name}: HTTP ${put.status} ${put.body.message ?? ''}`);
  }

  private became(at: number): void {
    if (!this.leading)
      this.logger.info({ lease: this.name, holder: this.identity }, 'lease: leader');
    this.leading = true;
    this.lastRenewed = at;
    this.lastHolder = this.identity;
  }

  /** Stops renewing and, when leading, hands the lease back so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    if (!this.isLeader()) return;
    this.leading = false;
    try {
      const got = await this.cluster.client.json<LeaseObject>(
        'GET',
        `${leases}/${this.name}`,
        CONTROLLER,
      );
      if (got.status !== 200 || got.body.spec?.holderIdentity !== this.identity) return;
      const now = Date.now();
      // As client-go's ReleaseOnCancel: no holder, and a one-second duration.
      await this.cluster.client.json('PUT', `${leases}/${this.name}`, CONTROLLER, {
        ...got.body,
        spec: {
          leaseDurationSeconds: 1,
          acquireTime: microTime(now),
          renewTime: microTime(now),
          leaseTransitions: got.body.spec.leaseTransitions ?? 0,
        },
      });
    } catch (err) {
      this.logger.warn({ lease: this.name, err: (err as Error).message }, 'lease: release failed');
    }
  }
}
