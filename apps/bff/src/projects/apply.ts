// Applies a plan step by step as the signed-in user; on the first failure, undoes what was done
// (newest first) and reports each step's fate.
import { ApiError } from '../errors.js';
import type { Actor, KubeClient } from '../kube-client.js';
import type { WriteObserver } from './audited.js';
import type { ChangeReport, ChangeStepReport } from './contract.js';
import { pathSegment } from './model.js';
import type { KubeObject, Step } from './plan.js';

interface KubeErrorBody {
  message?: string;
  reason?: string;
  metadata?: { resourceVersion?: string };
}

function pathOf(o: KubeObject, withName: boolean): string {
  const name = withName ? `/${pathSegment(o.metadata.name ?? '')}` : '';
  if (o.kind === 'Namespace') return `/api/v1/namespaces${name}`;
  const ns = encodeURIComponent(o.metadata.namespace ?? '');
  return `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings${name}`;
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
  ) {}

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
    const { status, body: answer } = await this.client.json<KubeObject & KubeErrorBody>(
      method,
      path,
      this.actor,
      body,
    );
    const failure =
      status >= 300
        ? new ApiError(status, answer.message ?? `HTTP ${status}`, answer.reason)
        : undefined;
    await this.observe?.(op, o, failure);
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

function reportOf(
  step: Step,
  status: ChangeStepReport['status'],
  error?: string,
): ChangeStepReport {
  return {
    op: step.op,
    kind: step.object.kind === 'Namespace' ? 'Namespace' : 'RoleBinding',
    ...(step.object.kind !== 'Namespace' ? { namespace: step.object.metadata.namespace } : {}),
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
      const code = err instanceof ApiError ? err.code : 502;
      const report: ChangeReport = rollbackFailed
        ? {
            outcome: 'partial',
            message: `step ${i + 1} of ${steps.length} failed (${failure}); ${done.length} completed step(s) remain (${opts.undo ? 'their undo failed' : 'they cannot be undone'}); the steps say which`,
            steps: reports,
          }
        : {
            outcome: 'rolled-back',
            message: `step ${i + 1} of ${steps.length} failed (${failure}); the ${done.length} completed step(s) were rolled back, nothing changed`,
            steps: reports,
          };
      throw new ApiError(
        code >= 400 && code < 600 ? code : 502,
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
