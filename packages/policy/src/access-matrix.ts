// Access matrices (one user × namespaces × resource types × verbs) computed per role, not per cell.
import type { RoleEntry } from './snapshot-index.js';
import type { PolicyRule } from './types.js';

export interface ResourceType {
  apiGroup: string;
  resource: string;
}

export const STANDARD_VERBS: readonly string[] = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];

/**
 * Cell (namespace, resource type, verb) holds what `authorize` answers for the nameless request
 * `{verb, apiGroup, resource, namespace}`. Each row is a bitmask per resource type (bit i = verbs[i]).
 * ClusterRoleBindings grant the same row in every namespace, so only namespaces where RoleBindings
 * add something get a row of their own.
 */
export interface AccessMatrix {
  verbs: readonly string[];
  resources: readonly ResourceType[];
  namespaces: readonly string[];
  clusterWide: Uint32Array;
  namespaced: ReadonlyMap<string, Uint32Array>;
  row(namespace: string): Uint32Array;
  allows(namespace: string, resourceIndex: number, verbIndex: number): boolean;
  /** Number of allowed cells over all namespaces. */
  countAllowed(): number;
}

/** Lookups from rule strings to resource-type positions. */
export class MatrixShape {
  readonly verbBits = new Map<string, number>();
  readonly allVerbs: number;
  private readonly byKey = new Map<string, number>();
  private readonly byResource = new Map<string, number[]>();
  private readonly byGroup = new Map<string, number[]>();
  private readonly roleRows = new Map<RoleEntry, Uint32Array>();

  constructor(
    readonly resources: readonly ResourceType[],
    readonly verbs: readonly string[],
  ) {
    if (verbs.length > 32) throw new RangeError('an access matrix holds at most 32 verbs');
    verbs.forEach((v, i) => this.verbBits.set(v, (this.verbBits.get(v) ?? 0) | (1 << i)));
    this.allVerbs = verbs.length === 32 ? 0xffffffff : (1 << verbs.length) - 1;
    resources.forEach((t, i) => {
      this.byKey.set(`${t.apiGroup}\u0000${t.resource}`, i);
      pushTo(this.byResource, t.resource, i);
      pushTo(this.byGroup, t.apiGroup, i);
    });
  }

  private verbMask(rule: PolicyRule): number {
    let mask = 0;
    for (const v of rule.verbs ?? []) {
      if (v === '*') return this.allVerbs;
      mask |= this.verbBits.get(v) ?? 0;
    }
    return mask;
  }

  /** ORs what one rule allows (for nameless, subresource-less requests) into a row. */
  private addRule(rule: PolicyRule, row: Uint32Array): void {
    const names = rule.resourceNames ?? [];
    // Nameless requests only match a rule without resourceNames or one listing "".
    if (names.length > 0 && !names.includes('')) return;
    const mask = this.verbMask(rule);
    if (mask === 0) return;
    const groups = rule.apiGroups ?? [];
    const anyGroup = groups.includes('*');
    const set = (i: number): void => {
      row[i] = (row[i] ?? 0) | mask;
    };
    for (const r of rule.resources ?? []) {
      if (anyGroup) {
        if (r === '*') row.forEach((_, i) => set(i));
        else for (const i of this.byResource.get(r) ?? []) set(i);
        continue;
      }
      for (const g of groups) {
        if (r === '*') for (const i of this.byGroup.get(g) ?? []) set(i);
        else {
          const i = this.byKey.get(`${g}\u0000${r}`);
          if (i !== undefined) set(i);
        }
      }
    }
  }

  /** A role's row, computed once per matrix shape. */
  roleRow(role: RoleEntry): Uint32Array {
    let row = this.roleRows.get(role);
    if (!row) {
      row = new Uint32Array(this.resources.length);
      for (const rule of role.rules) this.addRule(rule, row);
      this.roleRows.set(role, row);
    }
    return row;
  }
}

function pushTo(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function orInto(target: Uint32Array, source: Uint32Array): boolean {
  let changed = false;
  for (let i = 0; i < target.length; i++) {
    const next = (target[i] ?? 0) | (source[i] ?? 0);
    if (next !== target[i]) {
      target[i] = next;
      changed = true;
    }
  }
  return changed;
}

function popcount(n: number): number {
  let x = n - ((n >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function makeMatrix(
  shape: MatrixShape,
  namespaces: readonly string[],
  clusterWide: Uint32Array,
  namespaced: Map<string, Uint32Array>,
): AccessMatrix {
  const rowCount = (row: Uint32Array): number => row.reduce((n, mask) => n + popcount(mask), 0);
  const row = (ns: string): Uint32Array => namespaced.get(ns) ?? clusterWide;
  return {
    verbs: shape.verbs,
    resources: shape.resources,
    namespaces,
    clusterWide,
    namespaced,
    row,
    allows: (ns, r, v) => (((row(ns)[r] ?? 0) >>> v) & 1) === 1,
    countAllowed: () => {
      const base = rowCount(clusterWide);
      let total = 0;
      for (const ns of namespaces) {
        const own = namespaced.get(ns);
        total += own ? rowCount(own) : base;
      }
      return total;
    },
  };
}
