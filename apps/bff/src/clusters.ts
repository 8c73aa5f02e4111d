import { join } from 'node:path';
import { startDevCluster, type DevCluster } from '@gatehouse/devcluster';
import type { Logger } from 'pino';
import { ClusterModel } from './analysis/cluster-model.js';
import type { BffConfig } from './config.js';
import type { ClustersResponse } from './contract.js';
import { KubeClient } from './kube-client.js';
import { clustersFromKubeconfig, type ClusterTarget } from './kubeconfig.js';

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

export class ClusterSet {
  private readonly byId: Map<string, Cluster>;

  constructor(
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
  }

  get list(): Cluster[] {
    return [...this.byId.values()];
  }

  get(id: string): Cluster | undefined {
    return this.byId.get(id);
  }

  /** `/version` of every cluster with the BFF's credentials, each bounded so one slow cluster delays nothing else. */
  async health(): Promise<ClustersResponse> {
    return Promise.all(
      this.list.map(async (c) => {
        const base = { id: c.id, name: c.name, server: c.client.target.server };
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
    for (const c of this.list) {
      c.rbac.stop();
      c.client.close();
    }
    await this.embedded?.stop();
  }
}

/** Clusters from the kubeconfig, or an embedded devcluster reached over HTTPS like any other. */
export async function openClusters(config: BffConfig, logger: Logger): Promise<ClusterSet> {
  if (config.kubeconfig)
    return new ClusterSet(
      clustersFromKubeconfig(config.kubeconfig, config.contexts),
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
    const [target] = clustersFromKubeconfig(dc.kubeconfigPath('gatehouse-bff'));
    return new ClusterSet(
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
