// Compiled objects against what a cluster holds: creates, updates with a line diff, deletes. Pure, so
// the plan, drift and the benchmark share it.
import { stringify } from 'yaml';
import type { PolicyRule } from '@gatehouse/policy';
import {
  generationAnnotation,
  managedByLabel,
  policyLabel,
  type ObjectKind,
  type PlanObject,
  type RbacObject,
} from './contract.js';
import { keyOf, RBAC_GROUP, type CompiledObject } from './compile.js';

/** An object read from a cluster: its kind set by the reader (lists carry none). */
export type ActualObject = RbacObject & {
  kind: ObjectKind;
  metadata: RbacObject['metadata'] & { resourceVersion?: string };
};

function cleanRule(r: PolicyRule): Record<string, string[]> {
  const out: Record<string, string[]> = { verbs: r.verbs };
  for (const k of ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'] as const) {
    const v = r[k];
    if (v && v.length > 0) out[k] = v;
  }
  return out;
}

/** The fields a policy sets, in a fixed order, as the API server would store them. */
export function managedView(o: RbacObject): Record<string, unknown> {
  const labels = o.metadata.labels ?? {};
  const annotations = o.metadata.annotations ?? {};
  const view: Record<string, unknown> = {
    metadata: {
      labels: {
        [policyLabel]: labels[policyLabel] ?? null,
        [managedByLabel]: labels[managedByLabel] ?? null,
      },
      annotations: { [generationAnnotation]: annotations[generationAnnotation] ?? null },
    },
  };
  if (o.kind === 'ClusterRole') view.rules = (o.rules ?? []).map(cleanRule);
  else {
    view.roleRef = o.roleRef
      ? { apiGroup: o.roleRef.apiGroup, kind: o.roleRef.kind, name: o.roleRef.name }
      : null;
    view.subjects = (o.subjects ?? []).map((s) => ({
      kind: s.kind,
      ...(s.apiGroup || s.kind !== 'ServiceAccount' ? { apiGroup: s.apiGroup || RBAC_GROUP } : {}),
      name: s.name,
      ...(s.namespace ? { namespace: s.namespace } : {}),
    }));
  }
  return view;
}

/** Unified diff lines (' ', '-', '+') from `from` to `to`, by longest common subsequence. */
export function lineDiff(from: string[], to: string[]): string[] {
  const n = from.length;
  const m = to.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        from[i] === to[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (from[i] === to[j]) {
      out.push(` ${from[i]!}`);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push(`-${from[i++]!}`);
    else out.push(`+${to[j++]!}`);
  }
  while (i < n) out.push(`-${from[i++]!}`);
  while (j < m) out.push(`+${to[j++]!}`);
  return out;
}

function lines(view: Record<string, unknown>): string[] {
  return stringify(view).trimEnd().split('\n');
}

/** What the cluster holds (-) against the compiled form (+), or undefined when they agree. */
export function objectDiff(actual: RbacObject, desired: RbacObject): string[] | undefined {
  const a = managedView(actual);
  const d = managedView(desired);
  if (JSON.stringify(a) === JSON.stringify(d)) return undefined;
  return lineDiff(lines(a), lines(d));
}

export function planObjectOf(o: RbacObject & { kind: ObjectKind }): PlanObject {
  return {
    kind: o.kind,
    name: o.metadata.name,
    ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
    object: o,
  };
}

export interface ObjectChanges {
  creates: CompiledObject[];
  updates: Array<{ desired: CompiledObject; actual: ActualObject; diff: string[] }>;
  deletes: ActualObject[];
  unchanged: number;
}

/** Desired against actual, both a policy's objects on one cluster. Sorted by kind order, then key. */
export function diffObjects(
  desired: readonly CompiledObject[],
  actual: readonly ActualObject[],
): ObjectChanges {
  const have = new Map(actual.map((o) => [keyOf(o), o]));
  const want = new Set<string>();
  const out: ObjectChanges = { creates: [], updates: [], deletes: [], unchanged: 0 };
  for (const d of desired) {
    const key = keyOf(d);
    want.add(key);
    const a = have.get(key);
    if (!a) {
      out.creates.push(d);
      continue;
    }
    const diff = objectDiff(a, d);
    if (diff) out.updates.push({ desired: d, actual: a, diff });
    else out.unchanged++;
  }
  for (const [key, a] of have) if (!want.has(key)) out.deletes.push(a);
  const order = (o: RbacObject) => `${kindRank[o.kind as ObjectKind] ?? 9}${keyOf(o)}`;
  const cmp = (x: RbacObject, y: RbacObject) => (order(x) < order(y) ? -1 : 1);
  out.creates.sort(cmp);
  out.updates.sort((x, y) => cmp(x.desired, y.desired));
  out.deletes.sort(cmp);
  return out;
}

const kindRank: Record<ObjectKind, number> = {
  ClusterRole: 0,
  ClusterRoleBinding: 1,
  RoleBinding: 2,
};
