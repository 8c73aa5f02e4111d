// An AccessPolicy compiled for one cluster: the ClusterRoles and bindings it asks for there. Pure:
// plain data in (the policy, the cluster's id and labels, its namespaces with labels), objects out.
import { labelSelectorMatcher } from '@gatehouse/policy';
import {
  generationAnnotation,
  managedByLabel,
  objectPrefix,
  policyLabel,
  type LabelSelector,
  type ObjectKind,
  type PlacementTarget,
  type PolicySpec,
  type PolicySubject,
  type RbacObject,
} from './contract.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const RBAC_VERSION = `${RBAC_GROUP}/v1`;

export interface PolicyInput {
  name: string;
  generation: number;
  spec: PolicySpec;
}

export interface ClusterInput {
  id: string;
  labels: Readonly<Record<string, string>>;
}

export interface NamespaceInput {
  name: string;
  labels: Readonly<Record<string, string>>;
}

/** A compiled object, typed for the kinds a policy makes. */
export type CompiledObject = RbacObject & { kind: ObjectKind };

export interface Compiled {
  /** Whether any placement selects the cluster. */
  targeted: boolean;
  objects: CompiledObject[];
  /** Named namespaces that do not exist on the cluster (never created). */
  missingNamespaces: string[];
  /**
   * RoleBindings asked for only because a namespace selector matched (not a name): a missing one is
   * a namespace that appeared since the last apply (pending), not drift.
   */
  selectedOnly: Set<string>;
}

/** `kind/namespace/name`: unique per object a policy compiles to on a cluster. */
export function objectKey(o: { kind: string; namespace?: string; name: string }): string {
  return `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

export function keyOf(o: RbacObject): string {
  return objectKey({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
}

export function compiledName(policy: string, statement: number): string {
  return `${objectPrefix}:${policy}:${statement}`;
}

type Matcher = (labels: Readonly<Record<string, string>>) => boolean;
const matchers = new WeakMap<LabelSelector, Matcher>();

/** Whether labels satisfy a selector; an invalid selector matches nothing. */
export function selects(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  let m = matchers.get(selector);
  if (!m) {
    m = labelSelectorMatcher(selector) ?? (() => false);
    matchers.set(selector, m);
  }
  return m(labels);
}

/** Whether a placement's clusters (or namespaces) part selects the named, labelled object. */
export function targetMatches(
  t: PlacementTarget,
  name: string,
  labels: Readonly<Record<string, string>>,
) {
  if (t.names) return t.names.includes('*') || t.names.includes(name);
  return t.selector ? selects(t.selector, labels) : false;
}

function subjectsOf(subjects: PolicySubject[]): RbacObject['subjects'] {
  return subjects.map((s) =>
    s.kind === 'ServiceAccount'
      ? { kind: s.kind, name: s.name, namespace: s.namespace ?? '' }
      : { kind: s.kind, apiGroup: RBAC_GROUP, name: s.name },
  ) as RbacObject['subjects'];
}

export function compilePolicy(
  policy: PolicyInput,
  cluster: ClusterInput,
  namespaces: readonly NamespaceInput[],
): Compiled {
  const metadata = (name: string, namespace?: string) => ({
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels: { [policyLabel]: policy.name, [managedByLabel]: 'gatehouse' },
    annotations: { [generationAnnotation]: String(policy.generation) },
  });
  const existing = new Set(namespaces.map((n) => n.name));
  const objects: CompiledObject[] = [];
  const missing = new Set<string>();
  const selectedOnly = new Set<string>();
  let targeted = false;
  const subjects = subjectsOf(policy.spec.subjects);
  policy.spec.statements.forEach((st, i) => {
    const name = compiledName(policy.name, i);
    let clusterWide = false;
    const named = new Set<string>();
    const selected = new Set<string>();
    for (const p of st.placements) {
      if (!targetMatches(p.clusters, cluster.id, cluster.labels)) continue;
      targeted = true;
      const ns = p.namespaces;
      if (ns.names?.includes('*')) clusterWide = true;
      else if (ns.names)
        for (const n of ns.names) {
          if (existing.has(n)) named.add(n);
          else missing.add(n);
        }
      else if (ns.selector)
        for (const n of namespaces) if (selects(ns.selector, n.labels)) selected.add(n.name);
    }
    const inNamespaces = [...new Set([...named, ...selected])].sort();
    if (!clusterWide && inNamespaces.length === 0) return;
    const roleRef = {
      apiGroup: RBAC_GROUP,
      kind: 'ClusterRole',
      name: st.clusterRole ?? name,
    };
    if (!st.clusterRole)
      objects.push({
        apiVersion: RBAC_VERSION,
        kind: 'ClusterRole',
        metadata: metadata(name),
        rules: st.rules ?? [],
      });
    if (clusterWide)
      objects.push({
        apiVersion: RBAC_VERSION,
        kind: 'ClusterRoleBinding',
        metadata: metadata(name),
        roleRef,
        subjects,
      });
    for (const n of inNamespaces) {
      const rb: CompiledObject = {
        apiVersion: RBAC_VERSION,
        kind: 'RoleBinding',
        metadata: metadata(name, n),
        roleRef,
        subjects,
      };
      objects.push(rb);
      if (!named.has(n)) selectedOnly.add(keyOf(rb));
    }
  });
  return { targeted, objects, missingNamespaces: [...missing].sort(), selectedOnly };
}
