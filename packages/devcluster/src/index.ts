// @gatehouse/devcluster: a Kubernetes-API-compatible cluster over HTTPS for the embedded default and tests.
export { startDevCluster } from './cluster.js';
export type { DevCluster, DevClusterOptions, Faults, OidcIssuerConfig } from './cluster.js';
