import type { DiffLine } from '../../ui/LineDiff.js';
import type {
  ApplyResponse,
  ClusterApplyResult,
  ClusterPlan,
  ClusterState,
  ClusterStatus,
  PlanObject,
  PolicyPlan,
} from './api.js';

export type PlanAction = 'create' | 'update' | 'delete';

export interface PlanRow {
  action: PlanAction;
  kind: string;
  namespace?: string;
  name: string;
  /** Updates only: the unified diff from what the cluster holds to the compiled form. */
  diff?: string[];
}

// The order apply runs in: ClusterRoles before the bindings that name them, deletes last, and
// among the deletes the bindings before the ClusterRoles they name.
const kindOrder: Record<string, number> = { ClusterRole: 0, ClusterRoleBinding: 1, RoleBinding: 2 };
const actionOrder: Record<PlanAction, number> = { create: 0, update: 0, delete: 1 };
const kindRank = (r: PlanRow) => {
  const k = kindOrder[r.kind] ?? 9;
  return r.action === 'delete' ? -k : k;
};

function row(action: PlanAction, o: PlanObject, diff?: string[]): PlanRow {
  return {
    action,
    kind: o.kind,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    name: o.name,
    ...(diff ? { diff } : {}),
  };
}

/** A cluster's changes in the order they are applied, each kind's objects by namespace and name. */
export function planRows(plan: ClusterPlan): PlanRow[] {
  const rows = [
    ...plan.creates.map((o) => row('create', o)),
    ...plan.updates.map((u) => row('update', u.obj, u.diff)),
    ...plan.deletes.map((o) => row('delete', o)),
  ];
  return rows.sort(
    (a, b) =>
      actionOrder[a.action] - actionOrder[b.action] ||
      kindRank(a) - kindRank(b) ||
      (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
      a.name.localeCompare(b.name),
  );
}

export function changeCount(plan: ClusterPlan): number {
  return plan.creates.length + plan.updates.length + plan.deletes.length;
}

export interface PlanTotals {
  creates: number;
  updates: number;
  deletes: number;
  unchanged: number;
  /** Clusters with something to change. */
  changing: string[];
  /** Clusters the person may not read or write (no-access) or that did not answer. */
  unavailable: string[];
  /** Clusters where applying would fail as planned (a ClusterRole missing, …). */
  blocked: string[];
}

export function planTotals(plan: PolicyPlan): PlanTotals {
  const t: PlanTotals = {
    creates: 0,
    updates: 0,
    deletes: 0,
    unchanged: 0,
    changing: [],
    unavailable: [],
    blocked: [],
  };
  for (const c of plan.clusters) {
    t.creates += c.creates.length;
    t.updates += c.updates.length;
    t.deletes += c.deletes.length;
    t.unchanged += c.unchanged;
    if (c.state !== 'ok') t.unavailable.push(c.cluster);
    else if (c.blockers.length > 0) t.blocked.push(c.cluster);
    if (changeCount(c) > 0) t.changing.push(c.cluster);
  }
  return t;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The plan in one sentence, for the panel's heading. */
export function planHeadline(plan: PolicyPlan): string {
  const t = planTotals(plan);
  const total = t.creates + t.updates + t.deletes;
  if (t.unavailable.length === plan.clusters.length && plan.clusters.length > 0)
    return 'No cluster could be planned';
  // A cluster that could not be read is never said to match: what it holds is unknown.
  const unplanned = t.unavailable.length
    ? `; ${t.unavailable.join(', ')} could not be planned`
    : '';
  if (total === 0)
    return unplanned
      ? `Nothing to change on the clusters planned${unplanned}`
      : 'Nothing to change: every cluster already matches the policy';
  const parts = [
    t.creates && `${t.creates} to create`,
    t.updates && `${t.updates} to update`,
    t.deletes && `${t.deletes} to delete`,
  ].filter(Boolean);
  return `${parts.join(', ')} on ${plural(t.changing.length, 'cluster')}${unplanned}`;
}

/** Whether there is anything an apply could do. */
export function canApply(plan: PolicyPlan): boolean {
  return plan.clusters.some((c) => changeCount(c) > 0);
}

/** A cluster column's state in the plan: what will happen there when applied. */
export function planClusterState(
  c: ClusterPlan,
): 'changes' | 'unchanged' | 'blocked' | 'no-access' | 'unreachable' | 'untargeted' {
  if (c.state !== 'ok') return c.state;
  if (c.blockers.length > 0) return 'blocked';
  if (changeCount(c) > 0) return 'changes';
  return c.targeted ? 'unchanged' : 'untargeted';
}

/** Unified diff lines (`+`, `-`, ` `, `@@`) as the line-diff view draws them. */
export function unifiedLines(diff: readonly string[]): DiffLine[] {
  return diff
    .filter((l) => !l.startsWith('+++') && !l.startsWith('---'))
    .map((l) =>
      l.startsWith('+')
        ? { kind: 'added', text: l.slice(1) }
        : l.startsWith('-')
          ? { kind: 'removed', text: l.slice(1) }
          : { kind: 'same', text: l.startsWith(' ') ? l.slice(1) : l },
    );
}

export function objectLabel(o: { kind: string; namespace?: string; name: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

export const outcomeText: Record<ClusterApplyResult['outcome'], string> = {
  applied: 'Applied',
  failed: 'Failed',
  'rolled-back': 'Rolled back',
  skipped: 'Skipped',
  unchanged: 'Unchanged',
};

/** The apply in one sentence: where it took, where it was refused. */
export function applyHeadline(result: ApplyResponse): string {
  const by = (o: ClusterApplyResult['outcome'][]) =>
    result.clusters.filter((c) => o.includes(c.outcome)).map((c) => c.cluster);
  const done = by(['applied', 'unchanged']);
  const notDone = by(['failed', 'rolled-back', 'skipped']);
  if (notDone.length === 0)
    return done.length ? `Applied on ${done.join(', ')}` : 'Nothing was applied';
  if (done.length === 0) return `Not applied: ${notDone.join(', ')} refused or failed`;
  return `Applied on ${done.join(', ')}; not on ${notDone.join(', ')}`;
}

export const stateText: Record<ClusterState, string> = {
  Applied: 'Applied',
  Failed: 'Failed',
  Drifted: 'Drifted',
  Pending: 'Pending',
  NotApplied: 'Not applied',
};

export type StatusTone = 'green' | 'red' | 'amber' | 'neutral' | 'purple';

/** What a status chip says for one cluster, including when the cluster could not be checked. */
export function statusChip(s: ClusterStatus): { text: string; tone: StatusTone; detail?: string } {
  if (s.access === 'no-access')
    return { text: 'No access', tone: 'neutral', ...(s.reason ? { detail: s.reason } : {}) };
  if (s.access === 'unreachable')
    return { text: 'Unreachable', tone: 'red', ...(s.reason ? { detail: s.reason } : {}) };
  if (!s.targeted && s.state === 'NotApplied') return { text: 'Not targeted', tone: 'neutral' };
  const tone: Record<ClusterState, StatusTone> = {
    Applied: 'green',
    Failed: 'red',
    Drifted: 'amber',
    Pending: 'purple',
    NotApplied: 'neutral',
  };
  return {
    text: stateText[s.state],
    tone: tone[s.state],
    ...(s.message ? { detail: s.message } : {}),
  };
}

/** Whether a re-apply would set something right (drift, pending namespaces, a failure, never applied). */
export function needsApply(clusters: readonly ClusterStatus[]): boolean {
  return clusters.some((c) => c.access === 'ok' && c.targeted && c.state !== 'Applied');
}
