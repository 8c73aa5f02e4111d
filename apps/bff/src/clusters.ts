import { join } from 'node:path';
import { startDevCluster, type DevCluster } from '@gatehouse/devcluster';
import type { Logger } from 'pino';
import { ClusterModel } from './analysis/cluster-model.js';
import { checkIdentity, IdentityWatch } from './cluster-identity.js';
import type { BffConfig, ClusterSource } from './config.js';
import type { ClustersResponse } from './contract.js';
import { KubeClient } from './kube-client.js';
import { clustersFromKubeconfig, inClusterTarget, type ClusterTarget } from './cluster-targets.js';

export interface Cluster {
  id: string;
  name: string;
  client: KubeClient;
  /** The cluster's RBAC objects and namespaces by list+watch on the BFF's read identity, started on first use. */
  rbac: ClusterModel;
}

const healthTimeoutMs = 3_000;

/** The people of the demo seed the picker offers, as the devcluster contract seeds them. */
export const demoUsers = [
  { name: 'admin', description: 'Member of system:masters: may do anything' },
  { name: 'alice', description: 'Cluster admin (ClusterRoleBinding to cluster-admin)' },
  { name: 'bob', description: 'Admin of project payments' },
  { name: 'joe', description: 'Developer in deliveries through group devel' },
  { name: 'carol', description: 'Signed in, no access' },
] as const;

/** How often each cluster's BFF identity is checked again (and logged when it changed). */
const identityCheckMs = 60_000;

export class ClusterSet {
  private readonly byId: Map<string, Cluster>;
  readonly identities: IdentityWatch;

  constructor(
    readonly source: ClusterSource,
    targets: ClusterTarget[],
    private readonly timeoutMs: number,
    logger: Logger,
    /** Present only when the BFF started its own devcluster. */
    readonly embedded?: DevCluster,
  ) {
    this.byId = new Map(
      targets.map((t) => {
        const client = new KubeClient(t, timeoutMs);
        const rbac = new ClusterModel({ name: t.name, client }, logger);
        return [t.id, { id: t.id, name: t.name, client, rbac }];
      }),
    );
    this.identities = new IdentityWatch(this.list, logger);
  }

  /** Checks every cluster's BFF identity now, then every minute. */
  async startIdentityChecks(): Promise<void> {
    await this.identities.checkAll();
    this.identities.start(identityCheckMs);
  }

  /** For the ready line and /api/healthz: where clusters come from and which they are. */
  describe(): string {
    const what = {
      embedded: 'embedded devcluster',
      kubeconfig: 'kubeconfig',
      'in-cluster': 'in-cluster',
    }[this.source];
    return `${what}: ${this.list.map((c) => c.id).join(', ')}`;
  }

  get list(): Cluster[] {
    return [...this.byId.values()];
  }

  get(id: string): Cluster | undefined {
    return this.byId.get(id);
  }

  /**
   * `/version` of every cluster and who the BFF is there, each bounded so one slow cluster delays
   * nothing else. Credentials the cluster refuses are told apart from a cluster that cannot be reached.
   */
  async health(): Promise<ClustersResponse> {
    return Promise.all(
      this.list.map(async (c) => {
        const id = await checkIdentity(c.client);
        const base = {
          id: c.id,
          name: c.name,
          server: c.client.target.server,
          credentials: id.credentials,
          ...(id.identity ? { identity: id.identity } : {}),
          ...(id.problem ? { credentialsProblem: id.problem } : {}),
        };
        if (id.credentials === 'rejected' || id.credentials === 'unavailable')
          return { ...base, healthy: false, error: id.problem ?? 'credentials rejected' };
        try {
          const { status, body } = await c.client.json<{ gitVersion?: string; message?: string }>(
            'GET',
            '/version',
            { kind: 'bff' },
            undefined,
            Math.min(healthTimeoutMs, this.timeoutMs),
          );
          if (status !== 200)
            return { ...base, healthy: false, error: body.message ?? `HTTP ${status}` };
          return {
            ...base,
            healthy: true,
            ...(body.gitVersion ? { version: body.gitVersion } : {}),
          };
        } catch (err) {
          return { ...base, healthy: false, error: (err as Error).message };
        }
      }),
    );
  }

  async close(): Promise<void> {
    this.identities.stop();
    for (const c of this.list) {
      c.rbac.stop();
      c.client.close();
    }
    await this.embedded?.stop();
  }
}

/** Clusters from the kubeconfig, the pod's own cluster, or an embedded devcluster reached over HTTPS like any other. */
export async function openClusters(config: BffConfig, logger: Logger): Promise<ClusterSet> {
  if (config.clusterSource === 'kubeconfig' && config.kubeconfig)
    return new ClusterSet(
      'kubeconfig',
      clustersFromKubeconfig(config.kubeconfig, config.contexts),
      config.upstreamTimeoutMs,
      logger,
    );
  if (config.clusterSource === 'in-cluster')
    return new ClusterSet(
      'in-cluster',
      [inClusterTarget(process.env, config.inCluster.name, config.inCluster.root)],
      config.upstreamTimeoutMs,
      logger,
    );
  const dir = join(config.dataDir, 'devcluster');
  const dc = await startDevCluster({
    dataDir: dir,
    seed: config.embeddedSeed,
    stateFile: join(dir, 'state.json'),
  });
  try {
    const [target] = clustersFromKubeconfig(
      dc.kubeconfigPath('gatehouse-bff'),
      undefined,
      'embedded',
    );
    return new ClusterSet(
      'embedded',
      [{ ...target!, id: 'dev', name: 'Dev cluster (embedded)' }],
      config.upstreamTimeoutMs,
      logger,
      dc,
    );
  } catch (err) {
    await dc.stop();
    throw err;
  }
}
