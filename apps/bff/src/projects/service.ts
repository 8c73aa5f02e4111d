// Route handlers for projects and collaborators: read fresh, refuse early, plan, apply as the user.
import type { Request } from 'express';
import type { Cluster } from '../clusters.js';
import type { BffContext } from '../context.js';
import type { RuleSet } from '../contract.js';
import { requireSession } from '../api.js';
import { ApiError } from '../errors.js';
import type { Session } from '../session/sessions.js';
import { revokeEndedMemberships } from '../kubeconfig/service.js';
import { applyPlan } from './apply.js';
import { auditedWriter } from './audited.js';
import type { AccessLevel, ChangeReport, ProjectDetail, ProjectsResponse } from './contract.js';
import {
  clusterRoleOf,
  collaboratorsOf,
  defaultLevels,
  membershipOf,
  PROJECT_LABEL,
  type NamespaceJson,
} from './model.js';
import { planCollaboratorChange, type CollaboratorChange, type ProjectState } from './plan.js';
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

export interface OpenProject {
  session: Session;
  cluster: Cluster;
  levels: AccessLevel[];
  state: ProjectState;
}

/** The signed-in user's view of one project: read fresh, and 404 unless they may see it. */
export async function openProject(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
): Promise<OpenProject> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const levels = levelsOf(ctx);
  const state = await readProject(cluster, project, levels);
  await requireVisible(cluster, session, state);
  return { session, cluster, levels, state };
}

export function kubeconfigLink(ctx: BffContext, cluster: string, project: string): string {
  const q = new URLSearchParams({ cluster, project });
  return `${ctx.publicOrigin()}/kubeconfig?${q.toString()}`;
}

/** A project as one person sees it on one cluster, from the BFF's watched RBAC model. */
export interface VisibleProject {
  name: string;
  namespaces: string[];
  unverified: string[];
  state: ProjectState;
}

/**
 * The projects on one cluster: every name that exists there (read by the BFF) and the ones the
 * person sees (collaborators, or who may list namespaces), sorted by name.
 */
export async function projectsOn(
  ctx: BffContext,
  session: Session,
  cluster: Cluster,
): Promise<{ existing: Set<string>; visible: VisibleProject[] }> {
  const listAll = await userMay(cluster, session, { verb: 'list', resource: 'namespaces' });
  const all = await bffList<NamespaceJson>(
    cluster,
    `/api/v1/namespaces?labelSelector=${encodeURIComponent(PROJECT_LABEL)}`,
  );
  const byProject = new Map<string, NamespaceJson[]>();
  for (const n of all.filter((ns) => !ns.metadata.deletionTimestamp)) {
    const p = n.metadata.labels?.[PROJECT_LABEL];
    if (p) byProject.set(p, [...(byProject.get(p) ?? []), n]);
  }
  const bound = new Set((await cluster.rbac.boundNamespaces(session.user)).map((n) => n.name));
  const levels = levelsOf(ctx);
  const { roleBindings } = (await cluster.rbac.current()).snapshot;
  const visible = [...byProject]
    .map(([name, claimed]) => ({ name, ...membershipOf(name, claimed) }))
    // Bound only in a namespace that merely claims the project does not show it.
    .filter((p) => listAll || p.namespaces.some((n) => bound.has(n)))
    .map(({ name, namespaces, unverified }) => ({
      name,
      namespaces,
      unverified,
      state: { project: name, namespaces, bindings: roleBindings, levels },
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { existing: new Set(byProject.keys()), visible };
}

export async function listProjects(
  ctx: BffContext,
  req: Request,
  clusterId: string,
): Promise<ProjectsResponse> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const { visible } = await projectsOn(ctx, session, cluster);
  const projects = visible.map(({ name, namespaces, unverified, state }) => ({
    name,
    namespaces,
    ...(unverified.length ? { unverifiedNamespaces: unverified } : {}),
    myLevels: myLevels(state, session),
  }));
  const canCreate = await userMay(cluster, session, { verb: 'create', resource: 'namespaces' });
  return { projects, canCreate };
}

export async function projectDetail(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
): Promise<ProjectDetail> {
  const { session, cluster, levels, state } = await openProject(ctx, req, clusterId, project);
  const reviews = new Map<string, RuleSet>();
  const grantable: string[] = [];
  for (const l of levels) {
    const p = await predictGrant(cluster, session, state.namespaces, l.clusterRole, reviews).catch(
      () => undefined,
    );
    if (p?.allowed === true) grantable.push(l.name);
  }
  const verified = state.namespaces.length > 0;
  const manage = verified && (await canManage(cluster, session, state.namespaces, reviews));
  let canDelete = verified;
  for (const ns of state.namespaces)
    if (!(await userMay(cluster, session, { verb: 'delete', resource: 'namespaces', name: ns })))
      canDelete = false;
  const canEditNamespaces = await userMay(
    cluster,
    session,
    state.home
      ? { verb: 'update', resource: 'namespaces', name: project }
      : { verb: 'create', resource: 'namespaces' },
  );
  return {
    name: project,
    namespaces: state.namespaces,
    unverifiedNamespaces: state.unverified ?? [],
    myLevels: myLevels(state, session),
    collaborators: collaboratorsOf(project, state.namespaces, state.bindings, levels),
    levels,
    grantableLevels: grantable,
    canManage: manage,
    canDelete,
    canEditNamespaces,
    kubeconfigLink: kubeconfigLink(ctx, clusterId, project),
  };
}

/** Refuses before any write when packages/policy predicts the API server would refuse a binding. */
export async function requireGrantable(
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
  const { session, cluster, levels, state } = await openProject(ctx, req, clusterId, project);
  const plan = planCollaboratorChange(state, change, session.user, new Date());
  if (!plan.ok) throw new ApiError(plan.code, plan.message, plan.reason);
  if (change.kind !== 'remove')
    await requireGrantable(cluster, session, state.namespaces, change.level, levels);
  const report = await applyPlan(auditedWriter(ctx, req, cluster, session), plan.steps);
  if (change.kind === 'remove') return revokeEndedMemberships(ctx, req, cluster, project, report);
  return change.kind === 'invite'
    ? { ...report, kubeconfigLink: kubeconfigLink(ctx, clusterId, project) }
    : report;
}
