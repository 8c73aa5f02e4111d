// A KubeWriter that writes an audit line for every write it makes as the user.
import type { Request } from 'express';
import type { Cluster } from '../clusters.js';
import { auditStatusOf } from '../audit.js';
import type { BffContext } from '../context.js';
import { ApiError } from '../errors.js';
import { actorOf, type Session } from '../session/sessions.js';
import { KubeWriter } from './apply.js';
import type { ChangeReport } from './contract.js';
import type { KubeObject } from './plan.js';

const verbs: Record<string, string> = { create: 'create', update: 'update', delete: 'delete' };

export function auditedWriter(
  ctx: BffContext,
  req: Request,
  cluster: Cluster,
  session: Session,
): KubeWriter {
  const who = {
    requestId: String(req.id),
    user: session.user.name,
    groups: session.user.groups,
    authMode: session.authMode,
    cluster: cluster.id,
  };
  const observe: WriteObserver = async (op, o, outcome, rollback) => {
    // Objects read from a list carry no kind: a RoleBinding is told by its roleRef.
    const rbac = o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding' || 'roleRef' in o;
    const resource = o.kind === 'ClusterRoleBinding' ? 'clusterrolebindings' : 'rolebindings';
    await ctx.audit.write({
      time: new Date().toISOString(),
      ...who,
      verb: verbs[op] ?? op,
      ...(rollback ? { rollback: true } : {}),
      ...(rbac
        ? { apiGroup: 'rbac.authorization.k8s.io', resource }
        : { apiGroup: '', resource: 'namespaces' }),
      ...(rbac && o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      name: o.metadata.name,
      outcome:
        outcome instanceof ApiError
          ? {
              code: outcome.code,
              status: auditStatusOf(outcome.code),
              ...(outcome.reason ? { reason: outcome.reason } : {}),
              message: outcome.message,
            }
          : { code: op === 'create' ? 201 : 200, status: 'success' },
    });
  };
  // The change as a whole: one final record once its undo steps ran, so a rolled-back or partial
  // change reads as such and not as the ordinary writes and deletes it is made of.
  const failedChange = async (report: ChangeReport, code: number) => {
    await ctx.audit.write({
      time: new Date().toISOString(),
      ...who,
      verb: 'apply',
      rollback: true,
      path: req.originalUrl.split('?')[0] ?? '',
      outcome: {
        code,
        // Partial: something could not be undone. Rolled back: refused as a whole, nothing changed.
        status: report.outcome === 'partial' ? 'failure' : auditStatusOf(code),
        reason: report.outcome === 'partial' ? 'PartiallyApplied' : 'RolledBack',
        message: report.message,
      },
    });
  };
  return new KubeWriter(cluster.client, actorOf(session), observe, undefined, failedChange);
}

export type WriteObserver = (
  op: 'create' | 'update' | 'delete',
  o: KubeObject,
  outcome: ApiError | undefined,
  /** The write undoes a step of a change that failed. */
  rollback: boolean,
) => Promise<void>;
