// Fleet projects (issue 16 item 5): the same-named project on several clusters, each cluster's
// project record the source of truth there. Everything is read and written per cluster exactly as
// the single-cluster project routes do (../../projects/), as the signed-in user; a collaborator change
// is planned on every cluster, then applied cluster by cluster, and a failure on one rolls back the
// clusters already changed (applyUndoable), so the fleet is never left half-changed.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { requireSession } from '../../api.js';
import { auditStatusOf } from '../../audit.js';
import type { Cluster } from '../../clusters.js';
import type { BffContext } from '../../context.js';
import { ApiError } from '../../errors.js';
import { UpstreamError } from '../../kube-client.js';
import { kubeconfigYamlOf, type FileSpec } from '../../kubeconfig/file.js';
import { revoke } from '../../kubeconfig/identity.js';
import {
  issueProjectFile,
  requireFromConsole,
  revokeEndedMemberships,
  sendKubeconfig,
} from '../../kubeconfig/service.js';
import { applyUndoable, type UndoableChange } from '../../projects/apply.js';
import { auditedWriter } from '../../projects/audited.js';
import type { CollaboratorSubject } from '../../projects/contract.js';
import { collaboratorsOf, sameSubject } from '../../projects/model.js';
import {
  planCollaboratorChange,
  type CollaboratorChange,
  type KubeObject,
  type ProjectState,
  type Step,
} from '../../projects/plan.js';
import { projectNamespaces, readProject, requireVisible } from '../../projects/read.js';
import {
  levelsOf,
  projectDetail,
  projectsOn,
  requireGrantable,
  type VisibleProject,
} from '../../projects/service.js';
import { actorOf, type Session } from '../../session/sessions.js';
import type {
  FleetChangeReport,
  FleetClusterResult,
  FleetCollaboratorChange,
  FleetPlan,
  FleetPlanCluster,
  FleetPlanStep,
  FleetProjectDetail,
  FleetProjectDetailOnCluster,
  FleetProjectOnCluster,
  FleetProjectsResponse,
} from './contract.js';

type Problem = {
  state: 'no-access' | 'unreachable';
  message: string;
  code: number;
  reason?: string;
};

/** A cluster's failure as the person is told it: unreachable (and why) or no access (the reason). */
function problemOf(cluster: Cluster, err: unknown): Problem {
  if (err instanceof UpstreamError)
    return { state: 'unreachable', message: err.message, code: err.code, reason: err.reason };
  if (err instanceof ApiError && err.code < 500)
    return {
      state: 'no-access',
      message: err.message,
      code: err.code,
      ...(err.reason ? { reason: err.reason } : {}),
    };
  // The BFF's own 5xx texts name internal paths: the person is told the kind of failure.
  return {
    state: 'unreachable',
    message: `cluster "${cluster.name}" did not give the BFF an answer it could use`,
    code: 502,
    reason: 'ServiceUnavailable',
  };
}

/**
 * Why the person may not see a project that exists on the cluster: the API server's own answer when
 * they ask, as themselves, for the project's home namespace (a 403 says so whether or not it exists).
 */
async function noAccessReason(
  cluster: Cluster,
  session: Session,
  project: string,
): Promise<string> {
  try {
    const { status, body } = await cluster.client.json<{ message?: string }>(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(project)}`,
      actorOf(session),
    );
    if (status >= 400 && body.message) return body.message;
  } catch (err) {
    return problemOf(cluster, err).message;
  }
  return `you are not a collaborator of ${project} on cluster "${cluster.name}"`;
}

/** Whether the project exists on the cluster (read by the BFF, as the single-cluster routes do). */
async function existsOn(cluster: Cluster, project: string): Promise<boolean> {
  return (await projectNamespaces(cluster, project)).length > 0;
}

const none = { namespaces: [], myLevels: [], collaborators: [] };

export async function listFleetProjects(
  ctx: BffContext,
  req: Request,
): Promise<FleetProjectsResponse> {
  const session = requireSession(req);
  const clusters = ctx.clusters.list;
  const levels = levelsOf(ctx);
  type Seen =
    | { cluster: Cluster; existing: Set<string>; visible: VisibleProject[] }
    | { cluster: Cluster; problem: Problem };
  const seen = await Promise.all(
    clusters.map(async (c): Promise<Seen> => {
      try {
        return { cluster: c, ...(await projectsOn(ctx, session, c)) };
      } catch (err) {
        return { cluster: c, problem: problemOf(c, err) };
      }
    }),
  );
  const names = [
    ...new Set(seen.flatMap((s) => ('visible' in s ? s.visible.map((p) => p.name) : []))),
  ].sort();
  const projects = await Promise.all(
    names.map(async (name) => {
      const on: FleetProjectOnCluster[] = [];
      for (const s of seen) {
        const cluster = s.cluster.id;
        if (!('visible' in s)) {
          on.push({ cluster, state: 'unreachable', message: s.problem.message, ...none });
          continue;
        }
        const v: VisibleProject | undefined = s.visible.find((p) => p.name === name);
        if (v) {
          const mine = collaboratorsOf(name, v.namespaces, v.state.bindings, levels);
          on.push({
            cluster,
            state: 'ok',
            namespaces: v.namespaces,
            ...(v.unverified.length ? { unverifiedNamespaces: v.unverified } : {}),
            myLevels: levelsOfPerson(v.state, session),
            collaborators: mine,
          });
        } else if (s.existing.has(name)) {
          const message = await noAccessReason(s.cluster, session, name);
          on.push({ cluster, state: 'no-access', message, ...none });
        }
      }
      return { name, clusters: on };
    }),
  );
  return {
    clusters: seen.map((s) => ({
      id: s.cluster.id,
      name: s.cluster.name,
      reachable: !('problem' in s && s.problem.state === 'unreachable'),
      ...('problem' in s ? { message: s.problem.message } : {}),
    })),
    projects,
  };
}

function levelsOfPerson(state: ProjectState, session: Session): string[] {
  const mine = collaboratorsOf(
    state.project,
    state.namespaces,
    state.bindings,
    state.levels,
  ).filter((c) =>
    c.subject.kind === 'User'
      ? c.subject.name === session.user.name
      : session.user.groups.includes(c.subject.name),
  );
  return [...new Set(mine.map((c) => c.level))];
}

export function fleetKubeconfigUrl(project: string): string {
  return `/api/fleet/projects/${encodeURIComponent(project)}/kubeconfig`;
}

export async function fleetProjectDetail(
  ctx: BffContext,
  req: Request,
  name: string,
): Promise<FleetProjectDetail> {
  const session = requireSession(req);
  const clusters: FleetProjectDetailOnCluster[] = [];
  for (const c of ctx.clusters.list) {
    try {
      if (!(await existsOn(c, name))) continue;
    } catch (err) {
      clusters.push({ cluster: c.id, state: 'unreachable', message: problemOf(c, err).message });
      continue;
    }
    try {
      clusters.push({
        cluster: c.id,
        state: 'ok',
        project: await projectDetail(ctx, req, c.id, name),
      });
    } catch (err) {
      const p = problemOf(c, err);
      const message =
        err instanceof ApiError && err.code === 404
          ? await noAccessReason(c, session, name)
          : p.message;
      clusters.push({ cluster: c.id, state: p.state, message });
    }
  }
  // Who sees the project on no cluster is told it does not exist, as on one cluster.
  if (!clusters.some((c) => c.state === 'ok'))
    throw new ApiError(404, `project "${name}" not found on any cluster`, 'NotFound');
  return {
    name,
    clusters,
    levels: levelsOf(ctx),
    kubeconfigClusters: clusters.flatMap((c) =>
      c.project && c.project.myLevels.length > 0 ? [c.cluster] : [],
    ),
    kubeconfigUrl: fleetKubeconfigUrl(name),
  };
}

// --- Plans ---

interface ClusterPlan {
  cluster: Cluster;
  out: FleetPlanCluster;
  steps: Step[];
  /** What the plan was made from: any change to it changes the digest. */
  read: unknown;
}

function toChange(change: FleetCollaboratorChange): CollaboratorChange {
  if (change.kind === 'invite')
    return {
      kind: 'invite',
      subjects: change.subjects,
      level: change.level,
      ...(change.expiresAt ? { expiresAt: change.expiresAt } : {}),
    };
  if (change.kind === 'change-level')
    return { kind: 'change-level', subject: change.subject, level: change.level };
  return { kind: 'remove', subject: change.subject };
}

function describe(s: CollaboratorSubject): string {
  return s.kind === 'Group' ? `group ${s.name}` : s.name;
}

function shapeOf(o: KubeObject): FleetPlanStep['after'] {
  if (!('roleRef' in o)) return undefined;
  return {
    clusterRole: o.roleRef.name,
    subjects: (o.subjects ?? []).map((s) => ({ kind: s.kind, name: s.name })),
  };
}

function stepOf(step: Step): FleetPlanStep {
  const o = step.object;
  const isNs = o.kind === 'Namespace';
  const before =
    step.op === 'update' ? shapeOf(step.previous) : step.op === 'delete' ? shapeOf(o) : undefined;
  const after = step.op === 'delete' ? undefined : shapeOf(o);
  return {
    op: step.op,
    kind: isNs ? 'Namespace' : 'RoleBinding',
    ...(!isNs && o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name ?? '',
    description: step.description,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
  };
}

/** The step as the digest sees it: no timestamps, no freshly drawn identity names. */
function stableStep(s: FleetPlanStep): unknown {
  const people = (b: FleetPlanStep['after']) =>
    b && { ...b, subjects: b.subjects.filter((x) => x.kind !== 'ServiceAccount') };
  return {
    op: s.op,
    namespace: s.namespace,
    name: s.name,
    before: people(s.before),
    after: people(s.after),
  };
}

/** One cluster's plan, made fresh as the person; undefined where the project does not exist. */
async function planOn(
  ctx: BffContext,
  session: Session,
  cluster: Cluster,
  name: string,
  change: FleetCollaboratorChange,
  now: Date,
): Promise<ClusterPlan | undefined> {
  const id = cluster.id;
  const blocked = (
    status: FleetPlanCluster['status'],
    p: { message: string; code?: number; reason?: string },
  ): ClusterPlan => ({
    cluster,
    out: {
      cluster: id,
      status,
      message: p.message,
      ...(p.code !== undefined ? { code: p.code } : {}),
      ...(p.reason ? { reason: p.reason } : {}),
      steps: [],
    },
    steps: [],
    read: { status, message: p.message },
  });
  let state: ProjectState;
  try {
    if (!(await existsOn(cluster, name))) return undefined;
    state = await readProject(cluster, name, levelsOf(ctx));
  } catch (err) {
    const p = problemOf(cluster, err);
    return blocked(p.state, p);
  }
  try {
    await requireVisible(cluster, session, state);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 404)) {
      const p = problemOf(cluster, err);
      return blocked(p.state, p);
    }
    return blocked('no-access', {
      message: await noAccessReason(cluster, session, name),
      code: 403,
      reason: 'Forbidden',
    });
  }
  const read = {
    namespaces: state.namespaces,
    record: state.home?.metadata.resourceVersion,
    bindings: state.bindings
      .map(
        (b) =>
          `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}@${b.metadata.resourceVersion ?? ''}`,
      )
      .sort(),
  };
  const unchanged = (message: string): ClusterPlan => ({
    cluster,
    out: { cluster: id, status: 'unchanged', message, steps: [] },
    steps: [],
    read: { ...read, unchanged: message },
  });
  const collaborators = collaboratorsOf(name, state.namespaces, state.bindings, state.levels);
  const at = (s: CollaboratorSubject, level: string) => {
    const held = collaborators.filter((c) => sameSubject(s, c.subject));
    return held.length === 1 && held[0]!.level === level && held[0]!.complete;
  };
  let planned = toChange(change);
  if (planned.kind === 'invite') {
    // Whoever already holds exactly this level here is left as they are.
    const level = planned.level;
    const rest = planned.subjects.filter((s) => !at(s, level));
    if (rest.length === 0)
      return unchanged(`${planned.subjects.map(describe).join(', ')} already ${level} here`);
    planned = { ...planned, subjects: rest };
  }
  if (
    planned.kind !== 'invite' &&
    !collaborators.some((c) => sameSubject(planned.subject, c.subject))
  )
    return unchanged(`${describe(planned.subject)} is not a collaborator of ${name} here`);
  if (planned.kind === 'change-level' && at(planned.subject, planned.level))
    return unchanged(`${describe(planned.subject)} is already ${planned.level} here`);
  const plan = planCollaboratorChange(state, planned, session.user, now);
  if (!plan.ok) return blocked('refused', plan);
  if (planned.kind !== 'remove') {
    try {
      await requireGrantable(cluster, session, state.namespaces, planned.level, state.levels);
    } catch (err) {
      const p = problemOf(cluster, err);
      return blocked(p.state === 'unreachable' ? 'unreachable' : 'refused', p);
    }
  }
  const steps = plan.steps.map(stepOf);
  return {
    cluster,
    out: { cluster: id, status: 'ready', steps },
    steps: plan.steps,
    read: { ...read, steps: steps.map(stableStep) },
  };
}

async function planFleet(
  ctx: BffContext,
  session: Session,
  name: string,
  change: FleetCollaboratorChange,
): Promise<{ plan: FleetPlan; parts: ClusterPlan[] }> {
  const now = new Date();
  const parts = (
    await Promise.all(ctx.clusters.list.map((c) => planOn(ctx, session, c, name, change, now)))
  ).filter((p): p is ClusterPlan => p !== undefined);
  // Who sees the project nowhere is told it does not exist, as on one cluster.
  if (!parts.some((p) => p.out.status !== 'no-access' && p.out.status !== 'unreachable'))
    throw new ApiError(404, `project "${name}" not found on any cluster`, 'NotFound');
  const blocking = parts.filter((p) => !['ready', 'unchanged'].includes(p.out.status));
  const ready = parts.filter((p) => p.out.status === 'ready');
  const applicable = blocking.length === 0 && ready.length > 0;
  const message = blocking.length
    ? `cannot be applied: ${blocking.map((p) => `on ${p.cluster.id}, ${p.out.message ?? p.out.status}`).join('; ')}`
    : ready.length === 0
      ? 'nothing to change on any cluster'
      : `${ready.reduce((n, p) => n + p.steps.length, 0)} change(s) on ${ready.map((p) => p.cluster.id).join(', ')}`;
  const digest = createHash('sha256')
    .update(
      JSON.stringify({
        name,
        change,
        clusters: parts.map((p) => [p.cluster.id, p.out.status, p.read]),
      }),
    )
    .digest('hex');
  return {
    plan: { project: name, applicable, message, clusters: parts.map((p) => p.out), digest },
    parts,
  };
}

export async function planFleetChange(
  ctx: BffContext,
  req: Request,
  name: string,
  change: FleetCollaboratorChange,
): Promise<FleetPlan> {
  return (await planFleet(ctx, requireSession(req), name, change)).plan;
}

/** A cluster's own answer for an HTTP status: a cluster's 5xx is a bad gateway for the BFF. */
const answerCode = (code: number) => (code >= 400 && code < 500 ? code : 502);

export async function applyFleetChange(
  ctx: BffContext,
  req: Request,
  name: string,
  change: FleetCollaboratorChange,
  digest: string,
): Promise<FleetChangeReport> {
  const session = requireSession(req);
  const { plan, parts } = await planFleet(ctx, session, name, change);
  const audit = (cluster: Cluster, code: number, reason: string, message: string) =>
    ctx.audit.write({
      time: new Date().toISOString(),
      requestId: String(req.id),
      user: session.user.name,
      groups: session.user.groups,
      authMode: session.authMode,
      cluster: cluster.id,
      verb: 'apply',
      path: req.originalUrl.split('?')[0] ?? '',
      outcome: { code, status: auditStatusOf(code), reason, message },
    });
  if (plan.digest !== digest)
    throw new ApiError(
      409,
      'the plan changed since it was read (a cluster’s project or its bindings changed): review the new plan and apply it',
      'Conflict',
      plan,
    );
  if (!plan.applicable) {
    const first = parts.find((p) => !['ready', 'unchanged'].includes(p.out.status));
    for (const p of parts)
      if (p.out.status !== 'ready' && p.out.status !== 'unchanged')
        await audit(
          p.cluster,
          p.out.code ?? 409,
          p.out.reason ?? 'Conflict',
          p.out.message ?? p.out.status,
        );
    throw new ApiError(
      first ? answerCode(first.out.code ?? 409) : 409,
      `nothing was changed: the change ${plan.message}`,
      first?.out.reason ?? 'Conflict',
      plan,
    );
  }
  const results: FleetClusterResult[] = parts.map((p) =>
    p.out.status === 'unchanged'
      ? {
          cluster: p.cluster.id,
          status: 'unchanged',
          ...(p.out.message ? { message: p.out.message } : {}),
        }
      : { cluster: p.cluster.id, status: 'not-run' },
  );
  const done: Array<{ index: number; change: UndoableChange }> = [];
  for (const [index, p] of parts.entries()) {
    if (p.out.status !== 'ready') continue;
    try {
      const applied = await applyUndoable(auditedWriter(ctx, req, p.cluster, session), p.steps);
      done.push({ index, change: applied });
      results[index] = { cluster: p.cluster.id, status: 'applied', report: applied.report };
    } catch (err) {
      const e = err instanceof ApiError ? err : undefined;
      const code = e?.code ?? 502;
      const message = (err as Error).message;
      const local = e?.details as FleetClusterResult['report'];
      results[index] = {
        cluster: p.cluster.id,
        status: local?.outcome === 'partial' ? 'rollback-failed' : 'failed',
        message,
        code,
        ...(e?.reason ? { reason: e.reason } : {}),
        ...(local ? { report: local } : {}),
      };
      const cause = { message: `cluster ${p.cluster.id} failed (${message})`, code };
      for (const d of [...done].reverse()) {
        const undone = await d.change.undo(cause);
        results[d.index] = {
          cluster: parts[d.index]!.cluster.id,
          status: undone.outcome === 'partial' ? 'rollback-failed' : 'rolled-back',
          message: undone.message,
          report: undone,
        };
      }
      for (const [j, r] of results.entries())
        if (r.status === 'not-run')
          results[j] = { ...r, message: `not tried: cluster ${p.cluster.id} failed first` };
      const partial = results.some((r) => r.status === 'rollback-failed');
      const summary = partial
        ? `cluster ${p.cluster.id} failed (${message}) and undoing did not complete everywhere: see each cluster for what remains`
        : `cluster ${p.cluster.id} failed (${message}); ${done.length ? `${done.map((d) => parts[d.index]!.cluster.id).join(', ')} rolled back, ` : ''}nothing changed on any cluster`;
      const report: FleetChangeReport = {
        outcome: partial ? 'partial' : 'rolled-back',
        message: summary,
        clusters: results,
      };
      throw new ApiError(answerCode(code), summary, e?.reason, report);
    }
  }
  // Removals may end memberships: each cluster revokes the files of identities no binding names.
  if (change.kind === 'remove')
    for (const d of done) {
      const r = results[d.index]!;
      r.report = await revokeEndedMemberships(ctx, req, parts[d.index]!.cluster, name, r.report!);
    }
  const applied = results.filter((r) => r.status === 'applied').map((r) => r.cluster);
  return {
    outcome: 'completed',
    message: `applied on ${applied.join(', ')}`,
    clusters: results,
    ...(change.kind === 'invite'
      ? { kubeconfigLink: `${ctx.publicOrigin()}/fleet/projects/${encodeURIComponent(name)}` }
      : {}),
  };
}

// --- Kubeconfig ---

/**
 * One file with a context per cluster where the person is a collaborator (named after the
 * cluster), each with its own per-person credential issued there as the single-cluster download
 * does. All or nothing: when issuing fails on one cluster, the files issued on the others are revoked.
 */
export async function downloadFleetKubeconfig(
  ctx: BffContext,
  req: Request,
  res: Response,
  name: string,
  query: { expirationSeconds?: number },
): Promise<void> {
  const session = requireSession(req);
  requireFromConsole(ctx, req);
  const seconds = query.expirationSeconds ?? ctx.config.kubeconfigFiles.tokenSeconds;
  const parts: Array<{ cluster: Cluster; spec: FileSpec; secret?: string }> = [];
  const undo = async () => {
    for (const p of parts)
      if (p.secret)
        await revoke(p.cluster, session.user.name, [p.secret]).catch((err: unknown) =>
          req.log.warn({ err, cluster: p.cluster.id }, 'fleet kubeconfig: revoking a part failed'),
        );
  };
  for (const c of ctx.clusters.list) {
    try {
      if (!(await existsOn(c, name))) continue;
      const { spec, issued } = await issueProjectFile(ctx, req, session, c, name, {
        seconds,
        context: c.id,
      });
      parts.push({ cluster: c, spec, ...(issued ? { secret: issued.secretName } : {}) });
    } catch (err) {
      // Not a collaborator there (or may not know of the project): no context for that cluster.
      if (err instanceof ApiError && (err.code === 403 || err.code === 404)) continue;
      await undo();
      if (err instanceof ApiError)
        throw new ApiError(err.code, `cluster ${c.id}: ${err.message}`, err.reason);
      throw err;
    }
  }
  if (parts.length === 0)
    throw new ApiError(
      404,
      `you are not a collaborator of ${name} on any cluster; ask one of its admins to invite you`,
      'NotFound',
    );
  sendKubeconfig(res, `fleet-${name}`, kubeconfigYamlOf(parts.map((p) => p.spec)));
}
