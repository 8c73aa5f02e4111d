// Compiled objects against what a cluster holds: creates, updates with a line diff, deletes. Pure, so
// the plan, drift and the benchmark share it.
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
export function lineDiff(a: string[], b: string[]): string[] {
  // Most of an object is the same on both sides: only the middle needs the table.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const middle = lcsDiff(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  return [
    ...a.slice(0, head).map((l) => ` ${l}`),
    ...middle,
    ...a.slice(a.length - tail).map((l) => ` ${l}`),
  ];
}

function lcsDiff(from: string[], to: string[]): string[] {
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

const plain = /^[A-Za-z0-9_./-][A-Za-z0-9_./: -]*$/;
const special = /^(true|false|yes|no|on|off|null|~|[-+]?[\d.][\d._eE+-]*)$/i;
const scalar = (v: unknown): string =>
  typeof v === 'string' &&
  plain.test(v) &&
  !special.test(v) &&
  !v.endsWith(':') &&
  !v.includes(': ')
    ? v
    : JSON.stringify(v);

const scalars = new Map<string, string>();
function text(v: unknown): string {
  if (typeof v !== 'string') return scalar(v);
  let out = scalars.get(v);
  if (out === undefined) {
    out = scalar(v);
    if (scalars.size < 10_000) scalars.set(v, out);
  }
  return out;
}

function emit(value: unknown, indent: string, out: string[], lead?: string): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length)
        emit(item, `${indent}  `, out, `${indent}- `);
      else if (item && typeof item === 'object')
        out.push(`${indent}- ${Array.isArray(item) ? '[]' : '{}'}`);
      else out.push(`${indent}- ${text(item)}`);
    }
    return;
  }
  for (const k in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[k];
    const pre = lead ?? indent;
    lead = undefined;
    if (v && typeof v === 'object') {
      const empty = Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
      if (empty) out.push(`${pre}${text(k)}: ${Array.isArray(v) ? '[]' : '{}'}`);
      else {
        out.push(`${pre}${text(k)}:`);
        emit(v, `${indent}  `, out);
      }
    } else out.push(`${pre}${text(k)}: ${text(v)}`);
  }
}

/** YAML lines of a managed view (maps, lists, strings, null): quick, for thousands of objects. */
export function yamlLines(value: unknown): string[] {
  const out: string[] = [];
  emit(value, '', out);
  return out;
}

function lines(view: Record<string, unknown>): string[] {
  return yamlLines(view);
}

/** What the cluster holds (-) against the compiled form (+), or undefined when they agree. */
export function objectDiff(actual: RbacObject, desired: RbacObject): string[] | undefined {
  const a = lines(managedView(actual));
  const d = lines(managedView(desired));
  if (a.length === d.length && a.every((l, i) => l === d[i])) return undefined;
  return lineDiff(a, d);
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
  const sorted = <T>(items: T[], of: (t: T) => RbacObject): T[] =>
    items
      .map((item) => ({ item, key: order(of(item)) }))
      .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
      .map((x) => x.item);
  out.creates = sorted(out.creates, (o) => o);
  out.updates = sorted(out.updates, (u) => u.desired);
  out.deletes = sorted(out.deletes, (o) => o);
  return out;
}

const kindRank: Record<ObjectKind, number> = {
  ClusterRole: 0,
  ClusterRoleBinding: 1,
  RoleBinding: 2,
};
