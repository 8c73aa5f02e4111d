// Kubeconfig downloads, the download page's info, and the person's own list and revocation.
import { subjectAppliesTo, type RoleBinding } from '@gatehouse/policy';
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { requireSession } from '../api.js';
import type { BffConfig } from '../config.js';
import { originOf } from '../csrf.js';
import type { Cluster } from '../clusters.js';
import type { BffContext } from '../context.js';
import { ApiError, sendApiError } from '../errors.js';
import { UpstreamError } from '../kube-client.js';
import { sessionOf, type Session } from '../session/sessions.js';
import { applyPlan } from '../projects/apply.js';
import { auditedWriter } from '../projects/audited.js';
import type {
  ChangeReport,
  KubeconfigInfo,
  KubeconfigsResponse,
  RevokeResponse,
} from '../projects/contract.js';
import {
  collaboratorBindings,
  EXPIRES_AT,
  EXPIRES_LABEL,
  identityFor,
  isIdentityOf,
  LEVEL_LABEL,
  MANAGED_LABEL,
  PROJECT_LABEL,
  RBAC_GROUP,
  shortHash,
  VIA,
} from '../projects/model.js';
import type { ProjectState, Step } from '../projects/plan.js';
import { myLevels, readProject, requireVisible, userMay } from '../projects/read.js';
import { clusterOf, levelsOf } from '../projects/service.js';
import { contextName, kubeconfigInfoOf, kubeconfigYaml, oidcFor, type FileSpec } from './file.js';
import { downloadNamespaceKubeconfig } from './namespace.js';
import {
  CONTROLLER,
  issueToken,
  listIssued,
  revoke,
  removeIdleIdentities,
  revokeUnboundIdentities,
  type Issued,
  type RemovedIdentity,
  type RevokedIdentity,
} from './identity.js';

/**
 * Whether the person may know the project exists though it is not visible to them: they may read
 * one of its namespaces (a namespace carries the project's label), as kubectl would show them.
 */
async function mayKnowOf(cluster: Cluster, session: Session, state: ProjectState) {
  const names = [
    ...new Set([...(state.home ? [state.home.metadata.name] : []), ...state.namespaces]),
  ];
  for (const ns of names)
    if (
      await userMay(cluster, session, {
        verb: 'get',
        resource: 'namespaces',
        namespace: ns,
        name: ns,
      })
    )
      return true;
  return false;
}

export async function memberState(
  ctx: BffContext,
  cluster: Cluster,
  session: Session,
  project: string,
) {
  const state = await readProject(cluster, project, levelsOf(ctx));
  const notCollaborator = new ApiError(
    403,
    `you are not a collaborator of ${project} on cluster "${cluster.name}"; ask one of its admins to invite you`,
    'Forbidden',
  );
  try {
    await requireVisible(cluster, session, state);
  } catch (err) {
    // Not found stays the answer for who may not know of the project: it says nothing new.
    if (err instanceof ApiError && err.code === 404 && (await mayKnowOf(cluster, session, state)))
      throw notCollaborator;
    throw err;
  }
  const levels = myLevels(state, session);
  if (levels.length === 0) throw notCollaborator;
  return { state, levels };
}

export async function kubeconfigInfo(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
): Promise<KubeconfigInfo> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const { state, levels } = await memberState(ctx, cluster, session, project);
  return kubeconfigInfoOf(ctx, cluster, {
    project,
    namespaces: state.namespaces,
    contextName: contextName(clusterId, project),
    myLevels: levels,
  });
}

/**
 * Where the person's access comes from a binding that does not name their kubeconfig identity
 * (a group's, or one made outside Gatehouse), binds the identity to the same ClusterRole there —
 * as the person, so the API server decides whether they may.
 */
function identityBindingSteps(
  state: ProjectState,
  session: Session,
): { sa: string; steps: Step[] } {
  const bindings = collaboratorBindings(state.project, state.bindings);
  const sa = identityFor(state.project, session.user.name, bindings);
  const hasIdentity = (ns: string, role: string) =>
    bindings.some(
      (b) =>
        b.metadata.namespace === ns &&
        b.roleRef.name === role &&
        (b.subjects ?? []).some(
          (s) => isIdentityOf(state.project, session.user.name, s) && s.name === sa.name,
        ),
    );
  const steps: Step[] = [];
  for (const b of bindings) {
    const ns = b.metadata.namespace ?? '';
    const via = (b.subjects ?? []).find(
      (s) => s.kind !== 'ServiceAccount' && subjectAppliesTo(session.user, s, ns),
    );
    if (!via || hasIdentity(ns, b.roleRef.name)) continue;
    const level = b.metadata.labels?.[LEVEL_LABEL];
    const expires = b.metadata.annotations?.[EXPIRES_AT];
    const object: RoleBinding = {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'RoleBinding',
      metadata: {
        name: `gatehouse:${state.project}:${b.roleRef.name}:kubeconfig:${shortHash(session.user.name)}`,
        namespace: ns,
        labels: {
          [PROJECT_LABEL]: state.project,
          [MANAGED_LABEL]: 'gatehouse',
          ...(level ? { [LEVEL_LABEL]: level } : {}),
          ...(expires ? { [EXPIRES_LABEL]: 'true' } : {}),
        },
        annotations: {
          [VIA]: `${via.kind}:${via.name}`,
          ...(expires ? { [EXPIRES_AT]: expires } : {}),
        },
      },
      roleRef: b.roleRef,
      subjects: [sa],
    };
    steps.push({
      op: 'create',
      object,
      description: `bind ${session.user.name}'s kubeconfig identity to ${b.roleRef.name} in ${ns}`,
    });
    bindings.push(object);
  }
  return { sa: sa.name, steps };
}

/**
 * Downloads per person per minute, whatever the cluster or project: each one writes a Secret (and
 * perhaps bindings), so a loop must not mint without end. Without a session the route answers 401.
 */
export function mintLimiter(config: BffConfig): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: config.kubeconfigFiles.mintsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => !sessionOf(req),
    keyGenerator: (req) => `user:${sessionOf(req)?.user.name ?? ''}`,
    handler: (_req, res) =>
      sendApiError(
        res,
        429,
        `at most ${config.kubeconfigFiles.mintsPerMinute} kubeconfig downloads a minute; try again in ${String(res.getHeader('retry-after') ?? 60)} s`,
        'TooManyRequests',
      ),
  });
}

/** Refuses a new token file while the person holds the most unexpired ones allowed for the project. */
async function requireRoomForFile(
  ctx: BffContext,
  cluster: Cluster,
  user: string,
  project: string,
): Promise<void> {
  const max = ctx.config.kubeconfigFiles.maxLivePerProject;
  const live = (await listIssued(cluster, user)).filter(
    (k) => k.project === project && k.status === 'active',
  );
  if (live.length >= max)
    throw new ApiError(
      409,
      `you hold ${live.length} unexpired kubeconfig files for ${project} on cluster "${cluster.name}", the most allowed (${max}); revoke one under Kubeconfigs, or wait for one to expire`,
      'Conflict',
    );
}

function days(seconds: number): string {
  const d = seconds / 86_400;
  return d >= 1 && Number.isInteger(d)
    ? `${d} day${d === 1 ? '' : 's'}`
    : `${Math.round(seconds / 360) / 10} hours`;
}

/**
 * Issuing is a write behind a GET (the issue's contract): refuses it when another site starts it,
 * judged by Fetch Metadata or, from a browser that sends none, by Origin/Referer as for POSTs.
 */
export function requireFromConsole(ctx: BffContext, req: Request): void {
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin') ?? originOf(req.get('referer'));
  const fromConsole =
    site === undefined
      ? origin !== undefined && ctx.allowedOrigins().includes(origin)
      : site === 'same-origin' || site === 'none';
  if (!fromConsole)
    throw new ApiError(403, 'kubeconfigs are issued only from this console', 'Forbidden');
}

/** Refuses a token lifetime beyond the most the console issues. */
function tooLong(ctx: BffContext, seconds: number): ApiError {
  const max = ctx.config.kubeconfigFiles.maxTokenSeconds;
  return new ApiError(
    400,
    `expirationSeconds ${seconds} is beyond the most this console issues: a kubeconfig lives at most ${max} seconds (${days(max)}); ask for ${max} or less`,
    'BadRequest',
  );
}

/**
 * One cluster's part of a project kubeconfig: checks the person is a collaborator there, binds their
 * kubeconfig identity where their access comes through a group (as them), issues a token bound to
 * a per-file Secret (audited) and answers the file's cluster, user and context. Used for the
 * single-cluster download and for each cluster of a fleet project's.
 */
export async function issueProjectFile(
  ctx: BffContext,
  req: Request,
  session: Session,
  cluster: Cluster,
  project: string,
  wanted: { namespace?: string; seconds: number; context?: string },
): Promise<{ spec: FileSpec; issued?: Issued }> {
  const { state } = await memberState(ctx, cluster, session, project);
  const namespace = wanted.namespace ?? state.namespaces[0]!;
  if (!state.namespaces.includes(namespace))
    throw new ApiError(400, `${namespace} is not a namespace of ${project}`, 'BadRequest');
  if (wanted.seconds > ctx.config.kubeconfigFiles.maxTokenSeconds)
    throw tooLong(ctx, wanted.seconds);
  const base = {
    clusterId: cluster.id,
    project: project,
    namespace,
    server: cluster.client.target.server,
    caPem: cluster.client.target.caPem,
    userName: session.user.name,
    ...(wanted.context ? { context: wanted.context } : {}),
  };
  const oidc = oidcFor(ctx, cluster.id);
  if (oidc)
    return {
      spec: {
        ...base,
        credential: { oidc: { issuer: oidc.issuer, clientId: oidc.clientId, scopes: oidc.scopes } },
      },
    };
  await requireRoomForFile(ctx, cluster, session.user.name, project);
  const { sa, steps } = identityBindingSteps(state, session);
  if (steps.length) {
    try {
      await applyPlan(auditedWriter(ctx, req, cluster, session), steps);
    } catch (err) {
      throw new ApiError(
        409,
        `your access to ${project} comes through a group or a binding you may not extend, so Gatehouse cannot give your kubeconfig the same access; ask an admin of ${project} to invite you by name (${(err as Error).message})`,
        'Conflict',
      );
    }
  }
  const issued = await issueToken(
    cluster,
    session.user.name,
    project,
    namespace,
    wanted.seconds,
    sa,
  );
  await ctx.audit.write({
    time: issued.issuedAt,
    requestId: String(req.id),
    user: session.user.name,
    groups: session.user.groups,
    authMode: session.authMode,
    cluster: cluster.id,
    verb: 'create',
    apiGroup: '',
    resource: 'secrets',
    namespace: 'gatehouse-system',
    name: issued.secretName,
    outcome: {
      code: 201,
      status: 'success',
      message: `kubeconfig for ${project} issued, expires ${issued.expiresAt}`,
    },
  });
  return { spec: { ...base, credential: { token: issued.token } }, issued };
}

/** Sends a kubeconfig file as a download that no cache keeps. */
export function sendKubeconfig(res: Response, fileName: string, yaml: string): void {
  res.setHeader('content-type', 'application/yaml; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-disposition', `attachment; filename="${fileName}.kubeconfig"`);
  res.send(yaml);
}

export async function downloadKubeconfig(
  ctx: BffContext,
  req: Request,
  res: Response,
  clusterId: string,
  query: { project?: string; namespace?: string; level?: string; expirationSeconds?: number },
): Promise<void> {
  const session = requireSession(req);
  requireFromConsole(ctx, req);
  const seconds = query.expirationSeconds ?? ctx.config.kubeconfigFiles.tokenSeconds;
  if (query.project === undefined) {
    // No project: a file for one namespace the person reaches (see ./namespace.ts).
    if (!query.namespace)
      throw new ApiError(400, 'a kubeconfig needs a project or a namespace', 'BadRequest');
    if (seconds > ctx.config.kubeconfigFiles.maxTokenSeconds) throw tooLong(ctx, seconds);
    return downloadNamespaceKubeconfig(
      ctx,
      req,
      res,
      clusterId,
      { ...query, namespace: query.namespace },
      seconds,
      oidcFor(ctx, clusterId),
    );
  }
  if (query.level !== undefined)
    throw new ApiError(400, 'level is for namespace kubeconfigs, not a project’s', 'BadRequest');
  const project = query.project;
  const cluster = clusterOf(ctx, clusterId);
  const { spec } = await issueProjectFile(ctx, req, session, cluster, project, {
    ...(query.namespace ? { namespace: query.namespace } : {}),
    seconds,
  });
  sendKubeconfig(res, contextName(clusterId, project), kubeconfigYaml(spec));
}

export async function myKubeconfigs(ctx: BffContext, req: Request): Promise<KubeconfigsResponse> {
  const session = requireSession(req);
  const out: KubeconfigsResponse = { kubeconfigs: [], errors: [] };
  await Promise.all(
    ctx.clusters.list.map(async (c) => {
      try {
        out.kubeconfigs.push(...(await listIssued(c, session.user.name)));
      } catch (err) {
        out.errors.push({ cluster: c.id, message: (err as Error).message });
      }
    }),
  );
  out.kubeconfigs.sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
  return out;
}

export async function revokeKubeconfigs(
  ctx: BffContext,
  req: Request,
  target?: { cluster: string; id: string },
): Promise<RevokeResponse> {
  const session = requireSession(req);
  const clusters = target ? [clusterOf(ctx, target.cluster)] : ctx.clusters.list;
  const revoked: string[] = [];
  const identities: string[] = [];
  const errors: RevokeResponse['errors'] = [];
  for (const c of clusters) {
    let ids: string[];
    try {
      ids = await revoke(c, session.user.name, target ? [target.id] : undefined);
    } catch (err) {
      // One file: its cluster's answer is the answer. All files: a cluster that is down must not
      // keep the others' files alive; it is reported, and the user can try again.
      if (target) throw err;
      req.log.warn({ err, cluster: c.id }, 'revoke-all: cluster failed');
      errors.push({ cluster: c.id, message: publicMessage(err) });
      continue;
    }
    for (const id of ids) {
      revoked.push(`${c.id}/${id}`);
      await ctx.audit.write({
        time: new Date().toISOString(),
        requestId: String(req.id),
        user: session.user.name,
        groups: session.user.groups,
        authMode: session.authMode,
        cluster: c.id,
        verb: 'delete',
        apiGroup: '',
        resource: 'secrets',
        namespace: 'gatehouse-system',
        name: id,
        outcome: { code: 200, status: 'success', message: 'kubeconfig revoked' },
      });
    }
    if (target) continue;
    // Revoke-all: no file left means no identity either, nor the bindings made for it alone.
    let removed: RemovedIdentity[];
    try {
      removed = await removeIdleIdentities(c, session.user.name);
    } catch (err) {
      req.log.warn({ err, cluster: c.id }, 'revoke-all: removing identities failed');
      errors.push({
        cluster: c.id,
        message: `files revoked, but their identity was not removed: ${publicMessage(err)}`,
      });
      continue;
    }
    const line = (resource: string, namespace: string, name: string, message: string) =>
      ctx.audit.write({
        time: new Date().toISOString(),
        requestId: String(req.id),
        user: CONTROLLER.user,
        groups: CONTROLLER.groups,
        authMode: 'controller',
        cluster: c.id,
        verb: 'delete',
        apiGroup: resource === 'serviceaccounts' ? '' : RBAC_GROUP,
        resource,
        namespace,
        name,
        outcome: {
          code: 200,
          status: 'success',
          message: `${message}: ${session.user.name} revoked all their kubeconfigs`,
        },
      });
    for (const r of removed) {
      for (const b of r.bindings)
        await line(
          b.kind === 'RoleBinding' ? 'rolebindings' : 'clusterrolebindings',
          b.namespace ?? '',
          b.name,
          'kubeconfig identity binding deleted',
        );
      await line('serviceaccounts', 'gatehouse-system', r.identity, 'kubeconfig identity deleted');
      identities.push(`${c.id}/${r.identity}`);
    }
  }
  return target ? { revoked, errors } : { revoked, errors, identities };
}

/** What the user is told about a failed cluster: its kind of failure, not internal paths. */
function publicMessage(err: unknown): string {
  if (err instanceof UpstreamError)
    return err.code === 504
      ? 'the cluster did not answer in time'
      : 'the cluster cannot be reached';
  if (err instanceof ApiError && err.code < 500) return err.message;
  return 'revoking failed on this cluster';
}

/** Audits, as the controller that made them, the deletions revoking identities whose membership ended. */
export async function auditRevoked(
  audit: BffContext['audit'],
  requestId: string,
  cluster: string,
  revoked: RevokedIdentity[],
): Promise<void> {
  const line = (resource: string, name: string, message: string) =>
    audit.write({
      time: new Date().toISOString(),
      requestId,
      user: CONTROLLER.user,
      groups: CONTROLLER.groups,
      authMode: 'controller',
      cluster,
      verb: 'delete',
      apiGroup: '',
      resource,
      namespace: 'gatehouse-system',
      name,
      outcome: { code: 200, status: 'success', message },
    });
  for (const r of revoked) {
    const why = `membership of ${r.owner} in ${r.project} ended`;
    for (const s of r.secrets) await line('secrets', s, `kubeconfig revoked: ${why}`);
    await line('serviceaccounts', r.identity, `kubeconfig identity deleted: ${why}`);
  }
}

/**
 * After a change that may end memberships (a removal, a deleted project): revokes, as the
 * controller, every kubeconfig identity of the project that no binding names any more, and says so
 * in the report. The change itself is done by then, so a failure here is reported, not thrown; the
 * expiry sweep tries again.
 */
export async function revokeEndedMemberships(
  ctx: BffContext,
  req: Request,
  cluster: Cluster,
  project: string,
  report: ChangeReport,
): Promise<ChangeReport> {
  try {
    const revoked = await revokeUnboundIdentities(cluster, { project });
    await auditRevoked(ctx.audit, String(req.id), cluster.id, revoked);
    return { ...report, revokedKubeconfigs: revoked.flatMap((r) => r.secrets) };
  } catch (err) {
    ctx.logger.warn(
      { cluster: cluster.id, project, err: (err as Error).message },
      'revoking kubeconfigs of ended memberships failed; the sweep retries',
    );
    return {
      ...report,
      message: `${report.message}; revoking the kubeconfig files of ended memberships failed (${(err as Error).message}), the expiry sweep retries`,
    };
  }
}
