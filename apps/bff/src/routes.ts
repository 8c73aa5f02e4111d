// The BFF's whole HTTP API in one table: method, path, what it takes and what it answers. The schemas
// are the contract modules' (./contract.ts, ./analysis/contract.ts, ./projects/contract.ts), which the
// web app imports too; test/contract.test.ts checks every route names them and answers by them.
import type { Request, Response } from 'express';
import { config, locales, type z } from 'zod/mini';
import {
  auditResponse as auditAnswer,
  requireSession,
  sessionResponse as sessionAnswer,
} from './api.js';
import { inAnalysisSlot } from './analysis/limit.js';
import { analysisApi } from './analysis/api.js';
import {
  accessCheckResponse,
  accessMatrixResponse,
  checkQuery,
  directoryQuery,
  impactBody,
  impactResponse,
  matrixQuery,
  requestQuery,
  risksResponse,
  subjectDirectoryResponse,
  subjectQuery,
  subjectViewResponse,
  whoCanResponse,
} from './analysis/contract.js';
import { signOut, startSession, whoIs } from './auth/sign-in.js';
import {
  accessPolicy,
  applyBody,
  applyResponse,
  createPolicyBody,
  planBody,
  policiesResponse,
  policyDetail as policyDetailResponse,
  policyParams,
  policyPlan,
  updatePolicyBody,
} from './fleet/policies/contract.js';
import {
  applyPolicy,
  createPolicy,
  listPolicies,
  planPolicy,
  policyDetail,
  updatePolicy,
} from './fleet/policies/service.js';
import {
  downloadKubeconfig,
  kubeconfigInfo as kubeconfigInfoOf,
  myKubeconfigs,
  revokeKubeconfigs,
} from './kubeconfig/service.js';
import { namespaceKubeconfigInfo } from './kubeconfig/namespace.js';
import {
  changeLevelBody,
  changeReport,
  clusterParams,
  createProjectBody,
  deleteProjectBody,
  inviteBody,
  kubeconfigInfo,
  kubeconfigInfoQuery,
  kubeconfigQuery,
  kubeconfigsResponse,
  namespaceParams,
  projectDetail as projectDetailResponse,
  projectParams,
  projectsResponse,
  removeBody,
  revokeParams,
  revokeResponse,
} from './projects/contract.js';
import {
  addNamespace,
  createProject,
  deleteProject,
  removeNamespace,
} from './projects/lifecycle.js';
import { changeCollaborators, clusterOf, listProjects, projectDetail } from './projects/service.js';
import { searchNamespaces } from './capabilities.js';
import {
  fleetApplyBody,
  fleetChangeReport,
  fleetKubeconfigQuery,
  fleetPlan,
  fleetPlanBody,
  fleetProjectDetail as fleetProjectDetailResponse,
  fleetProjectParams,
  fleetProjectsResponse,
} from './fleet/projects/contract.js';
import {
  applyFleetChange,
  downloadFleetKubeconfig,
  fleetProjectDetail,
  listFleetProjects,
  planFleetChange,
} from './fleet/projects/service.js';
import {
  copyApplyBody,
  copyApplyResponse,
  copyPlanBody,
  copyPlanResponse,
  fleetCheckQuery,
  fleetCheckResponse,
  fleetCompareQuery,
  fleetCompareResponse,
  fleetWhoCanQuery,
  fleetWhoCanResponse,
} from './fleet/access/contract.js';
import {
  applyCopy,
  fleetCheck,
  fleetCompare,
  fleetWhoCan,
  planCopy,
} from './fleet/access/service.js';
import { demoUsers } from './clusters.js';
import type { BffContext } from './context.js';
import {
  auditQuery,
  auditResponse,
  authConfigResponse,
  clustersResponse,
  demoSignInRequest,
  healthResponse,
  liveResponse,
  namespaceSearchQuery,
  namespaceSearchResponse,
  type HealthResponse,
  type ReadyResponse,
  noInput,
  noJson,
  oidcCallbackQuery,
  oidcLoginQuery,
  readyResponse,
  sessionResponse,
  tokenSignInRequest,
} from './contract.js';
import { csrfTokenFor } from './csrf.js';
import { ApiError } from './errors.js';
import { nowSeconds, readCookie } from './session/sessions.js';

// Input errors the BFF answers with are worded in English (zod/mini loads no locale by itself).
config(locales.en());

type Schema = z.ZodMiniType;

/** What a route takes and answers; the web app parses the answer with `response`. */
export interface RouteContract {
  /** Exactly the path's `:name` parameters. */
  params?: Schema;
  /** GET routes: the query string (`noInput` when it takes none). */
  query?: Schema;
  /** POST routes: the JSON body (`noInput` when it takes none). */
  body?: Schema;
  /** The JSON answer of a 2xx; `noJson` for 204, a redirect or a file. Errors are `apiErrorBody`. */
  response: Schema;
  /** The media type of a file the route sends instead of JSON (on request, or always with `noJson`). */
  file?: string;
}

export interface RouteDef {
  method: 'get' | 'post' | 'put';
  path: string;
  /** Sign-in routes that check a secret share a per-IP rate limit. */
  signIn?: boolean;
  /** Routes that issue credentials share a per-person rate limit. */
  mints?: boolean;
  contract: RouteContract;
  handle(ctx: BffContext, req: Request, res: Response): Promise<unknown>;
}

type Out<S> = S extends Schema ? z.output<S> : undefined;

/**
 * Declares a route: its input is parsed with the contract's schemas before the handler runs, and the
 * handler must return what `response` describes (sent as JSON); `undefined` means it answered itself.
 */
function route<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema = Schema,
>(def: {
  method: 'get' | 'post' | 'put';
  path: string;
  signIn?: boolean;
  mints?: boolean;
  /** Invalid input is answered 422 Invalid with the fields, as the API server answers (default 400). */
  invalid?: 422;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  file?: string;
  handle(
    ctx: BffContext,
    input: { params: Out<P>; query: Out<Q>; body: Out<B> },
    req: Request,
    res: Response,
  ): Promise<z.input<R> | void>;
}): RouteDef {
  return {
    method: def.method,
    path: def.path,
    signIn: def.signIn,
    mints: def.mints,
    contract: {
      params: def.params,
      query: def.query,
      body: def.body,
      response: def.response,
      file: def.file,
    },
    async handle(ctx, req, res) {
      const params = def.params?.parse(req.params);
      const body = def.invalid
        ? parseOr422(def.body, req.body ?? {})
        : def.body?.parse(req.body ?? {});
      const query = def.query?.parse(req.query);
      return def.handle(
        ctx,
        { params: params as Out<P>, query: query as Out<Q>, body: body as Out<B> },
        req,
        res,
      );
    },
  };
}

/** Parses a body, refusing it as the API server refuses an invalid object: 422 with each field. */
function parseOr422(schema: Schema | undefined, value: unknown): unknown {
  const parsed = schema?.safeParse(value);
  if (!parsed || parsed.success) return parsed?.data;
  const causes = parsed.error.issues.map((i) => ({
    reason: 'FieldValueInvalid',
    message: i.message,
    field: i.path
      .map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n ? '.' : ''}${String(p)}`))
      .join(''),
  }));
  throw new ApiError(
    422,
    `invalid: ${causes.map((c) => `${c.field || 'body'}: ${c.message}`).join('; ')}`,
    'Invalid',
    { causes },
  );
}

export const routes: RouteDef[] = [
  route({
    method: 'get',
    path: '/api/auth/config',
    query: noInput,
    response: authConfigResponse,
    async handle(ctx, _input, req, res) {
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
    body: demoSignInRequest,
    response: noJson,
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
    body: tokenSignInRequest,
    response: noJson,
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
    query: oidcLoginQuery,
    response: noJson,
    async handle(ctx, { query }, _req, res) {
      if (!ctx.oidc) throw new ApiError(404, 'OIDC sign-in is not enabled', 'NotFound');
      await ctx.oidc.login(res, query.returnTo);
    },
  }),
  route({
    method: 'get',
    path: '/api/auth/oidc/callback',
    signIn: true,
    query: oidcCallbackQuery,
    response: noJson,
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
    body: noInput,
    response: noJson,
    async handle(ctx, _input, req, res) {
      await signOut(ctx, req, res);
    },
  }),
  route({
    method: 'get',
    path: '/api/session',
    query: noInput,
    response: sessionResponse,
    async handle(ctx, _input, req, res) {
      return sessionAnswer(ctx, req, res);
    },
  }),
  route({
    method: 'get',
    path: '/api/healthz',
    query: noInput,
    response: healthResponse,
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
    query: noInput,
    response: liveResponse,
    // Liveness: the process answers. Nothing it depends on is asked, so a slow cluster never gets
    // a healthy replica restarted.
    async handle(): Promise<{ status: 'ok' }> {
      return { status: 'ok' };
    },
  }),
  route({
    method: 'get',
    path: '/api/readyz',
    query: noInput,
    response: readyResponse,
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
    query: noInput,
    response: clustersResponse,
    async handle(ctx, _input, req) {
      requireSession(req);
      return ctx.clusters.health();
    },
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/namespaces',
    params: clusterParams,
    query: namespaceSearchQuery,
    response: namespaceSearchResponse,
    handle(ctx, { params, query }, req) {
      const session = requireSession(req);
      return searchNamespaces(clusterOf(ctx, params.cluster), session, query);
    },
  }),
  route({
    method: 'get',
    path: '/api/audit',
    query: auditQuery,
    response: auditResponse,
    async handle(ctx, { query }, req) {
      return auditAnswer(ctx, req, query);
    },
  }),
  // Access analysis (issue 8): served only to users allowed to list the RBAC objects involved.
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/check',
    params: clusterParams,
    query: checkQuery,
    response: accessCheckResponse,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.check(ctx, query, req)),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/who-can',
    params: clusterParams,
    query: requestQuery,
    response: whoCanResponse,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.whoCan(ctx, query, req)),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/matrix',
    params: clusterParams,
    query: matrixQuery,
    response: accessMatrixResponse,
    // With format=csv.
    file: 'text/csv',
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.matrix(ctx, query, req, res)),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/subject',
    params: clusterParams,
    query: subjectQuery,
    response: subjectViewResponse,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.subject(ctx, query, req)),
  }),
  // The subject directory (issue 14): only subjects of bindings the user may list, asked as them.
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/subjects',
    params: clusterParams,
    query: directoryQuery,
    response: subjectDirectoryResponse,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.subjects(ctx, query, req)),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/access/risks',
    params: clusterParams,
    query: noInput,
    response: risksResponse,
    handle: (ctx, _input, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.risks(ctx, req)),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/access/impact',
    params: clusterParams,
    body: impactBody,
    response: impactResponse,
    handle: (ctx, { body }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => analysisApi.impact(ctx, body, req)),
  }),
  // Fleet analysis (issue 16): the per-cluster analyses on several clusters at once, each answering
  // for itself; copying a binding to other clusters as a plan, applied as the user per cluster.
  route({
    method: 'get',
    path: '/api/fleet/who-can',
    query: fleetWhoCanQuery,
    response: fleetWhoCanResponse,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => fleetWhoCan(ctx, query, req)),
  }),
  route({
    method: 'get',
    path: '/api/fleet/check',
    query: fleetCheckQuery,
    response: fleetCheckResponse,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => fleetCheck(ctx, query, req)),
  }),
  route({
    method: 'get',
    path: '/api/fleet/compare',
    query: fleetCompareQuery,
    response: fleetCompareResponse,
    handle: (ctx, { query }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => fleetCompare(ctx, query, req)),
  }),
  route({
    method: 'post',
    path: '/api/fleet/copy-binding/plan',
    body: copyPlanBody,
    response: copyPlanResponse,
    handle: (ctx, { body }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => planCopy(ctx, body, req)),
  }),
  route({
    method: 'post',
    path: '/api/fleet/copy-binding/apply',
    body: copyApplyBody,
    response: copyApplyResponse,
    handle: (ctx, { body }, req, res) =>
      inAnalysisSlot(ctx, req, res, () => applyCopy(ctx, body, req)),
  }),
  // Projects and collaborators (issue 7): every write made as the user, multi-step changes roll back.
  route({
    method: 'get',
    path: '/api/clusters/:cluster/projects',
    params: clusterParams,
    query: noInput,
    response: projectsResponse,
    handle: (ctx, { params }, req) => listProjects(ctx, req, params.cluster),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects',
    params: clusterParams,
    body: createProjectBody,
    response: changeReport,
    handle: (ctx, { params, body }, req) => createProject(ctx, req, params.cluster, body),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/projects/:project',
    params: projectParams,
    query: noInput,
    response: projectDetailResponse,
    handle: (ctx, { params: p }, req) => projectDetail(ctx, req, p.cluster, p.project),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/delete',
    params: projectParams,
    body: deleteProjectBody,
    response: changeReport,
    handle: (ctx, { params: p, body }, req) =>
      deleteProject(ctx, req, p.cluster, p.project, body.confirm),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/namespaces/:namespace',
    params: namespaceParams,
    body: noInput,
    response: changeReport,
    handle: (ctx, { params: p }, req) => addNamespace(ctx, req, p.cluster, p.project, p.namespace),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/namespaces/:namespace/remove',
    params: namespaceParams,
    body: noInput,
    response: changeReport,
    handle: (ctx, { params: p }, req) =>
      removeNamespace(ctx, req, p.cluster, p.project, p.namespace),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/collaborators',
    params: projectParams,
    body: inviteBody,
    response: changeReport,
    handle: (ctx, { params: p, body }, req) =>
      changeCollaborators(ctx, req, p.cluster, p.project, { kind: 'invite', ...body }),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/collaborators/level',
    params: projectParams,
    body: changeLevelBody,
    response: changeReport,
    handle: (ctx, { params: p, body }, req) =>
      changeCollaborators(ctx, req, p.cluster, p.project, { kind: 'change-level', ...body }),
  }),
  route({
    method: 'post',
    path: '/api/clusters/:cluster/projects/:project/collaborators/remove',
    params: projectParams,
    body: removeBody,
    response: changeReport,
    handle: (ctx, { params: p, body }, req) =>
      changeCollaborators(ctx, req, p.cluster, p.project, { kind: 'remove', ...body }),
  }),
  // Kubeconfig downloads: the person's own identity, token bound to a per-file Secret.
  route({
    method: 'get',
    path: '/api/clusters/:cluster/kubeconfig',
    mints: true,
    params: clusterParams,
    query: kubeconfigQuery,
    response: noJson,
    file: 'application/yaml',
    handle: (ctx, { params, query }, req, res) =>
      downloadKubeconfig(ctx, req, res, params.cluster, query),
  }),
  route({
    method: 'get',
    path: '/api/clusters/:cluster/kubeconfig/info',
    params: clusterParams,
    query: kubeconfigInfoQuery,
    response: kubeconfigInfo,
    handle: (ctx, { params, query }, req) =>
      query.project === undefined
        ? namespaceKubeconfigInfo(ctx, req, params.cluster, query.namespace!)
        : kubeconfigInfoOf(ctx, req, params.cluster, query.project),
  }),
  route({
    method: 'get',
    path: '/api/kubeconfigs',
    query: noInput,
    response: kubeconfigsResponse,
    handle: (ctx, _input, req) => myKubeconfigs(ctx, req),
  }),
  route({
    method: 'post',
    path: '/api/kubeconfigs/revoke-all',
    body: noInput,
    response: revokeResponse,
    handle: (ctx, _input, req) => revokeKubeconfigs(ctx, req),
  }),
  route({
    method: 'post',
    path: '/api/kubeconfigs/:cluster/:id/revoke',
    params: revokeParams,
    body: noInput,
    response: revokeResponse,
    handle: (ctx, { params }, req) => revokeKubeconfigs(ctx, req, params),
  }),
  // AccessPolicies (issue 16): stored on the home cluster, planned and applied per cluster as the user.
  route({
    method: 'get',
    path: '/api/fleet/policies',
    query: noInput,
    response: policiesResponse,
    handle: (ctx, _input, req) => listPolicies(ctx, req),
  }),
  route({
    method: 'post',
    path: '/api/fleet/policies',
    invalid: 422,
    body: createPolicyBody,
    response: accessPolicy,
    handle: (ctx, { body }, req, res) => createPolicy(ctx, req, res, body),
  }),
  route({
    method: 'post',
    path: '/api/fleet/policies/plan',
    invalid: 422,
    body: planBody,
    response: policyPlan,
    handle: (ctx, { body }, req) => planPolicy(ctx, req, body),
  }),
  route({
    method: 'get',
    path: '/api/fleet/policies/:name',
    params: policyParams,
    query: noInput,
    response: policyDetailResponse,
    handle: (ctx, { params }, req) => policyDetail(ctx, req, params.name),
  }),
  route({
    method: 'put',
    path: '/api/fleet/policies/:name',
    invalid: 422,
    params: policyParams,
    body: updatePolicyBody,
    response: accessPolicy,
    handle: (ctx, { params, body }, req) => updatePolicy(ctx, req, params.name, body),
  }),
  route({
    method: 'post',
    path: '/api/fleet/policies/:name/apply',
    params: policyParams,
    body: applyBody,
    response: applyResponse,
    handle: (ctx, { params, body }, req, res) => applyPolicy(ctx, req, res, params.name, body),
  }),
  // Fleet projects (issue 16 item 5): a project across clusters, changed on all of them or none.
  route({
    method: 'get',
    path: '/api/fleet/projects',
    query: noInput,
    response: fleetProjectsResponse,
    handle: (ctx, _input, req) => listFleetProjects(ctx, req),
  }),
  route({
    method: 'get',
    path: '/api/fleet/projects/:name',
    params: fleetProjectParams,
    query: noInput,
    response: fleetProjectDetailResponse,
    handle: (ctx, { params }, req) => fleetProjectDetail(ctx, req, params.name),
  }),
  route({
    method: 'post',
    path: '/api/fleet/projects/:name/collaborators/plan',
    params: fleetProjectParams,
    body: fleetPlanBody,
    response: fleetPlan,
    handle: (ctx, { params, body }, req) => planFleetChange(ctx, req, params.name, body.change),
  }),
  route({
    method: 'post',
    path: '/api/fleet/projects/:name/collaborators/apply',
    params: fleetProjectParams,
    body: fleetApplyBody,
    response: fleetChangeReport,
    handle: (ctx, { params, body }, req) =>
      applyFleetChange(ctx, req, params.name, body.change, body.digest),
  }),
  route({
    method: 'get',
    path: '/api/fleet/projects/:name/kubeconfig',
    mints: true,
    params: fleetProjectParams,
    query: fleetKubeconfigQuery,
    response: noJson,
    file: 'application/yaml',
    handle: (ctx, { params, query }, req, res) =>
      downloadFleetKubeconfig(ctx, req, res, params.name, query),
  }),
];
