// A KubeWriter that writes an audit line for every write it makes as the user.
import type { Request } from 'express';
import type { Cluster } from '../clusters.js';
import type { BffContext } from '../context.js';
import { ApiError } from '../errors.js';
import { actorOf, type Session } from '../session/sessions.js';
import { KubeWriter } from './apply.js';
import type { KubeObject } from './plan.js';

const verbs: Record<string, string> = { create: 'create', update: 'update', delete: 'delete' };

export function auditedWriter(
  ctx: BffContext,
  req: Request,
  cluster: Cluster,
  session: Session,
): KubeWriter {
  return new KubeWriter(cluster.client, actorOf(session), async (op, o, outcome) => {
    const rbac = o.kind === 'RoleBinding';
    await ctx.audit.write({
      time: new Date().toISOString(),
      requestId: String(req.id),
      user: session.user.name,
      groups: session.user.groups,
      authMode: session.authMode,
      cluster: cluster.id,
      verb: verbs[op] ?? op,
      ...(rbac
        ? { apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings' }
        : { apiGroup: '', resource: 'namespaces' }),
      ...(rbac && o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      name: o.metadata.name,
      outcome:
        outcome instanceof ApiError
          ? {
              code: outcome.code,
              status: 'failure',
              ...(outcome.reason ? { reason: outcome.reason } : {}),
              message: outcome.message,
            }
          : { code: op === 'create' ? 201 : 200, status: 'success' },
    });
  });
}

export type WriteObserver = (
  op: 'create' | 'update' | 'delete',
  o: KubeObject,
  outcome: ApiError | undefined,
) => Promise<void>;
