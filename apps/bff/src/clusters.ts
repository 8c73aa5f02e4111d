import { join } from 'node:path';
import { installPolicyObjects } from './fleet/policies/bootstrap.js';
import { accessPolicyCrd } from './fleet/policies/crd.js';
import { startDevCluster, type DevCluster, type SeedName } from '@gatehouse/devcluster';
import type { Logger } from 'pino';
import { ClusterModel } from './analysis/cluster-model.js';
import { checkIdentity, IdentityWatch } from './cluster-identity.js';
import {
  ConfigError,
  type BffConfig,
  type ClusterSource,
  type EmbeddedClusterId,
} from './config.js';
import type { ClustersResponse } from './contract.js';
import { KubeClient } from './kube-client.js';
import { clustersFromKubeconfig, inClusterTarget, type ClusterTarget } from './cluster-targets.js';

export interface Cluster {
  id: string;
  name: string;
  client: KubeClient;
  /** The cluster's RBAC objects and namespaces by list+watch on the BFF's read identity, started on first use. */
  rbac: ClusterModel;
  /** Labels placements select the cluster by (config clusterLabels). */
  labels: Record<string, string>;
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

export interface ClusterSetOptions {
  /** Labels by cluster id; an id that is not a cluster is a configuration error. */
  labels?: Record<string, Record<string, string>>;
  /** The id of the cluster holding fleet objects; default the first. */
  home?: string;
  /** Present only when the BFF started its own devclusters, by cluster id. */
  embedded?: Record<string, DevCluster>;
}

export class ClusterSet {
  private readonly byId: Map<string, Cluster>;
  readonly identities: IdentityWatch;
  /** The cluster holding fleet objects (AccessPolicies). */
  readonly home: Cluster;
  /** The devclusters the BFF started itself, by cluster id (none with a kubeconfig or in-cluster). */
  readonly embeddedById: Readonly<Record<string, DevCluster>>;
  /** The first embedded devcluster (`dev`), where demo sign-in asks who a seeded person is. */
  readonly embedded?: DevCluster;

  constructor(
    readonly source: ClusterSource,
    targets: ClusterTarget[],
    private readonly timeoutMs: number,
    logger: Logger,
    options: ClusterSetOptions = {},
  ) {
    const ids = targets.map((t) => t.id);
    const problems = [
      ...Object.keys(options.labels ?? {})
        .filter((id) => !ids.includes(id))
        .map((id) => `--cluster-labels: "${id}" is not one of the clusters (${ids.join(', ')})`),
      ...(options.home !== undefined && !ids.includes(options.home)
        ? [`--home-cluster "${options.home}" is not one of the clusters (${ids.join(', ')})`]
        : []),
    ];
    if (problems.length) throw new ConfigError(problems);
    this.byId = new Map(
      targets.map((t) => {
        const client = new KubeClient(t, timeoutMs);
        const rbac = new ClusterModel({ name: t.name, client }, logger);
        const labels = { ...(options.labels?.[t.id] ?? {}) };
        return [t.id, { id: t.id, name: t.name, client, rbac, labels }];
      }),
    );
    this.home = this.byId.get(options.home ?? ids[0]!)!;
    this.embeddedById = options.embedded ?? {};
    const first = this.list.find((c) => this.embeddedById[c.id]);
    if (first) this.embedded = this.embeddedById[first.id];
    this.identities = new IdentityWatch(this.list, logger);
  }

  /** The embedded devcluster demo sign-in asks who a seeded person is (the first embedded one). */
  demoCluster(): { id: string; dc: DevCluster } | undefined {
    const c = this.list.find((c) => this.embeddedById[c.id]);
    return c ? { id: c.id, dc: this.embeddedById[c.id]! } : undefined;
  }

  /** Checks every cluster's BFF identity now, then every minute. */
  async startIdentityChecks(): Promise<void> {
    await this.identities.checkAll();
    this.identities.start(identityCheckMs);
  }

  /** For the ready line and /api/healthz: where clusters come from and which they are. */
  describe(): string {
    const what = {
      embedded: 'embedded devclusters',
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
          labels: c.labels,
          home: c === this.home,
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
    await Promise.all(Object.values(this.embeddedById).map((dc) => dc.stop()));
  }
}

/** The embedded fleet: which seed each devcluster starts with, and its labels. */
const embeddedClusters: Record<
  EmbeddedClusterId,
  {
    name: string;
    seed: (s: BffConfig['embeddedSeed']) => SeedName;
    dir: string;
    labels: Record<string, string>;
  }
> = {
  dev: {
    name: 'Dev cluster (embedded)',
    seed: (s) => s,
    dir: 'devcluster',
    labels: { env: 'dev' },
  },
  staging: {
    name: 'Staging cluster (embedded)',
    seed: (s) => (s === 'demo' ? 'staging' : s),
    dir: 'devcluster-staging',
    labels: { env: 'staging' },
  },
};

/** Clusters from the kubeconfig, the pod's own cluster, or embedded devclusters reached over HTTPS like any other. */
export async function openClusters(config: BffConfig, logger: Logger): Promise<ClusterSet> {
  const options = (): ClusterSetOptions => ({
    labels: config.clusterLabels,
    ...(config.homeCluster ? { home: config.homeCluster } : {}),
  });
  if (config.clusterSource === 'kubeconfig' && config.kubeconfig)
    return new ClusterSet(
      'kubeconfig',
      clustersFromKubeconfig(config.kubeconfig, config.contexts),
      config.upstreamTimeoutMs,
      logger,
      options(),
    );
  if (config.clusterSource === 'in-cluster')
    return new ClusterSet(
      'in-cluster',
      [inClusterTarget(process.env, config.inCluster.name, config.inCluster.root)],
      config.upstreamTimeoutMs,
      logger,
      options(),
    );
  const started: Record<string, DevCluster> = {};
  // Fleet objects (AccessPolicies) live on the home cluster: its devcluster serves their CRD.
  const home = config.homeCluster ?? config.embeddedClusters[0];
  try {
    await Promise.all(
      config.embeddedClusters.map(async (id) => {
        const e = embeddedClusters[id];
        const dir = join(config.dataDir, e.dir);
        started[id] = await startDevCluster({
          dataDir: dir,
          seed: e.seed(config.embeddedSeed),
          stateFile: join(dir, 'state.json'),
          ...(id === home ? { crds: [accessPolicyCrd] } : {}),
        });
        if (id === home) await installPolicyObjects(started[id]);
      }),
    );
    const targets = config.embeddedClusters.map((id) => {
      const [target] = clustersFromKubeconfig(
        started[id]!.kubeconfigPath('gatehouse-bff'),
        undefined,
        'embedded',
      );
      return { ...target!, id, name: embeddedClusters[id].name };
    });
    const labels = Object.fromEntries(
      config.embeddedClusters.map((id) => [
        id,
        { ...embeddedClusters[id].labels, ...(config.clusterLabels[id] ?? {}) },
      ]),
    );
    return new ClusterSet('embedded', targets, config.upstreamTimeoutMs, logger, {
      ...options(),
      labels: { ...config.clusterLabels, ...labels },
      embedded: started,
    });
  } catch (err) {
    await Promise.all(Object.values(started).map((dc) => dc.stop()));
    throw err;
  }
}
