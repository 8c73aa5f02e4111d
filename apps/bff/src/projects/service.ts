// Route handlers for projects and collaborators: read fresh, refuse early, plan, apply as the user.
import type { Request } from 'express';
import type { Cluster } from '../clusters.js';
import type { BffContext } from '../context.js';
import type { RuleSet } from '../contract.js';
import { requireSession } from '../api.js';
import { ApiError } from '../errors.js';
import type { Session } from '../session/sessions.js';
import { applyPlan } from './apply.js';
import { auditedWriter } from './audited.js';
import type {
  AccessLevel,
  ChangeReport,
  CollaboratorSubject,
  ProjectDetail,
  ProjectsResponse,
} from './contract.js';
import { clusterRoleOf, collaboratorsOf, defaultLevels, PROJECT_LABEL } from './model.js';
import {
  collaboratorBinding,
  planCollaboratorChange,
  type CollaboratorChange,
  type Step,
} from './plan.js';
import {
  bffList,
  canManage,
  myLevels,
  predictGrant,
  readProject,
  requireVisible,
  userMay,
} from './read.js';

export function clusterOf(ctx: BffContext, id: string): Cluster {
  const c = ctx.clusters.get(id);
  if (!c) throw new ApiError(404, `no cluster "${id}"`, 'NotFound');
  return c;
}

export function levelsOf(ctx: BffContext): AccessLevel[] {
  return ctx.config.accessLevels ?? defaultLevels;
}

export function kubeconfigLink(ctx: BffContext, cluster: string, project: string): string {
  const q = new URLSearchParams({ cluster, project });
  return `${ctx.publicOrigin()}/kubeconfig?${q.toString()}`;
}

export async function listProjects(
  ctx: BffContext,
  req: Request,
  clusterId: string,
): Promise<ProjectsResponse> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const listAll = await userMay(cluster, session, { verb: 'list', resource: 'namespaces' });
  const all = await bffList<{ metadata: { name: string; labels?: Record<string, string> } }>(
    cluster,
    `/api/v1/namespaces?labelSelector=${encodeURIComponent(PROJECT_LABEL)}`,
  );
  const byProject = new Map<string, string[]>();
  for (const n of all) {
    const p = n.metadata.labels?.[PROJECT_LABEL];
    if (p) byProject.set(p, [...(byProject.get(p) ?? []), n.metadata.name]);
  }
  const bound = new Set((await cluster.rbac.boundNamespaces(session.user)).map((n) => n.name));
  const levels = levelsOf(ctx);
  const { roleBindings } = await cluster.rbac.current();
  const projects = [...byProject]
    .filter(([, nss]) => listAll || nss.some((n) => bound.has(n)))
    .map(([name, namespaces]) => {
      const state = { project: name, namespaces, bindings: roleBindings, levels };
      return { name, namespaces: namespaces.sort(), myLevels: myLevels(state, session) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const canCreate = await userMay(cluster, session, { verb: 'create', resource: 'namespaces' });
  return { projects, canCreate };
}

export async function projectDetail(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
): Promise<ProjectDetail> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const levels = levelsOf(ctx);
  const state = await readProject(cluster, project, levels);
  await requireVisible(cluster, session, state);
  const reviews = new Map<string, RuleSet>();
  const grantable: string[] = [];
  for (const l of levels) {
    const p = await predictGrant(cluster, session, state.namespaces, l.clusterRole, reviews).catch(
      () => undefined,
    );
    if (p?.allowed === true) grantable.push(l.name);
  }
  const manage = await canManage(cluster, session, state.namespaces, reviews);
  let canDelete = true;
  for (const ns of state.namespaces)
    if (!(await userMay(cluster, session, { verb: 'delete', resource: 'namespaces', name: ns })))
      canDelete = false;
  return {
    name: project,
    namespaces: state.namespaces,
    myLevels: myLevels(state, session),
    collaborators: collaboratorsOf(project, state.namespaces, state.bindings, levels),
    levels,
    grantableLevels: grantable,
    canManage: manage,
    canDelete,
    kubeconfigLink: kubeconfigLink(ctx, clusterId, project),
  };
}

/** Refuses before any write when packages/policy predicts the API server would refuse a binding. */
async function requireGrantable(
  cluster: Cluster,
  session: Session,
  namespaces: string[],
  level: string,
  levels: AccessLevel[],
): Promise<void> {
  const role = clusterRoleOf(levels, level);
  const p = await predictGrant(cluster, session, namespaces, role);
  if (p.allowed !== false) return;
  const first = p.missing[0]!;
  const sample = first.rules
    .slice(0, 3)
    .map((r) => `${r.verbs.join(',')} ${(r.resources ?? r.nonResourceURLs ?? []).join(',')}`)
    .join('; ');
  throw new ApiError(
    403,
    `you cannot grant ${level} (ClusterRole ${role}): your own permissions in ${first.namespace} do not cover it (missing ${first.rules.length} rule(s), e.g. ${sample})`,
    'Forbidden',
    { missing: p.missing },
  );
}

export async function changeCollaborators(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
  change: CollaboratorChange,
): Promise<ChangeReport> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const levels = levelsOf(ctx);
  const state = await readProject(cluster, project, levels);
  await requireVisible(cluster, session, state);
  const plan = planCollaboratorChange(state, change, session.user, new Date());
  if (!plan.ok) throw new ApiError(plan.code, plan.message, plan.reason);
  if (change.kind !== 'remove')
    await requireGrantable(cluster, session, state.namespaces, change.level, levels);
  const report = await applyPlan(auditedWriter(ctx, req, cluster, session), plan.steps);
  return change.kind === 'invite'
    ? { ...report, kubeconfigLink: kubeconfigLink(ctx, clusterId, project) }
    : report;
}

const namespaceObject = (name: string, project: string) => ({
  apiVersion: 'v1' as const,
  kind: 'Namespace' as const,
  metadata: { name, labels: { [PROJECT_LABEL]: project } },
});

export async function createProject(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  body: { name: string; namespaces: string[] },
): Promise<ChangeReport> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const levels = levelsOf(ctx);
  const existing = await bffList<{ metadata: { name: string; labels?: Record<string, string> } }>(
    cluster,
    '/api/v1/namespaces',
  );
  if (existing.some((n) => n.metadata.labels?.[PROJECT_LABEL] === body.name))
    throw new ApiError(409, `project "${body.name}" already exists`, 'AlreadyExists');
  const taken = body.namespaces.filter((n) => existing.some((e) => e.metadata.name === n));
  if (taken.length)
    throw new ApiError(409, `namespace(s) ${taken.join(', ')} already exist`, 'AlreadyExists');
  const admin = levels.find((l) => l.clusterRole === 'admin')?.name ?? 'admin';
  const state = { project: body.name, namespaces: body.namespaces, bindings: [], levels };
  const steps: Step[] = body.namespaces.map((n) => ({
    op: 'create',
    object: namespaceObject(n, body.name),
    description: `create Namespace ${n} labelled ${PROJECT_LABEL}=${body.name}`,
  }));
  const me: CollaboratorSubject = { kind: 'User', name: session.user.name };
  for (const n of body.namespaces) {
    const object = collaboratorBinding(state, n, admin, me, {
      by: session.user.name,
      at: new Date().toISOString(),
    });
    steps.push({ op: 'create', object, description: `make ${me.name} admin of ${n}` });
  }
  return applyPlan(auditedWriter(ctx, req, cluster, session), steps);
}

export async function deleteProject(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
  confirm: string,
): Promise<ChangeReport> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  if (confirm !== project)
    throw new ApiError(
      400,
      `type the project's name ("${project}") to confirm deleting it`,
      'BadRequest',
    );
  const state = await readProject(cluster, project, levelsOf(ctx));
  await requireVisible(cluster, session, state);
  for (const ns of state.namespaces)
    if (!(await userMay(cluster, session, { verb: 'delete', resource: 'namespaces', name: ns })))
      throw new ApiError(
        403,
        `you may not delete namespace ${ns}, so not project ${project}`,
        'Forbidden',
      );
  const steps: Step[] = state.namespaces.map((n) => ({
    op: 'delete',
    object: namespaceObject(n, project),
    description: `delete Namespace ${n} and everything in it`,
  }));
  // A deleted namespace's contents cannot be brought back, so deletion reports rather than undoes.
  return applyPlan(auditedWriter(ctx, req, cluster, session), steps, { undo: false });
}

export async function addNamespace(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
  namespace: string,
): Promise<ChangeReport> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const levels = levelsOf(ctx);
  const state = await readProject(cluster, project, levels);
  await requireVisible(cluster, session, state);
  if (state.namespaces.includes(namespace))
    throw new ApiError(409, `${namespace} is already in ${project}`, 'AlreadyExists');
  const { status, body } = await cluster.client.json<NamespaceJson>(
    'GET',
    `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    { kind: 'bff' },
  );
  const steps: Step[] = [];
  if (status === 200) {
    const other = body.metadata.labels?.[PROJECT_LABEL];
    if (other) throw new ApiError(409, `${namespace} belongs to project ${other}`, 'Conflict');
    const object = {
      ...namespaceObject(namespace, project),
      metadata: { ...body.metadata, labels: { ...body.metadata.labels, [PROJECT_LABEL]: project } },
    };
    steps.push({
      op: 'update',
      object,
      previous: { ...namespaceObject(namespace, project), metadata: body.metadata },
      description: `label Namespace ${namespace} ${PROJECT_LABEL}=${project}`,
    });
  } else {
    steps.push({
      op: 'create',
      object: namespaceObject(namespace, project),
      description: `create Namespace ${namespace} labelled ${PROJECT_LABEL}=${project}`,
    });
  }
  const target = { ...state, namespaces: [namespace] };
  for (const c of collaboratorsOf(project, state.namespaces, state.bindings, levels)) {
    const object = collaboratorBinding(target, namespace, c.level, c.subject, {
      by: session.user.name,
      at: new Date().toISOString(),
      ...(c.expiresAt ? { expiresAt: c.expiresAt } : {}),
    });
    steps.push({
      op: 'create',
      object,
      description: `give ${c.subject.name} ${c.level} in ${namespace}`,
    });
  }
  return applyPlan(auditedWriter(ctx, req, cluster, session), steps);
}

export async function removeNamespace(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
  namespace: string,
): Promise<ChangeReport> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const levels = levelsOf(ctx);
  const state = await readProject(cluster, project, levels);
  await requireVisible(cluster, session, state);
  if (!state.namespaces.includes(namespace))
    throw new ApiError(404, `${namespace} is not in ${project}`, 'NotFound');
  if (state.namespaces.length === 1)
    throw new ApiError(
      409,
      `${namespace} is the last namespace of ${project}; delete the project instead`,
      'Conflict',
    );
  const steps: Step[] = state.bindings
    .filter(
      (b) => b.metadata.namespace === namespace && b.metadata.labels?.[PROJECT_LABEL] === project,
    )
    .map((b) => ({
      op: 'delete',
      object: b,
      description: `delete RoleBinding ${b.metadata.name} in ${namespace}`,
    }));
  const { body } = await cluster.client.json<NamespaceJson>(
    'GET',
    `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    { kind: 'bff' },
  );
  const labels = { ...body.metadata.labels };
  delete labels[PROJECT_LABEL];
  steps.push({
    op: 'update',
    object: { ...namespaceObject(namespace, project), metadata: { ...body.metadata, labels } },
    previous: { ...namespaceObject(namespace, project), metadata: body.metadata },
    description: `remove label ${PROJECT_LABEL} from Namespace ${namespace} (the namespace and its objects stay)`,
  });
  return applyPlan(auditedWriter(ctx, req, cluster, session), steps);
}

interface NamespaceJson {
  metadata: { name: string; labels?: Record<string, string>; resourceVersion?: string };
}
