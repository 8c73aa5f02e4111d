// Glue between the route table and the analysis: cluster lookup, session, subject identity.
import { validateRbacObject, type RbacObject } from '@gatehouse/policy';
import type { Request, Response } from 'express';
import { requireSession } from '../api.js';
import type { BffContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Cluster } from '../clusters.js';
import type { ClusterModel } from './cluster-model.js';
import { checkAccess } from './check.js';
import type {
  CheckQuery,
  DirectoryQuery,
  ImpactBody,
  MatrixQuery,
  RequestQuery,
  SubjectQuery,
  AccessCheckResponse,
  AccessMatrixResponse,
  ImpactResponse,
  RisksResponse,
  SubjectDirectoryResponse,
  SubjectViewResponse,
  WhoCanResponse,
} from './contract.js';
import { authorizationRequest } from './inputs.js';
import { accessMatrix, writeMatrixCsv } from './matrix.js';
import { impact, risks } from './risks.js';
import { subjectDirectory } from './directory.js';
import { subjectResolver } from './groups.js';
import { subjectView } from './subject.js';
import { whoCan } from './who-can.js';

function target(ctx: BffContext, req: Request): { cluster: Cluster; model: ClusterModel } {
  const id = String(req.params.cluster ?? '');
  const cluster = ctx.clusters.get(id);
  if (!cluster) throw new ApiError(404, `no cluster "${id}"`, 'NotFound');
  return { cluster, model: cluster.rbac };
}

export const analysisApi = {
  check(ctx: BffContext, q: CheckQuery, req: Request): Promise<AccessCheckResponse> {
    const session = requireSession(req);
    const { cluster, model } = target(ctx, req);
    return checkAccess(
      cluster,
      model,
      session,
      subjectResolver(cluster, session, ctx.state.signIns, q),
      q.subjectKind === 'Self',
      authorizationRequest(q),
    );
  },
  whoCan(ctx: BffContext, q: RequestQuery, req: Request): Promise<WhoCanResponse> {
    const session = requireSession(req);
    const { cluster, model } = target(ctx, req);
    return whoCan(cluster, model, session, authorizationRequest(q), ctx.state.signIns);
  },
  async matrix(
    ctx: BffContext,
    q: MatrixQuery,
    req: Request,
    res: Response,
  ): Promise<AccessMatrixResponse | undefined> {
    const session = requireSession(req);
    const { cluster, model } = target(ctx, req);
    const m = await accessMatrix(
      cluster,
      model,
      session,
      subjectResolver(cluster, session, ctx.state.signIns, q),
    );
    if (q.format === 'json') return m;
    const who = (m.user.name || m.user.groups[0] || 'subject').replace(/[^A-Za-z0-9._-]+/g, '_');
    writeMatrixCsv(res, m, `access-matrix-${cluster.id}-${who}.csv`, q);
    return undefined;
  },
  subject(ctx: BffContext, q: SubjectQuery, req: Request): Promise<SubjectViewResponse> {
    const session = requireSession(req);
    const { cluster, model } = target(ctx, req);
    return subjectView(
      cluster,
      model,
      session,
      subjectResolver(cluster, session, ctx.state.signIns, q),
    );
  },
  subjects(ctx: BffContext, q: DirectoryQuery, req: Request): Promise<SubjectDirectoryResponse> {
    const session = requireSession(req);
    const { cluster, model } = target(ctx, req);
    return subjectDirectory(cluster, model, session, ctx.state.signIns, q);
  },
  risks(ctx: BffContext, req: Request): Promise<RisksResponse> {
    const session = requireSession(req);
    const { cluster, model } = target(ctx, req);
    return risks(cluster, model, session);
  },
  impact(ctx: BffContext, body: ImpactBody, req: Request): Promise<ImpactResponse> {
    const session = requireSession(req);
    const { cluster, model } = target(ctx, req);
    const changes = 'changes' in body ? body.changes : [body];
    const proposed = changes.map((change, i) => {
      const where = changes.length > 1 ? ` (change ${i + 1})` : '';
      const { kind } = change.object;
      if ((kind === 'Role' || kind === 'RoleBinding') && !change.object.metadata.namespace)
        throw new ApiError(400, `a ${kind} needs metadata.namespace${where}`, 'BadRequest');
      const object = { apiVersion: 'rbac.authorization.k8s.io/v1', ...change.object };
      const validation = validateRbacObject(object);
      if (!validation.valid)
        throw new ApiError(
          400,
          `the proposed ${kind}${where} is not valid: ${validation.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
          'Invalid',
          validation.errors,
        );
      // validateRbacObject accepted it as an object of its kind.
      return { operation: change.operation, object: object as unknown as RbacObject };
    });
    return impact(cluster, model, session, proposed, ctx.state.signIns);
  },
};
