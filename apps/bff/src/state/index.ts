// Where console state lives: session keys, session revocations, sign-in records, and who runs the
// expiry sweep.
// `dir`: the data directory (the single-process console, `npm start`). `cluster`: objects in
// gatehouse-system of the home cluster, so replicas share nothing on disk.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ClusterSet, Cluster } from '../clusters.js';
import type { BffConfig } from '../config.js';
import type { KeyRing } from '../session/keys.js';
import { loadKeyRing } from '../session/keys.js';
import { RevocationStore, type Revocations } from '../session/revocation.js';
import { clusterKeys } from './cluster-keys.js';
import { ClusterRevocations } from './cluster-revocations.js';
import { everyReplica, LeaseElector, type Leadership } from './lease.js';
import { ClusterSignIns, DirSignIns, type SignInRecords } from './sign-ins.js';

export interface ConsoleState {
  store: 'dir' | 'cluster';
  /** The cluster holding it, with the cluster store. */
  home?: Cluster;
  replica: string;
  keys: KeyRing;
  revocations: Revocations;
  /** The groups each person had at their last sign-in (see sign-ins.ts). */
  signIns: SignInRecords;
  /** Who sweeps expired invitations and revocations: every replica (dir) or the Lease holder. */
  sweeper: Leadership;
  /** For /api/readyz: what this replica cannot do right now. */
  problems(): string[];
  close(): Promise<void>;
}

export function replicaName(config: Pick<BffConfig, 'replica'>): string {
  return config.replica ?? hostname();
}

export async function openState(
  config: BffConfig,
  clusters: ClusterSet,
  logger: Logger,
): Promise<ConsoleState> {
  const replica = replicaName(config);
  if (config.stateStore === 'dir') {
    const revocations = new RevocationStore(config.dataDir);
    await revocations.init();
    await revocations.prune(Math.floor(Date.now() / 1000));
    const signIns = new DirSignIns(config.dataDir);
    await signIns.init();
    return {
      store: 'dir',
      replica,
      keys: loadKeyRing(config.sessionKeys, config.dataDir),
      revocations,
      signIns,
      sweeper: everyReplica,
      problems: () => [],
      close: () => Promise.resolve(),
    };
  }
  const home = config.stateCluster
    ? clusters.get(config.stateCluster)
    : clusters.list.length === 1
      ? clusters.list[0]
      : undefined;
  if (!home)
    throw new Error(
      config.stateCluster
        ? `--state-cluster "${config.stateCluster}" is not one of the clusters (${clusters.list.map((c) => c.id).join(', ')})`
        : 'state store cluster needs --state-cluster to say which cluster holds gatehouse-system',
    );
  // Start-up fails loudly when the home cluster cannot give the keys: a replica that made its own
  // would refuse every other replica's cookies.
  const keys = await clusterKeys(home, logger).catch((err: unknown) => {
    throw new Error(`console state in cluster "${home.name}": ${(err as Error).message}`);
  });
  const revocations = new ClusterRevocations(home, logger);
  try {
    await revocations.start();
  } catch (err) {
    keys.stop();
    revocations.stop();
    throw new Error(
      `console state in cluster "${home.name}": cannot follow session revocations: ${(err as Error).message}`,
    );
  }
  const sweeper = new LeaseElector(home, replica, config.leaseSeconds, logger);
  sweeper.start();
  return {
    store: 'cluster',
    home,
    replica,
    keys: keys.ring,
    revocations,
    signIns: new ClusterSignIns(home),
    sweeper,
    problems: () =>
      revocations.following
        ? []
        : ['not following session revocations (each request asks the home cluster instead)'],
    async close() {
      await sweeper.stop();
      keys.stop();
      revocations.stop();
    },
  };
}
