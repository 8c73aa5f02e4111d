// Applies a plan step by step as the signed-in user; on the first failure, undoes what was done
// (newest first) and reports each step's fate. Transient failures of a write or an undo are retried
// first, so a momentary fault neither fails a change nor leaves part of it behind.
import { ApiError } from '../errors.js';
import type { Actor, KubeClient } from '../kube-client.js';
import type { WriteObserver } from './audited.js';
import type { ChangeReport, ChangeStepReport } from './contract.js';
import { pathSegment } from './model.js';
import type { KubeObject, Step } from './plan.js';
import { defaultRetry, withRetry, type RetryPolicy } from './retry.js';

interface KubeErrorBody {
  message?: string;
  reason?: string;
  metadata?: { resourceVersion?: string };
}

function pathOf(o: KubeObject, withName: boolean): string {
  const name = withName ? `/${pathSegment(o.metadata.name ?? '')}` : '';
  if (o.kind === 'Namespace') return `/api/v1/namespaces${name}`;
  if (o.kind === 'ClusterRoleBinding')
    return `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings${name}`;
  const ns = encodeURIComponent(o.metadata.namespace ?? '');
  return `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings${name}`;
}

function sameEntries(
  want: Record<string, string> | null | undefined,
  got: Record<string, string> | null | undefined,
): boolean {
  return Object.entries(want ?? {}).every(([k, v]) => got?.[k] === v);
}

/** Whether the object found is the one a write meant to leave (what it sets, not server fields). */
function matches(want: KubeObject, got: KubeObject): boolean {
  if (!sameEntries(want.metadata.labels, got.metadata.labels)) return false;
  if (!sameEntries(want.metadata.annotations, got.metadata.annotations)) return false;
  if (want.kind === 'Namespace' || got.kind === 'Namespace') return want.kind === got.kind;
  return (
    JSON.stringify(want.roleRef) === JSON.stringify(got.roleRef) &&
    JSON.stringify(want.subjects ?? []) === JSON.stringify(got.subjects ?? [])
  );
}

/** What a create sends: no server-owned fields from an object read earlier. */
function fresh(o: KubeObject): KubeObject {
  const metadata: Record<string, unknown> = { ...o.metadata };
  for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields'])
    delete metadata[k];
  return { ...o, metadata } as KubeObject;
}

export class KubeWriter {
  constructor(
    private readonly client: KubeClient,
    private readonly actor: Actor,
    private readonly observe?: WriteObserver,
    private readonly retry: RetryPolicy = defaultRetry,
    /** Told the final report of a change that failed, once its undo steps ran. */
    private readonly onFailedChange?: (report: ChangeReport, code: number) => Promise<void>,
  ) {}

  /** True while the steps run undo a failed change: their records say so. */
  rollingBack = false;

  async failedChange(report: ChangeReport, code: number): Promise<void> {
    await this.onFailedChange?.(report, code);
  }

  async create(o: KubeObject): Promise<KubeObject> {
    return this.call('create', o, 'POST', pathOf(o, false), fresh(o));
  }

  async update(o: KubeObject): Promise<KubeObject> {
    return this.call('update', o, 'PUT', pathOf(o, true), o);
  }

  /** Deletes only the version that was read (a concurrent change makes it a 409, not a lost write). */
  async delete(o: KubeObject): Promise<void> {
    const rv = (o.metadata as { resourceVersion?: string }).resourceVersion;
    await this.call('delete', o, 'DELETE', pathOf(o, true), {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      ...(rv ? { preconditions: { resourceVersion: rv } } : {}),
    });
  }

  private async call(
    op: 'create' | 'update' | 'delete',
    o: KubeObject,
    method: string,
    path: string,
    body: unknown,
  ): Promise<KubeObject> {
    const sent = await withRetry(
      () => this.client.json<KubeObject & KubeErrorBody>(method, path, this.actor, body),
      this.retry,
    );
    let { status, body: answer } = sent;
    // After a transient failure the write may have been applied all the same (a 500 or a timeout
    // after the change was stored): the retry then meets its own result, which counts as done.
    if (sent.retried && op === 'delete' && status === 404) status = 200;
    if (sent.retried && op !== 'delete' && status === 409) {
      const now = await withRetry(
        () => this.client.json<KubeObject & KubeErrorBody>('GET', pathOf(o, true), this.actor),
        this.retry,
      );
      if (now.status === 200 && matches(o, now.body)) ({ status, body: answer } = now);
    }
    const failure =
      status >= 300
        ? new ApiError(status, answer.message ?? `HTTP ${status}`, answer.reason)
        : undefined;
    await this.observe?.(op, o, failure, this.rollingBack);
    if (failure) throw failure;
    return answer;
  }
}

async function run(w: KubeWriter, step: Step): Promise<KubeObject | undefined> {
  if (step.op === 'create') return w.create(step.object);
  if (step.op === 'update') return w.update(step.object);
  await w.delete(step.object);
  return undefined;
}

/** Puts back what a done step changed; `result` is what the step left in the cluster. */
async function undo(w: KubeWriter, step: Step, result: KubeObject | undefined): Promise<void> {
  if (step.op === 'create' && result) return w.delete(result);
  if (step.op === 'delete') {
    await w.create(step.object);
    return;
  }
  if (step.op === 'update' && result) {
    const rv = (result.metadata as { resourceVersion?: string }).resourceVersion;
    await w.update({
      ...step.previous,
      metadata: { ...step.previous.metadata, resourceVersion: rv },
    } as KubeObject);
  }
}

const pastTense = { create: 'created', update: 'updated', delete: 'deleted' } as const;

function whatOf(step: Step): string {
  const o = step.object;
  if (o.kind === 'Namespace') return `Namespace ${o.metadata.name}`;
  if (o.kind === 'ClusterRoleBinding') return `ClusterRoleBinding ${o.metadata.name ?? ''}`;
  return `RoleBinding ${o.metadata.name ?? ''} in ${o.metadata.namespace ?? ''}`;
}

function reportOf(
  step: Step,
  status: ChangeStepReport['status'],
  error?: string,
): ChangeStepReport {
  return {
    op: step.op,
    // Objects read from a list carry no kind: those are RoleBindings.
    kind:
      step.object.kind === 'Namespace' || step.object.kind === 'ClusterRoleBinding'
        ? step.object.kind
        : 'RoleBinding',
    ...(step.object.kind !== 'Namespace' && step.object.kind !== 'ClusterRoleBinding'
      ? { namespace: step.object.metadata.namespace }
      : {}),
    name: step.object.metadata.name ?? '',
    description: step.description,
    status,
    ...(error ? { error } : {}),
  };
}

export async function applyPlan(
  w: KubeWriter,
  steps: Step[],
  opts: { undo: boolean } = { undo: true },
): Promise<ChangeReport> {
  const done: Array<{ step: Step; result: KubeObject | undefined }> = [];
  for (const [i, step] of steps.entries()) {
    try {
      done.push({ step, result: await run(w, step) });
    } catch (err) {
      const failure = (err as Error).message;
      const reports: ChangeStepReport[] = steps.map((s, j) =>
        j === i ? reportOf(s, 'failed', failure) : reportOf(s, j < i ? 'done' : 'not-run'),
      );
      let rollbackFailed = !opts.undo && done.length > 0;
      w.rollingBack = true;
      try {
        for (const d of opts.undo ? [...done].reverse() : []) {
          const index = steps.indexOf(d.step);
          try {
            await undo(w, d.step, d.result);
            reports[index] = reportOf(d.step, 'rolled-back');
          } catch (undoErr) {
            rollbackFailed = true;
            reports[index] = reportOf(d.step, 'rollback-failed', (undoErr as Error).message);
          }
        }
      } finally {
        w.rollingBack = false;
      }
      const code = err instanceof ApiError ? err.code : 502;
      // Exactly what is left in the cluster: each step done and not undone, named.
      const remains = steps.flatMap((s, j) =>
        reports[j]!.status === 'rollback-failed' || (!opts.undo && reports[j]!.status === 'done')
          ? [`${pastTense[s.op]} ${whatOf(s)}`]
          : [],
      );
      const undone = reports.filter((r) => r.status === 'rolled-back').length;
      const report: ChangeReport = rollbackFailed
        ? {
            outcome: 'partial',
            message: `step ${i + 1} of ${steps.length} failed (${failure}); ${opts.undo ? `${undone} completed step(s) were rolled back, but undoing ${remains.length} failed, so these remain` : `completed steps cannot be undone, so these remain`}: ${remains.join('; ')}`,
            steps: reports,
          }
        : {
            outcome: 'rolled-back',
            message: `step ${i + 1} of ${steps.length} failed (${failure}); the ${done.length} completed step(s) were rolled back, nothing changed`,
            steps: reports,
          };
      const answered = code >= 400 && code < 600 ? code : 502;
      await w.failedChange(report, answered);
      throw new ApiError(
        answered,
        report.message,
        err instanceof ApiError ? err.reason : undefined,
        report,
      );
    }
  }
  return {
    outcome: 'completed',
    message: `${steps.length} change(s) made`,
    steps: steps.map((s) => reportOf(s, 'done')),
  };
}
