// startDevCluster: wires store, registry, controllers, authentication and authorization behind an HTTPS server.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { Authenticator } from './auth/authenticator.js';
import { OidcAuthenticator, type OidcIssuerConfig } from './auth/oidc.js';
import { ServiceAccountTokens } from './auth/serviceaccount-tokens.js';
import { ClusterAuthorizer } from './authz/authorizer.js';
import { installRbacAdmission } from './authz/rbac-admission.js';
import { ensureBootstrap } from './bootstrap.js';
import { aggregateNow, installControllers } from './controllers.js';
import { installDefaults } from './defaults.js';
import { emulationFor, type EmulatedVersion } from './emulation.js';
import { FaultInjector, faultsFromEnv, type Faults } from './faults.js';
import { kubeconfigPath, loadOrCreateTokens, writeKubeconfigs } from './kubeconfig.js';
import { installLegacyTokenController } from './legacy-tokens.js';
import { loadState, StateFile } from './persistence.js';
import { loadOrCreatePki } from './pki.js';
import { Registry } from './registry.js';
import { RESOURCES, storeKey } from './resources.js';
import { applySeed, seedUsers, type SeedName } from './seed.js';
import { requestHandler } from './server.js';
import { CRDS, CustomResources, withCustomResources } from './crd/catalog.js';
import type { KObject } from './object.js';
import { Store } from './store.js';

export type { OidcIssuerConfig } from './auth/oidc.js';
export type { Faults } from './faults.js';
export type { EmulatedVersion } from './emulation.js';

export interface DevClusterOptions {
  dataDir: string;
  port?: number;
  host?: string;
  seed?: SeedName;
  stateFile?: string;
  oidc?: OidcIssuerConfig;
  allowAnonymous?: boolean;
  faults?: Faults;
  /** Serve as an older Kubernetes version would (see emulation.ts); default: the current one. */
  emulateVersion?: EmulatedVersion;
  /**
   * CustomResourceDefinitions (apiextensions.k8s.io/v1 manifests) created at start when missing,
   * after the seed, as the bootstrap objects are: a restored state keeps its own version of them.
   */
  crds?: KObject[];
}

export interface DevCluster {
  url: string;
  port: number;
  caPem: string;
  dataDir: string;
  kubeconfigPath(user: string): string;
  token(user: string): string;
  /** Changes fault injection while running (resilience tests). */
  setFaults(faults: Faults): void;
  /** Ends every open watch stream now (clients must re-watch or re-list); returns how many. */
  endWatches(): number;
  stop(): Promise<void>;
}

export async function startDevCluster(opts: DevClusterOptions): Promise<DevCluster> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const host = opts.host ?? '127.0.0.1';
  const seed = opts.seed ?? 'demo';
  const pki = loadOrCreatePki(dataDir, host);

  const store = new Store();
  const builtInNamespaced = RESOURCES.filter((t) => t.namespaced && !t.virtual).map(storeKey);
  // Namespace deletion empties the custom resources served when it happens, too.
  const registry: Registry = new Registry(store, (): string[] => [
    ...builtInNamespaced,
    ...customResources.namespacedKeys(),
  ]);
  const customResources: CustomResources = new CustomResources(registry);
  const authz = new ClusterAuthorizer(store);
  installRbacAdmission(registry, authz);
  installDefaults(registry);
  installControllers(registry, pki.caPem);
  const state = opts.stateFile ? loadState(resolve(opts.stateFile)) : undefined;
  if (state) store.load(state);
  ensureBootstrap(registry);
  // A restored state keeps whatever was deleted from the seed deleted; only a fresh cluster is seeded.
  if (!state) applySeed(registry, seed);
  for (const crd of opts.crds ?? []) {
    if (!store.get(storeKey(CRDS), undefined, crd.metadata.name))
      registry.create(CRDS, undefined, crd);
  }
  aggregateNow(registry);
  const stateFile = opts.stateFile ? new StateFile(resolve(opts.stateFile), store) : undefined;
  registry.namespaces.resume();
  // Start from a snapshot of what was loaded and reconciled, with an empty journal (drops any torn tail).
  await stateFile?.compact();

  const users = seedUsers(seed);
  const tokens = loadOrCreateTokens(
    dataDir,
    users.map((u) => u.name),
  );
  const tokenOf = (user: string): string => {
    const t = tokens[user];
    if (!t || !users.some((u) => u.name === user)) throw new Error(`no seeded user ${user}`);
    return t;
  };
  const saTokens = new ServiceAccountTokens(pki.saKeyPem, store);
  const emulation = emulationFor(opts.emulateVersion);
  if (emulation.legacyServiceAccountTokenSecrets)
    installLegacyTokenController(registry, saTokens, pki.caPem);
  const authn = new Authenticator(
    users.map((u) => ({ name: u.username, uid: u.uid, groups: u.groups, token: tokenOf(u.name) })),
    saTokens,
    opts.oidc ? new OidcAuthenticator(opts.oidc) : undefined,
    opts.allowAnonymous ?? false,
  );
  // The environment lets a process that embeds the devcluster (the BFF under e2e) opt into faults.
  const faults = new FaultInjector({ ...faultsFromEnv(process.env), ...opts.faults });

  let address = '';
  const handle = requestHandler({
    registry,
    authn,
    authz,
    tokens: saTokens,
    faults,
    durable: () => stateFile?.flush() ?? Promise.resolve(),
    serverAddress: () => address,
    emulation: withCustomResources(emulation, customResources),
    customResources,
  });
  /** Requests each open connection has carried, for the reused-connection fault. */
  const served = new WeakMap<Socket, number>();
  const server: Server = createServer({ cert: pki.certPem, key: pki.keyPem }, (req, res) => {
    const n = served.get(req.socket) ?? 0;
    served.set(req.socket, n + 1);
    if (n > 0 && faults.dropsReusedConnections()) {
      req.socket.destroy();
      return;
    }
    // kube-apiserver (Go net/http) sends no `Keep-Alive: timeout=` hint, so clients cannot learn when it
    // will close an idle connection; an explicit Connection header keeps Node from adding the hint.
    if (!/\bclose\b/i.test(req.headers.connection ?? '')) res.setHeader('Connection', 'keep-alive');
    handle(req, res);
  });
  // Node reads keepAliveTimeout each time a connection goes idle, so a fault set later applies at once.
  server.keepAliveTimeout = faults.idleTimeoutMs();
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  address = `${urlHost}:${port}`;
  const url = `https://${address}`;
  writeKubeconfigs(
    dataDir,
    url,
    pki.caPem,
    Object.fromEntries(users.map((u) => [u.name, tokenOf(u.name)])),
  );

  return {
    url,
    port,
    caPem: pki.caPem,
    dataDir,
    kubeconfigPath: (user) => kubeconfigPath(dataDir, user),
    token: tokenOf,
    endWatches: () => faults.endWatches(),
    setFaults: (f) => {
      faults.set(f);
      server.keepAliveTimeout = faults.idleTimeoutMs();
    },
    stop: async () => {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        // Watches are long-lived: end them so close() can finish.
        for (const s of sockets) s.destroy();
      });
      registry.namespaces.stop();
      await stateFile?.close();
    },
  };
}
