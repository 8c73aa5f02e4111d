// @gatehouse/devcluster: a Kubernetes-API-compatible cluster over HTTPS for the embedded default and tests.
export { startDevCluster } from './cluster.js';
export type {
  DevCluster,
  DevClusterOptions,
  EmulatedVersion,
  Faults,
  OidcIssuerConfig,
} from './cluster.js';
export { EMULATED_VERSIONS } from './emulation.js';
export { SEED_NAMES } from './seed.js';
export type { SeedName } from './seed.js';
