// The fleet project pages' logic, apart from React: who holds which level on which cluster, what a
// plan does on each cluster, and what an apply answered (a report, a stale plan, a refusal).
import { ApiError } from '../../api/http.js';
import {
  fleetChangeReportSchema,
  fleetPlanSchema,
  type FleetChangeReport,
  type FleetClusterResult,
  type FleetPlan,
  type FleetPlanCluster,
  type FleetProjectDetail,
} from './api.js';

export type Tone = 'neutral' | 'brand' | 'amber' | 'green' | 'red';

export interface Subject {
  kind: 'User' | 'Group';
  name: string;
}

/** One collaborator's level on one cluster of the project. */
export type CollaboratorCell =
  | { kind: 'level'; levels: string[]; complete: boolean }
  | { kind: 'none' }
  | { kind: 'no-access'; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'absent' };

export interface CollaboratorRow {
  key: string;
  subject: Subject;
  /** By cluster id, for every cluster of the fleet. */
  cells: Record<string, CollaboratorCell>;
}

/** One row per collaborator on any cluster, with a cell for every cluster given. */
export function collaboratorRows(
  detail: FleetProjectDetail,
  clusters: string[],
): CollaboratorRow[] {
  const rows = new Map<string, CollaboratorRow>();
  for (const c of detail.clusters)
    for (const x of c.project?.collaborators ?? []) {
      const key = `${x.subject.kind}:${x.subject.name}`;
      if (!rows.has(key))
        rows.set(key, { key, subject: { kind: x.subject.kind, name: x.subject.name }, cells: {} });
    }
  for (const row of rows.values())
    for (const id of clusters) {
      const c = detail.clusters.find((x) => x.cluster === id);
      if (!c) row.cells[id] = { kind: 'absent' };
      else if (c.state !== 'ok' || !c.project)
        row.cells[id] = {
          kind: c.state === 'ok' ? 'no-access' : c.state,
          message: c.message ?? '',
        };
      else {
        const held = c.project.collaborators.filter(
          (x) => x.subject.kind === row.subject.kind && x.subject.name === row.subject.name,
        );
        row.cells[id] = held.length
          ? {
              kind: 'level',
              levels: held.map((h) => h.level),
              complete: held.every((h) => h.complete),
            }
          : { kind: 'none' };
      }
    }
  return [...rows.values()].sort(
    (a, b) =>
      a.subject.kind.localeCompare(b.subject.kind) || a.subject.name.localeCompare(b.subject.name),
  );
}

/** Whether the person may change collaborators: they manage the project on every cluster it is on. */
export function canManageEverywhere(detail: FleetProjectDetail): boolean {
  return detail.clusters.length > 0 && detail.clusters.every((c) => c.project?.canManage === true);
}

/** Levels the person may grant on every cluster of the project. */
export function grantableEverywhere(detail: FleetProjectDetail): string[] {
  const per = detail.clusters.map((c) => c.project?.grantableLevels ?? []);
  return detail.levels.map((l) => l.name).filter((l) => per.every((g) => g.includes(l)));
}

export interface PlanColumn {
  cluster: string;
  status: FleetPlanCluster['status'];
  label: string;
  tone: Tone;
  counts: { create: number; update: number; delete: number };
  message?: string;
  steps: FleetPlanCluster['steps'];
}

const planLabels: Record<FleetPlanCluster['status'], [string, Tone]> = {
  ready: ['will change', 'brand'],
  unchanged: ['unchanged', 'neutral'],
  refused: ['refused', 'red'],
  'no-access': ['no access', 'red'],
  unreachable: ['unreachable', 'amber'],
};

export function planColumns(plan: FleetPlan): PlanColumn[] {
  return plan.clusters.map((c) => {
    const [label, tone] = planLabels[c.status];
    const counts = { create: 0, update: 0, delete: 0 };
    for (const s of c.steps) counts[s.op]++;
    return {
      cluster: c.cluster,
      status: c.status,
      label,
      tone,
      counts,
      ...(c.message ? { message: c.message } : {}),
      steps: c.steps,
    };
  });
}

/** "2 creates, 1 delete" — what a cluster's plan does, in words. */
export function countsText(counts: PlanColumn['counts']): string {
  const parts = (['create', 'update', 'delete'] as const)
    .filter((op) => counts[op] > 0)
    .map((op) => `${counts[op]} ${op}${counts[op] === 1 ? '' : 's'}`);
  return parts.join(', ') || 'no writes';
}

function list(ids: string[]): string {
  return ids.length <= 1 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)!}`;
}

/** The apply button's words, or why there is nothing to apply. */
export function applyVerdict(
  plan: FleetPlan,
): { ok: true; label: string } | { ok: false; why: string } {
  const blocking = plan.clusters.filter((c) => c.status !== 'ready' && c.status !== 'unchanged');
  if (blocking.length)
    return {
      ok: false,
      why: `Nothing can be applied: every cluster of the project must take the change, and ${list(blocking.map((c) => c.cluster))} ${blocking.length === 1 ? 'does' : 'do'} not.`,
    };
  const ready = plan.clusters.filter((c) => c.status === 'ready').map((c) => c.cluster);
  if (!ready.length) return { ok: false, why: 'Nothing to change: every cluster is already so.' };
  return { ok: true, label: `Apply on ${list(ready)}` };
}

const resultLabels: Record<FleetClusterResult['status'], [string, Tone]> = {
  applied: ['applied', 'green'],
  unchanged: ['unchanged', 'neutral'],
  failed: ['failed', 'red'],
  'rolled-back': ['rolled back', 'amber'],
  'rollback-failed': ['rollback failed', 'red'],
  'not-run': ['not run', 'neutral'],
};

export function resultLabel(status: FleetClusterResult['status']): { text: string; tone: Tone } {
  const [text, tone] = resultLabels[status];
  return { text, tone };
}

export type ApplyOutcome =
  | { kind: 'report'; report: FleetChangeReport }
  /** The plan changed since it was read: here is the new one, to review and apply. */
  | { kind: 'stale'; message: string; plan: FleetPlan }
  /** Refused before any write, with the plan saying why per cluster when there is one. */
  | { kind: 'refused'; message: string; plan?: FleetPlan }
  | { kind: 'error'; message: string };

/**
 * What an apply answered: its report (also a failed one's, from the error), or why not. `sent` is the
 * digest applied: a plan in the error with another digest is the new plan (the old one was stale).
 */
export function outcomeOf(
  data: FleetChangeReport | undefined,
  error: unknown,
  sent: string,
): ApplyOutcome | undefined {
  if (data) return { kind: 'report', report: data };
  if (!error) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof ApiError ? error.details : undefined;
  const report = fleetChangeReportSchema.safeParse(details);
  if (report.success) return { kind: 'report', report: report.data };
  const plan = fleetPlanSchema.safeParse(details);
  if (plan.success) {
    if (plan.data.digest !== sent) return { kind: 'stale', message, plan: plan.data };
    return { kind: 'refused', message, plan: plan.data };
  }
  return { kind: 'error', message };
}

export function reportTitle(report: FleetChangeReport): {
  title: string;
  tone: 'info' | 'warning' | 'error';
} {
  if (report.outcome === 'completed') return { title: 'Applied on every cluster', tone: 'info' };
  if (report.outcome === 'rolled-back')
    return { title: 'Nothing changed: every cluster was rolled back', tone: 'warning' };
  return { title: 'Partly applied: some changes remain', tone: 'error' };
}
