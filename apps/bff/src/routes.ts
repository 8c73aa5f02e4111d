// The BFF's whole HTTP API in one table: method, path, input schemas, and what answers.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { auditResponse, requireSession, sessionResponse } from './api.js';
import { inAnalysisSlot } from './analysis/limit.js';
import { analysisApi } from './analysis/api.js';
import {
  checkQuery,
  directoryQuery,
  impactBody,
  matrixQuery,
  requestQuery,
  subjectQuery,
} from './analysis/inputs.js';
import { signOut, startSession, whoIs } from './auth/sign-in.js';
import {
  downloadKubeconfig,
  kubeconfigInfo,
  myKubeconfigs,
  revokeKubeconfigs,
} from './kubeconfig/service.js';
import { namespaceKubeconfigInfo } from './kubeconfig/namespace.js';
import {
  changeLevelBody,
  clusterParams,
  createProjectBody,
  deleteProjectBody,
  inviteBody,
  kubeconfigInfoQuery,
  kubeconfigQuery,
  namespaceParams,
  projectParams,
  removeBody,
  revokeParams,
} from './projects/inputs.js';
import {
  addNamespace,
  createProject,
  deleteProject,
  removeNamespace,
} from './projects/lifecycle.js';
import { changeCollaborators, listProjects, projectDetail } from './projects/service.js';
import { demoUsers } from './clusters.js';
import type { BffContext } from './context.js';
import type {
  AuditQuery,
  AuthConfigResponse,
  DemoSignInRequest,
  HealthResponse,
  ReadyResponse,
  TokenSignInRequest,
} from './contract.js';
import { csrfTokenFor } from './csrf.js';
import { ApiError } from './errors.js';
import { nowSeconds, readCookie } from './session/sessions.js';

export interface RouteDef {
  method: 'get' | 'post';
  path: string;
  /** Sign-in routes that check a secret share a per-IP rate limit. */
  signIn?: boolean;
  /** Routes that issue credentials share a per-person rate limit. */
  mints?: boolean;
  handle(ctx: BffContext, req: Request, res: Response): Promise<unknown>;
}

/** Declares a route; a returned value is sent as JSON, `undefined` means the handler answered. */
function route<B extends z.ZodType, Q extends z.ZodType>(def: {
  method: 'get' | 'post';
  path: string;
  signIn?: boolean;
  mints?: boolean;
  body?: B;
  query?: Q;
  handle(
    ctx: BffContext,
    input: { body: z.output<B>; query: z.output<Q> },
    req: Request,
    res: Response,
  ): Promise<unknown>;
}): RouteDef {
  return {
    method: def.method,
    path: def.path,
    signIn: def.signIn,
    mints: def.mints,
    async handle(ctx, req, res) {
      const body = def.body ? def.body.parse(req.body ?? {}) : undefined;
      const query = def.query ? def.query.parse(req.query) : undefined;
      return def.handle(ctx, { body: body as z.output<B>, query: query as z.output<Q> }, req, res);
    },
  };
}

const demoSignIn = z
  .object({ user: z.string().min(1).max(64) })
  .strict() satisfies z.ZodType<DemoSignInRequest>;
const tokenSignIn = z
  .object({
    token: z
      .string()
      .min(1)
      .max(16_384)
      .regex(/^[\x21-\x7e]+$/, 'a bearer token is printable ASCII'),
    cluster: z.string().max(63).optional(),
  })
  .strict() satisfies z.ZodType<TokenSignInRequest>;
// Only a local path: never another origin, never protocol-relative (//host) or backslash tricks.
const returnTo = z
  .string()
  .max(2048)
  .regex(/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/, 'must be a path on this site')
  .default('/');
const auditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cluster: z.string().max(63).optional(),
    /** Part of the person's name, any case. */
    user: z.string().max(256).optional(),
    resource: z
      .enum([
        'roles',
        'clusterroles',
        'rolebindings',
        'clusterrolebindings',
        'namespaces',
        'serviceaccounts',
        'secrets',
      ])
      .optional(),
    namespace: z.string().max(63).optional(),
    /** Part of the object's name, any case. */
    name: z.string().max(253).optional(),
    status: z.enum(['success', 'denied', 'rejected', 'failure']).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict() satisfies z.ZodType<AuditQuery, unknown>;

export const routes: RouteDef[] = [
  route({
    method: 'get',
    path: '/api/auth/config',
    async handle(ctx, _input, req, res): Promise<AuthConfigResponse> {
      const demo = ctx.config.auth.includes('demo') && ctx.clusters.demoCluster() !== undefined;
      return {
        modes: ctx.config.auth,
        demoUsers: demo ? demoUsers.map((u) => ({ ...u })) : [],
        csrfToken: csrfTokenFor(req, res, ctx.keys, ctx.sessions),
        clusters: ctx.clusters.list.map((c) => ({ id: c.id, name: c.name })),
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/demo',
    // No secret to guess and only on a local embedded cluster: not rate limited.
    body: demoSignIn,
    async handle(ctx, { body }, req, res) {
      const demo = ctx.clusters.demoCluster();
      // The picker exists only for the embedded devclusters; with real clusters the route is absent.
      if (!ctx.config.auth.includes('demo') || !demo)
        throw new ApiError(404, 'demo sign-in is not enabled', 'NotFound');
      if (!demoUsers.some((u) => u.name === body.user))
        throw new ApiError(400, `no demo user "${body.user}"`, 'BadRequest');
      const user = await whoIs(ctx, demo.id, demo.dc.token(body.user));
      await startSession(
        ctx,
        req,
        res,
        { user, authMode: 'demo', cred: { kind: 'impersonate' } },
        demo.id,
      );
      res.status(204).end();
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/token',
    signIn: true,
    body: tokenSignIn,
    async handle(ctx, { body }, req, res) {
      if (!ctx.config.auth.includes('token'))
        throw new ApiError(404, 'token sign-in is not enabled', 'NotFound');
      const user = await whoIs(ctx, body.cluster, body.token);
      await startSession(
        ctx,
        req,
        res,
        { user, authMode: 'token', cred: { kind: 'token', token: body.token } },
        body.cluster ?? ctx.clusters.list[0]?.id,
      );
      res.status(204).end();
    },
  }),
  route({
    method: 'get',
    path: '/api/auth/oidc/login',
    signIn: true,
    query: z.object({ returnTo }).strict(),
    async handle(ctx, { query }, _req, res) {
      if (!ctx.oidc) throw new ApiError(404, 'OIDC sign-in is not enabled', 'NotFound');
      await ctx.oidc.login(res, query.returnTo);
    },
  }),
  route({
    method: 'get',
    path: '/api/auth/oidc/callback',
    signIn: true,
    async handle(ctx, _input, req, res) {
      if (!ctx.oidc) throw new ApiError(404, 'OIDC sign-in is not enabled', 'NotFound');
      const { user, returnTo, refreshToken } = await ctx.oidc.callback(
        req,
        res,
        readCookie(req, ctx.sessions.oidcCookieName),
      );
      await startSession(ctx, req, res, {
        user,
        authMode: 'oidc',
        cred: {
          kind: 'impersonate',
          ...(refreshToken ? { refreshToken, groupsAt: nowSeconds() } : {}),
        },
      });
      res.redirect(302, returnTo);
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/logout',
    async handle(ctx, _input, req, res) {
      await signOut(ctx, req, res);
    },
  }),
  route({
    method: 'get',
    path: '/api/session',
    async handle(ctx, _input, req, res) {
      return sessionResponse(ctx, req, res);
    },
  }),
  route({
    method: 'get',
    path: '/api/healthz',
    // Liveness for a load balancer: this replica answers. It names the mode and each cluster's
    // credential state from the last minute's check (no cluster call, nothing about anyone's access).
    async handle(ctx): Promise<HealthResponse> {
      return {
        status: 'ok',
        mode: ctx.clusters.source,
        clusters: ctx.clusters.list.map((c) => {
          const s = ctx.clusters.identities.status(c.id);
          return {
            id: c.id,
            credentials: s.credentials,
            ...(s.checkedAt ? { checkedAt: s.checkedAt } : {}),
          };
        }),
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/livez',
    // Liveness: the process answers. Nothing it depends on is asked, so a slow cluster never gets
    // a healthy replica restarted.
    async handle(): Promise<{ status: 'ok' }> {
      return { status: 'ok' };
    },
  }),
  route({
    method: 'get',
    path: '/api/readyz',
    // Readiness: this replica can take traffic: its console state is open (it would not have
    // started otherwise) and the audit sink takes records, without which it refuses every change.
    async handle(ctx, _input, _req, res): Promise<ReadyResponse> {
      const problems = [...ctx.state.problems()];
      let ready = true;
      try {
        await ctx.audit.ready();
      } catch (err) {
        ready = false;
        problems.push((err as Error).message);
      }
      res.status(ready ? 200 : 503);
      return {
        status: ready ? 'ready' : 'not-ready',
        replica: ctx.state.replica,
        store: ctx.state.store,
        ...(ctx.state.store === 'cluster' ? { sweeper: ctx.state.sweeper.holder() ?? '' } : {}),
        problems,
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/clusters',
    async handle(ctx, _input, req) {
      requireSession(req);
      return ctx.clusters.health();
    },
  }),
  route({
    method: 'get',
    path: '/api/audit',
    query: auditQuery,
    async handle(ctx, { query }, req) {
      return auditResponse(ctx, req, query);
    },
  }),
  // Access analysis (issue 8): served only to users allowed to list the RBAC objects involved.
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/check',
    query: checkQuery,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.check(ctx, query, req)),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/who-can',
    query: requestQuery,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.whoCan(ctx, query, req)),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/matrix',
    query: matrixQuery,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.matrix(ctx, query, req, res)),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/subject',
    query: subjectQuery,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.subject(ctx, query, req)),
  }),
  // The subject directory (issue 14): only subjects of bindings the user may list, asked as them.
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/subjects',
    query: directoryQuery,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.subjects(ctx, query, req)),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/risks',
    handle: (ctx, _input, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.risks(ctx, req)),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/access/impact',
    body: impactBody,
    handle: (ctx, { body }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.impact(ctx, body, req)),
  }),
  // Projects and collaborators (issue 7): every write made as the user, multi-step changes roll back.
  route({
    method: 'get',
    path: '/api/clusters/:cluster/projects',
    handle: (ctx, _input, req) => listProjects(ctx, req, clusterParams.parse(req.params).cluster),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects',
    body: createProjectBody,
    handle: (ctx, { body }, req) =>
      createProject(ctx, req, clusterParams.parse(req.params).cluster, body),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/projects/:project',
    handle: (ctx, _input, req) => {
      const p = projectParams.parse(req.params);
      return projectDetail(ctx, req, p.cluster, p.project);
    },
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/delete',
    body: deleteProjectBody,
    handle: (ctx, { body }, req) => {
      const p = projectParams.parse(req.params);
      return deleteProject(ctx, req, p.cluster, p.project, body.confirm);
    },
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/namespaces/:namespace',
    handle: (ctx, _input, req) => {
      const p = namespaceParams.parse(req.params);
      return addNamespace(ctx, req, p.cluster, p.project, p.namespace);
    },
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/namespaces/:namespace/remove',
    handle: (ctx, _input, req) => {
      const p = namespaceParams.parse(req.params);
      return removeNamespace(ctx, req, p.cluster, p.project, p.namespace);
    },
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/collaborators',
    body: inviteBody,
    handle: (ctx, { body }, req) => {
      const p = projectParams.parse(req.params);
      return changeCollaborators(ctx, req, p.cluster, p.project, { kind: 'invite', ...body });
    },
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/collaborators/level',
    body: changeLevelBody,
    handle: (ctx, { body }, req) => {
      const p = projectParams.parse(req.params);
      return changeCollaborators(ctx, req, p.cluster, p.project, { kind: 'change-level', ...body });
    },
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/collaborators/remove',
    body: removeBody,
    handle: (ctx, { body }, req) => {
      const p = projectParams.parse(req.params);
      return changeCollaborators(ctx, req, p.cluster, p.project, { kind: 'remove', ...body });
    },
  }),
  // Kubeconfig downloads: the person's own identity, token bound to a per-file Secret.
  route({
    method: 'get',
    path: '/api/clusters/:cluster/kubeconfig',
    mints: true,
    query: kubeconfigQuery,
    handle: (ctx, { query }, req, res) =>
      downloadKubeconfig(ctx, req, res, clusterParams.parse(req.params).cluster, query),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/kubeconfig/info',
    query: kubeconfigInfoQuery,
    handle: (ctx, { query }, req) =>
      query.project === undefined
        ? namespaceKubeconfigInfo(
            ctx,
            req,
            clusterParams.parse(req.params).cluster,
            query.namespace!,
          )
        : kubeconfigInfo(ctx, req, clusterParams.parse(req.params).cluster, query.project),
  }),
  route({
    method: 'get',
    path: '/api/kubeconfigs',
    handle: (ctx, _input, req) => myKubeconfigs(ctx, req),
  }),
  route({
    method: 'post',
    path: '/api/kubeconfigs/revoke-all',
    handle: (ctx, _input, req) => revokeKubeconfigs(ctx, req),
  }),
  route({
    method: 'post',
    path: '/api/kubeconfigs/:cluster/:id/revoke',
    handle: (ctx, _input, req) => revokeKubeconfigs(ctx, req, revokeParams.parse(req.params)),
  }),
];
