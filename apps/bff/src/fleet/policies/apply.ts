// Applies one cluster's part of a policy plan as the user: ClusterRoles, then bindings, then deletes,
// with projects' applyPlan (KubeWriter, per-cluster rollback on the first failed step).
import type { Request } from 'express';
import type { BffContext } from '../../context.js';
import { ApiError } from '../../errors.js';
import { applyPlan } from '../../projects/apply.js';
import { auditedWriter } from '../../projects/audited.js';
import type { ChangeReport, ChangeStepReport } from '../../projects/contract.js';
import type { KubeObject, Step } from '../../projects/plan.js';
import type { Session } from '../../session/sessions.js';
import type { ApplyStep, ClusterApplyResult } from './contract.js';
import type { CompiledObject } from './compile.js';
import type { ActualObject } from './diff.js';
import type { ClusterWork } from './plan.js';

const k = (o: CompiledObject | ActualObject) => o as unknown as KubeObject;

/** What an update writes: the object as read, with what the policy sets put back. */
function merged(actual: ActualObject, desired: CompiledObject): ActualObject {
  return {
    ...actual,
    metadata: {
      ...actual.metadata,
      labels: { ...actual.metadata.labels, ...desired.metadata.labels },
      annotations: { ...actual.metadata.annotations, ...desired.metadata.annotations },
    },
    ...(desired.kind === 'ClusterRole'
      ? { rules: desired.rules }
      : { roleRef: desired.roleRef, subjects: desired.subjects }),
  };
}

function describe(op: string, o: { kind: string; metadata: { name: string; namespace?: string } }) {
  const where = o.metadata.namespace ? ` in ${o.metadata.namespace}` : '';
  return `${op} ${o.kind} ${o.metadata.name}${where}`;
}

/** The writes, in order: ClusterRoles first (bindings point at them), deletes last. */
export function stepsOf(w: ClusterWork): Step[] {
  const roles: Step[] = [];
  const bindings: Step[] = [];
  for (const o of w.changes.creates)
    (o.kind === 'ClusterRole' ? roles : bindings).push({
      op: 'create',
      object: k(o),
      description: describe('create', o),
    });
  for (const u of w.changes.updates) {
    const target = u.desired.kind === 'ClusterRole' ? roles : bindings;
    const ref = u.actual.roleRef;
    const want = u.desired.roleRef;
    // A binding's roleRef cannot change: it is deleted and made again.
    if (ref && want && (ref.name !== want.name || ref.kind !== want.kind))
      target.push(
        { op: 'delete', object: k(u.actual), description: describe('delete', u.actual) },
        { op: 'create', object: k(u.desired), description: describe('create', u.desired) },
      );
    else
      target.push({
        op: 'update',
        object: k(merged(u.actual, u.desired)),
        previous: k(u.actual),
        description: describe('update', u.desired),
      });
  }
  const deletes = [...w.changes.deletes]
    .sort((a, b) => (a.kind === 'ClusterRole' ? 1 : 0) - (b.kind === 'ClusterRole' ? 1 : 0))
    .map((o): Step => ({ op: 'delete', object: k(o), description: describe('delete', o) }));
  return [...roles, ...bindings, ...deletes];
}

function stepOf(r: ChangeStepReport): ApplyStep {
  return {
    action: r.op,
    kind: r.kind,
    ...(r.namespace ? { namespace: r.namespace } : {}),
    name: r.name,
    ok: r.status === 'done',
    ...(r.status === 'rolled-back' ? { rolledBack: true } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

/** Records an apply that never reached the cluster (no access, unreachable, blocked). */
async function auditSkipped(
  ctx: BffContext,
  req: Request,
  session: Session,
  cluster: string,
  code: number,
  reason: string,
  message: string,
): Promise<void> {
  await ctx.audit.write({
    time: new Date().toISOString(),
    requestId: String(req.id),
    user: session.user.name,
    groups: session.user.groups,
    authMode: session.authMode,
    cluster,
    verb: 'apply',
    path: req.originalUrl.split('?')[0] ?? '',
    outcome: {
      code,
      status: code === 403 ? 'denied' : code >= 500 ? 'failure' : 'rejected',
      reason,
      message,
    },
  });
}

export async function applyCluster(
  ctx: BffContext,
  req: Request,
  session: Session,
  w: ClusterWork,
): Promise<ClusterApplyResult> {
  const cluster = w.cluster.id;
  if (w.plan.state !== 'ok') {
    const reason = w.plan.reason ?? w.plan.state;
    await auditSkipped(
      ctx,
      req,
      session,
      cluster,
      w.plan.state === 'no-access' ? 403 : 503,
      w.plan.state === 'no-access' ? 'Forbidden' : 'ServiceUnavailable',
      reason,
    );
    return { cluster, outcome: 'skipped', reason, steps: [] };
  }
  const steps = stepsOf(w);
  if (steps.length === 0) return { cluster, outcome: 'unchanged', steps: [] };
  if (w.plan.blockers.length > 0) {
    const reason = w.plan.blockers.join('; ');
    await auditSkipped(ctx, req, session, cluster, 422, 'Blocked', reason);
    return { cluster, outcome: 'skipped', reason, steps: [] };
  }
  const writer = auditedWriter(ctx, req, w.cluster, session);
  try {
    const report = await applyPlan(writer, steps);
    return { cluster, outcome: 'applied', steps: report.steps.map(stepOf) };
  } catch (err) {
    const report = err instanceof ApiError ? (err.details as ChangeReport | undefined) : undefined;
    if (!report?.steps) throw err;
    return {
      cluster,
      outcome: report.outcome === 'rolled-back' ? 'rolled-back' : 'failed',
      reason: report.message,
      steps: report.steps.map(stepOf),
    };
  }
}
