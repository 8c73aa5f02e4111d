// Reading a session's capabilities as the web app does: namespaces with a project or rules of their
// own are entries, the rest bare names; a namespace without its own rules has the cluster-wide ones.
import type { ClusterCapabilities, RuleSet } from '../../src/contract.js';

/** Every namespace of the capabilities, sorted by name. */
export function namespaceNames(caps: ClusterCapabilities): string[] {
  return [...caps.namespaces.map((n) => n.name), ...caps.plainNamespaces].sort();
}

/** The rules that hold in `namespace` (its own review, else the cluster-wide rules). */
export function rulesIn(caps: ClusterCapabilities, namespace: string): RuleSet {
  return caps.namespaces.find((n) => n.name === namespace)?.rules ?? caps.cluster;
}
