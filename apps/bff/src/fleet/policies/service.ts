// Route handlers for AccessPolicies: the policies live on the home cluster and are read and written
// there as the user; plans and applies go to every cluster as the user.
import { isDeepStrictEqual } from 'node:util';
import type { Request, Response } from 'express';
import { requireSession } from '../../api.js';
import type { Cluster } from '../../clusters.js';
import type { BffContext } from '../../context.js';
import { ApiError } from '../../errors.js';
import { UpstreamError } from '../../kube-client.js';
import { userMay } from '../../projects/read.js';
import { actorOf, type Session } from '../../session/sessions.js';
import { applyCluster } from './apply.js';
import {
  builtinLabel,
  policyApiVersion,
  policyGroup,
  policyKind,
  policyPlural,
  type AccessPolicy,
  type ApplyConflict,
  type ApplyResponse,
  type ClusterApplyResult,
  type PoliciesResponse,
  type PolicyDetail,
  type PolicyPlan,
  type PolicySpec,
  type StatusEntry,
} from './contract.js';
import type { PolicyInput } from './compile.js';
import { clusterWork, fleetPlan } from './plan.js';
import { liveStatus } from './status.js';

const collection = `/apis/${policyApiVersion}/${policyPlural}`;
const one = (name: string) => `${collection}/${encodeURIComponent(name)}`;

interface KubeAnswer {
  message?: string;
  reason?: string;
  details?: unknown;
}

type Verb = 'create' | 'update' | 'delete';

/** A call to the home cluster's AccessPolicies as the user; a write is audited, allowed or not. */
async function homeCall<T>(
  ctx: BffContext,
  req: Request,
  session: Session,
  method: string,
  path: string,
  write?: { verb: Verb; name: string; subresource?: string },
  body?: unknown,
): Promise<T> {
  const home = ctx.clusters.home;
  let status: number;
  let answer: T & KubeAnswer;
  try {
    ({ status, body: answer } = await home.client.json<T & KubeAnswer>(
      method,
      path,
      actorOf(session),
      body,
    ));
  } catch (err) {
    if (write && err instanceof UpstreamError)
      await auditWrite(ctx, req, session, write, err.code, err.reason, err.message);
    throw err;
  }
  if (write) await auditWrite(ctx, req, session, write, status, answer.reason, answer.message);
  if (status >= 300)
    throw new ApiError(
      status,
      answer.message ?? `HTTP ${status} from the home cluster`,
      answer.reason,
      answer.details,
    );
  return answer;
}

async function auditWrite(
  ctx: BffContext,
  req: Request,
  session: Session,
  write: { verb: Verb; name: string; subresource?: string },
  code: number,
  reason: string | undefined,
  message: string | undefined,
): Promise<void> {
  const ok = code < 300;
  await ctx.audit.write({
    time: new Date().toISOString(),
    requestId: String(req.id),
    user: session.user.name,
    groups: session.user.groups,
    authMode: session.authMode,
    cluster: ctx.clusters.home.id,
    verb: write.verb,
    apiGroup: policyGroup,
    resource: policyPlural,
    ...(write.subresource ? { subresource: write.subresource } : {}),
    name: write.name,
    outcome: ok
      ? { code, status: 'success' }
      : {
          code,
          status: code === 401 || code === 403 ? 'denied' : code >= 500 ? 'failure' : 'rejected',
          ...(reason ? { reason } : {}),
          ...(message ? { message } : {}),
        },
  });
}

function isBuiltin(p: AccessPolicy): boolean {
  return p.metadata.labels?.[builtinLabel] === 'true';
}

function inputOf(p: AccessPolicy): PolicyInput {
  return { name: p.metadata.name, generation: p.metadata.generation, spec: p.spec };
}

async function readPolicy(
  ctx: BffContext,
  req: Request,
  session: Session,
  name: string,
): Promise<AccessPolicy> {
  return homeCall<AccessPolicy>(ctx, req, session, 'GET', one(name));
}

function refuseBuiltin(p: AccessPolicy, what: string): void {
  if (isBuiltin(p))
    throw new ApiError(
      403,
      `"${p.metadata.name}" is a built-in policy: it cannot be ${what}; create a policy from it instead`,
      'Forbidden',
    );
}

const may = (ctx: BffContext, session: Session, verb: string, name?: string) =>
  userMay(ctx.clusters.home, session, {
    verb,
    group: policyGroup,
    resource: policyPlural,
    ...(name ? { name } : {}),
  });

function storedEntry(p: AccessPolicy, cluster: string): StatusEntry | undefined {
  return p.status?.clusters?.find((c) => c.cluster === cluster);
}

async function liveOf(
  ctx: BffContext,
  session: Session,
  p: AccessPolicy,
  withDrift: boolean,
): Promise<PolicyDetail['clusters']> {
  const input = inputOf(p);
  return Promise.all(
    ctx.clusters.list.map(async (c: Cluster) => {
      const w = await clusterWork(c, session, input, false);
      return liveStatus(
        w,
        input.generation,
        storedEntry(p, c.id),
        p.status?.observedGeneration,
        withDrift,
      );
    }),
  );
}

export async function listPolicies(ctx: BffContext, req: Request): Promise<PoliciesResponse> {
  const session = requireSession(req);
  const [list, canCreate] = await Promise.all([
    homeCall<{ items?: AccessPolicy[] }>(ctx, req, session, 'GET', collection),
    may(ctx, session, 'create'),
  ]);
  const items = (list.items ?? []).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const policies = await Promise.all(
    items.map(async (p) => ({
      name: p.metadata.name,
      ...(p.spec.description !== undefined ? { description: p.spec.description } : {}),
      builtin: isBuiltin(p),
      generation: p.metadata.generation,
      subjects: p.spec.subjects,
      statementCount: p.spec.statements.length,
      // Built-ins are templates: never applied, nothing to check on the clusters.
      clusters: isBuiltin(p) ? [] : await liveOf(ctx, session, p, false),
    })),
  );
  return { policies, canCreate };
}

export async function policyDetail(
  ctx: BffContext,
  req: Request,
  name: string,
): Promise<PolicyDetail> {
  const session = requireSession(req);
  const p = await readPolicy(ctx, req, session, name);
  const builtin = isBuiltin(p);
  const [canUpdate, canRemove, clusters] = await Promise.all([
    may(ctx, session, 'update', name),
    may(ctx, session, 'delete', name),
    builtin ? Promise.resolve([]) : liveOf(ctx, session, p, true),
  ]);
  return {
    policy: p,
    builtin,
    canEdit: canUpdate && !builtin,
    canDelete: canRemove && !builtin,
    clusters,
  };
}

export async function createPolicy(
  ctx: BffContext,
  req: Request,
  res: Response,
  body: { name: string; spec: PolicySpec },
): Promise<AccessPolicy> {
  const session = requireSession(req);
  const created = await homeCall<AccessPolicy>(
    ctx,
    req,
    session,
    'POST',
    collection,
    { verb: 'create', name: body.name },
    {
      apiVersion: policyApiVersion,
      kind: policyKind,
      metadata: { name: body.name },
      spec: body.spec,
    },
  );
  res.status(201);
  return created;
}

export async function updatePolicy(
  ctx: BffContext,
  req: Request,
  name: string,
  body: { spec: PolicySpec; resourceVersion: string },
): Promise<AccessPolicy> {
  const session = requireSession(req);
  const current = await readPolicy(ctx, req, session, name);
  refuseBuiltin(current, 'changed');
  return homeCall<AccessPolicy>(
    ctx,
    req,
    session,
    'PUT',
    one(name),
    { verb: 'update', name },
    {
      ...current,
      metadata: { ...current.metadata, resourceVersion: body.resourceVersion },
      spec: body.spec,
    },
  );
}

/** The policy a plan request is about: the saved one, or a draft (generation as saving would make it). */
async function subjectOf(
  ctx: BffContext,
  req: Request,
  session: Session,
  body: { name?: string; spec?: PolicySpec; remove?: boolean },
): Promise<PolicyInput> {
  const saved = body.name ? await readPolicyOrNone(ctx, req, session, body.name) : undefined;
  if (body.remove) {
    if (!saved) throw new ApiError(404, `no AccessPolicy "${body.name ?? ''}"`, 'NotFound');
    refuseBuiltin(saved, 'deleted');
    return inputOf(saved);
  }
  if (!body.spec) {
    if (!saved) throw new ApiError(404, `no AccessPolicy "${body.name ?? ''}"`, 'NotFound');
    return inputOf(saved);
  }
  const generation = saved
    ? saved.metadata.generation + (isDeepStrictEqual(saved.spec, body.spec) ? 0 : 1)
    : 1;
  return { name: body.name ?? 'draft', generation, spec: body.spec };
}

async function readPolicyOrNone(
  ctx: BffContext,
  req: Request,
  session: Session,
  name: string,
): Promise<AccessPolicy | undefined> {
  try {
    return await readPolicy(ctx, req, session, name);
  } catch (err) {
    if (err instanceof ApiError && err.code === 404) return undefined;
    throw err;
  }
}

export async function planPolicy(
  ctx: BffContext,
  req: Request,
  body: { name?: string; spec?: PolicySpec; remove?: boolean },
): Promise<PolicyPlan> {
  const session = requireSession(req);
  const policy = await subjectOf(ctx, req, session, body);
  const { plan } = await fleetPlan(ctx, session, policy, {
    remove: body.remove === true,
    withImpact: true,
    ...(body.name !== undefined ? { name: body.name } : {}),
  });
  return plan;
}

function statusAfter(
  p: AccessPolicy,
  results: ClusterApplyResult[],
  targeted: Map<string, boolean>,
  user: string,
): StatusEntry[] {
  const now = new Date().toISOString();
  const g = p.metadata.generation;
  return results.flatMap((r): StatusEntry[] => {
    const prev = storedEntry(p, r.cluster);
    if (!targeted.get(r.cluster) && (r.outcome === 'applied' || r.outcome === 'unchanged'))
      return [];
    const applied = { cluster: r.cluster, appliedGeneration: g, pendingNamespaces: [] };
    if (r.outcome === 'applied')
      return [{ ...applied, state: 'Applied', lastAppliedBy: user, lastAppliedAt: now }];
    if (r.outcome === 'unchanged')
      return [
        prev?.appliedGeneration === g && prev.lastAppliedBy
          ? { ...prev, ...applied, state: 'Applied', message: '' }
          : { ...applied, state: 'Applied', lastAppliedBy: user, lastAppliedAt: now },
      ];
    const kept = prev ? { ...prev } : { cluster: r.cluster };
    if (r.outcome === 'skipped')
      return [
        {
          ...kept,
          state: prev && prev.appliedGeneration === g ? prev.state : 'NotApplied',
          message: r.reason ?? '',
        },
      ];
    return [{ ...kept, state: 'Failed', message: r.reason ?? '' }];
  });
}

export async function applyPolicy(
  ctx: BffContext,
  req: Request,
  res: Response,
  name: string,
  body: { digest: string; remove?: boolean },
): Promise<ApplyResponse | undefined> {
  const session = requireSession(req);
  const remove = body.remove === true;
  const p = await readPolicy(ctx, req, session, name);
  if (isBuiltin(p)) refuseBuiltin(p, remove ? 'deleted' : 'applied');
  const { plan, work } = await fleetPlan(ctx, session, inputOf(p), {
    remove,
    withImpact: false,
    name,
  });
  if (plan.digest !== body.digest) {
    const { plan: fresh } = await fleetPlan(ctx, session, inputOf(p), {
      remove,
      withImpact: true,
      name,
    });
    const answer: ApplyConflict = {
      error: {
        message: 'the plan changed since it was shown: review the new plan and apply it',
        reason: 'Conflict',
        code: 409,
      },
      plan: fresh,
    };
    res.status(409).json(answer);
    return undefined;
  }
  const results = await Promise.all(work.map((w) => applyCluster(ctx, req, session, w)));
  if (remove && results.every((r) => r.outcome === 'applied' || r.outcome === 'unchanged')) {
    await homeCall(
      ctx,
      req,
      session,
      'DELETE',
      one(name),
      { verb: 'delete', name },
      {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        preconditions: { resourceVersion: p.metadata.resourceVersion },
      },
    );
    return { clusters: results, deleted: true };
  }
  const targeted = new Map(work.map((w) => [w.cluster.id, w.plan.targeted && !remove]));
  const status = {
    observedGeneration: p.metadata.generation,
    clusters: statusAfter(p, results, targeted, session.user.name),
  };
  try {
    const written = await writeStatus(ctx, req, session, p, status);
    return {
      clusters: results,
      policy: written.status ?? status,
      ...(remove ? { deleted: false } : {}),
    };
  } catch (err) {
    return {
      clusters: results,
      statusError: (err as Error).message,
      ...(remove ? { deleted: false } : {}),
    };
  }
}

async function writeStatus(
  ctx: BffContext,
  req: Request,
  session: Session,
  p: AccessPolicy,
  status: NonNullable<AccessPolicy['status']>,
): Promise<AccessPolicy> {
  const write = { verb: 'update' as const, name: p.metadata.name, subresource: 'status' };
  const put = (o: AccessPolicy) =>
    homeCall<AccessPolicy>(ctx, req, session, 'PUT', `${one(p.metadata.name)}/status`, write, {
      ...o,
      status,
    });
  try {
    return await put(p);
  } catch (err) {
    // Someone changed it meanwhile (another status write): write ours over the fresh object.
    if (!(err instanceof ApiError) || err.code !== 409) throw err;
    return put(await readPolicy(ctx, req, session, p.metadata.name));
  }
}
