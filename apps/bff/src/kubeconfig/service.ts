// Kubeconfig downloads, the download page's info, and the person's own list and revocation.
import { subjectAppliesTo, type RoleBinding } from '@gatehouse/policy';
import type { Request, Response } from 'express';
import { requireSession } from '../api.js';
import { originOf } from '../csrf.js';
import type { Cluster } from '../clusters.js';
import type { BffContext } from '../context.js';
import { ApiError } from '../errors.js';
import { UpstreamError } from '../kube-client.js';
import type { Session } from '../session/sessions.js';
import { applyPlan } from '../projects/apply.js';
import { auditedWriter } from '../projects/audited.js';
import type { KubeconfigInfo, KubeconfigsResponse, RevokeResponse } from '../projects/contract.js';
import {
  collaboratorBindings,
  EXPIRES_AT,
  EXPIRES_LABEL,
  identitySubject,
  LEVEL_LABEL,
  MANAGED_LABEL,
  PROJECT_LABEL,
  RBAC_GROUP,
  shortHash,
  VIA,
} from '../projects/model.js';
import type { ProjectState, Step } from '../projects/plan.js';
import { myLevels, readProject, requireVisible } from '../projects/read.js';
import { clusterOf, levelsOf } from '../projects/service.js';
import { contextName, kubeconfigYaml } from './file.js';
import { issueToken, listIssued, revoke } from './identity.js';

function oidcFor(ctx: BffContext, clusterId: string) {
  const o = ctx.config.oidc;
  return o && ctx.config.kubeconfigFiles.oidcClusters.includes(clusterId) ? o : undefined;
}

async function memberState(ctx: BffContext, cluster: Cluster, session: Session, project: string) {
  const state = await readProject(cluster, project, levelsOf(ctx));
  await requireVisible(cluster, session, state);
  const levels = myLevels(state, session);
  if (levels.length === 0)
    throw new ApiError(
      403,
      `you are not a collaborator of ${project}; ask one of its admins to invite you`,
      'Forbidden',
    );
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
  return {
    cluster: clusterId,
    project,
    namespaces: state.namespaces,
    mode: oidcFor(ctx, clusterId) ? 'oidc' : 'token',
    tokenSeconds: ctx.config.kubeconfigFiles.tokenSeconds,
    maxTokenSeconds: ctx.config.kubeconfigFiles.maxTokenSeconds,
    contextName: contextName(clusterId, project),
    myLevels: levels,
  };
}

/**
 * Where the person's access comes from a binding that does not name their kubeconfig identity
 * (a group's, or one made outside Gatehouse), binds the identity to the same ClusterRole there —
 * as the person, so the API server decides whether they may.
 */
function identityBindingSteps(state: ProjectState, session: Session): Step[] {
  const sa = identitySubject(state.project, session.user.name);
  const bindings = collaboratorBindings(state.project, state.bindings);
  const hasIdentity = (ns: string, role: string) =>
    bindings.some(
      (b) =>
        b.metadata.namespace === ns &&
        b.roleRef.name === role &&
        (b.subjects ?? []).some(
          (s) => s.kind === 'ServiceAccount' && s.name === sa.name && s.namespace === sa.namespace,
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
  return steps;
}

export async function downloadKubeconfig(
  ctx: BffContext,
  req: Request,
  res: Response,
  clusterId: string,
  query: { project: string; namespace?: string; expirationSeconds?: number },
): Promise<void> {
  const session = requireSession(req);
  // Issuing is a write behind a GET (the issue's contract): refuse it when another site starts it,
  // judged by Fetch Metadata or, from a browser that sends none, by Origin/Referer as for POSTs.
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin') ?? originOf(req.get('referer'));
  const fromConsole =
    site === undefined
      ? origin !== undefined && ctx.allowedOrigins().includes(origin)
      : site === 'same-origin' || site === 'none';
  if (!fromConsole)
    throw new ApiError(403, 'kubeconfigs are issued only from this console', 'Forbidden');
  const cluster = clusterOf(ctx, clusterId);
  const { state } = await memberState(ctx, cluster, session, query.project);
  const namespace = query.namespace ?? state.namespaces[0]!;
  if (!state.namespaces.includes(namespace))
    throw new ApiError(400, `${namespace} is not a namespace of ${query.project}`, 'BadRequest');
  const seconds = query.expirationSeconds ?? ctx.config.kubeconfigFiles.tokenSeconds;
  if (seconds > ctx.config.kubeconfigFiles.maxTokenSeconds)
    throw new ApiError(
      400,
      `a kubeconfig lives at most ${ctx.config.kubeconfigFiles.maxTokenSeconds} seconds`,
      'BadRequest',
    );
  const base = {
    clusterId,
    project: query.project,
    namespace,
    server: cluster.client.target.server,
    caPem: cluster.client.target.caPem,
    userName: session.user.name,
  };
  const oidc = oidcFor(ctx, clusterId);
  let yaml: string;
  if (oidc) {
    yaml = kubeconfigYaml({
      ...base,
      credential: { oidc: { issuer: oidc.issuer, clientId: oidc.clientId, scopes: oidc.scopes } },
    });
  } else {
    const steps = identityBindingSteps(state, session);
    if (steps.length) {
      try {
        await applyPlan(auditedWriter(ctx, req, cluster, session), steps);
      } catch (err) {
        throw new ApiError(
          409,
          `your access to ${query.project} comes through a group or a binding you may not extend, so Gatehouse cannot give your kubeconfig the same access; ask an admin of ${query.project} to invite you by name (${(err as Error).message})`,
          'Conflict',
        );
      }
    }
    const issued = await issueToken(cluster, session.user.name, query.project, namespace, seconds);
    await ctx.audit.write({
      time: issued.issuedAt,
      requestId: String(req.id),
      user: session.user.name,
      groups: session.user.groups,
      authMode: session.authMode,
      cluster: clusterId,
      verb: 'create',
      apiGroup: '',
      resource: 'secrets',
      namespace: 'gatehouse-system',
      name: issued.secretName,
      outcome: {
        code: 201,
        status: 'success',
        message: `kubeconfig for ${query.project} issued, expires ${issued.expiresAt}`,
      },
    });
    yaml = kubeconfigYaml({ ...base, credential: { token: issued.token } });
  }
  res.setHeader('content-type', 'application/yaml; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader(
    'content-disposition',
    `attachment; filename="${contextName(clusterId, query.project)}.kubeconfig"`,
  );
  res.send(yaml);
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
  }
  return { revoked, errors };
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
