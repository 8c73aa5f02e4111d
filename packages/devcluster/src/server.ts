// The request pipeline: faults → authentication → impersonation → authorization → routing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth/authenticator.js';
import { impersonate } from './auth/impersonation.js';
import type { ServiceAccountTokens } from './auth/serviceaccount-tokens.js';
import {
  forbiddenError,
  toAuthorizationRequest,
  type ClusterAuthorizer,
} from './authz/authorizer.js';
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery.js';
import type { CustomResources } from './crd/catalog.js';
import type { Emulation } from './emulation.js';
import type { FaultInjector } from './faults.js';
import { handleObject } from './handlers/objects.js';
import { handleList, handleWatch } from './handlers/list-watch.js';
import { handleReview, handleTokenRequest } from './handlers/reviews.js';
import { parseAccept, parseBody, readBody, sendError, sendJson } from './http.js';
import type { Registry } from './registry.js';
import { parseRequestInfo, type ResourceRequestInfo } from './requestinfo.js';
import type { ResourceType } from './resources.js';
import { ApiError, badRequest, internalError, methodNotAllowed, unauthorized } from './status.js';

export interface ServerDeps {
  registry: Registry;
  authn: Authenticator;
  authz: ClusterAuthorizer;
  tokens: ServiceAccountTokens;
  faults: FaultInjector;
  /** Resolves once every write made so far is on disk (no-op without a state file). */
  durable: () => Promise<void>;
  /** host:port clients reach this server at (legacy discovery advertises it). */
  serverAddress: () => string;
  /** The Kubernetes version served (--emulate-version): its /version and resource types, custom ones included. */
  emulation: Emulation;
  /** Custom resources: their watches end when their CRD is deleted. */
  customResources?: CustomResources;
}

const NOT_FOUND = new ApiError(
  404,
  'NotFound',
  'the server could not find the requested resource',
  {},
);

function discoveryVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const m of parseAccept(accept)) {
    if (m.type !== 'application/json') continue;
    if (!m.params.as) return undefined;
    if (
      m.params.as === 'APIGroupDiscoveryList' &&
      m.params.g === 'apidiscovery.k8s.io' &&
      (m.params.v === 'v2' || m.params.v === 'v2beta1')
    ) {
      return m.params.v;
    }
  }
  return undefined;
}

function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function serveNonResource(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
  const p = path.length > 1 ? path.replace(/\/$/, '') : path;
  if (['/healthz', '/livez', '/readyz'].includes(p) || /^\/(healthz|livez|readyz)\//.test(p))
    return sendText(res, 200, 'ok');
  const served = deps.emulation.resources;
  if (p === '/version') return sendJson(res, 200, deps.emulation.version);
  if (p === '/api' || p === '/apis') {
    const v = discoveryVersion(req.headers.accept);
    if (v)
      return sendJson(
        res,
        200,
        aggregatedDiscovery(p === '/api', v, served),
        `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`,
      );
    return sendJson(
      res,
      200,
      p === '/api' ? apiVersions(deps.serverAddress()) : apiGroupList(served),
    );
  }
  if (p === '/openapi/v3') return sendJson(res, 200, { paths: {} });
  if (p === '/openapi/v2') {
    // An empty protobuf Document: kubectl finds no schema and validates nothing client-side.
    if ((req.headers.accept ?? '').includes('protobuf')) {
      res.writeHead(200, {
        'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
        'Content-Length': 0,
      });
      res.end();
      return;
    }
    return sendJson(res, 200, {
      swagger: '2.0',
      info: { title: 'Kubernetes', version: deps.emulation.version.gitVersion },
      paths: {},
      definitions: {},
    });
  }
  const parts = p.split('/').filter((s) => s !== '');
  let doc: object | undefined;
  if (parts[0] === 'api' && parts.length === 2) doc = apiResourceList('', parts[1] ?? '', served);
  if (parts[0] === 'apis' && parts.length === 2) doc = apiGroup(parts[1] ?? '', served);
  if (parts[0] === 'apis' && parts.length === 3)
    doc = apiResourceList(parts[1] ?? '', parts[2] ?? '', served);
  if (!doc) throw NOT_FOUND;
  sendJson(res, 200, doc);
}

/** Resolves the resource type and the namespace the object lives in (undefined: cluster scope or all namespaces). */
function resolve(
  info: ResourceRequestInfo,
  emulation: Emulation,
): {
  t: ResourceType;
  namespace: string | undefined;
  name: string;
} {
  const t = emulation.find(info.group, info.version, info.resource);
  if (!t) throw NOT_FOUND;
  if (t.group === '' && t.plural === 'namespaces')
    return { t, namespace: undefined, name: info.name };
  if (!t.namespaced && info.namespace) throw NOT_FOUND;
  if (
    t.namespaced &&
    !info.namespace &&
    info.verb !== 'list' &&
    info.verb !== 'watch' &&
    !t.virtual
  )
    throw NOT_FOUND;
  return {
    t,
    namespace: t.namespaced && info.namespace ? info.namespace : undefined,
    name: info.name,
  };
}

/**
 * Go's net/http hands kube-apiserver the decoded path (URL.Path), so `system%3Abasic-user`
 * names `system:basic-user`; a malformed escape is a 400, as Go's server answers.
 */
function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw badRequest(`invalid URL escape in path ${JSON.stringify(pathname)}`);
  }
}

async function serve(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://devcluster.invalid');
  const path = decodePath(url.pathname);
  const query = url.searchParams;
  await deps.faults.before(path, req.method ?? 'GET');
  const authenticated = await deps.authn.authenticate(req);
  if (!authenticated) throw unauthorized();
  const user = impersonate(req, authenticated, deps.authz);
  const info = parseRequestInfo(req.method ?? 'GET', path, query);
  const request = toAuthorizationRequest(info);
  const decision = deps.authz.authorize(user, request);
  if (!decision.allowed) throw forbiddenError(user, request, decision.reason);
  if (info.kind === 'nonresource') return serveNonResource(deps, req, res, path);

  const { t, namespace } = resolve(info, deps.emulation);
  if (!info.subresource && !t.verbs.includes(info.verb)) throw methodNotAllowed();
  const needsBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method ?? '');
  const body = needsBody
    ? parseBody(await readBody(req), req.headers['content-type'], t.kind)
    : undefined;
  if (t.virtual) {
    if (info.verb !== 'create') throw methodNotAllowed();
    return sendJson(res, 201, await handleReview(deps, t, user, info.namespace, body));
  }
  if (info.subresource === 'token' && t.plural === 'serviceaccounts' && t.group === '') {
    if (info.verb !== 'create') throw methodNotAllowed();
    return sendJson(res, 201, await handleTokenRequest(deps, info.namespace, info.urlName, body));
  }
  const scope = { t, namespace, query };
  if (info.verb === 'list') return handleList(deps.registry.store, scope, req, res);
  if (info.verb === 'watch') {
    const dropAfterMs = deps.faults.dropWatchesAfterMs();
    return handleWatch(deps.registry.store, scope, req, res, {
      ...(dropAfterMs ? { dropAfterMs } : {}),
      track: (end) => {
        const untrackFault = deps.faults.trackWatch(end);
        const untrackCustom = t.crd ? deps.customResources?.trackWatch(t, end) : undefined;
        return () => {
          untrackFault();
          untrackCustom?.();
        };
      },
    });
  }
  const requireAlso = (verb: string): void => {
    const also = { ...request, verb };
    const d = deps.authz.authorize(user, also);
    if (!d.allowed) throw forbiddenError(user, also, d.reason);
  };
  const reply = handleObject(deps.registry, {
    req,
    user,
    t,
    verb: info.verb,
    namespace,
    name: info.urlName,
    subresource: info.subresource,
    query,
    body,
    requireAlso,
  });
  if (info.verb !== 'get') await deps.durable();
  // As apiserver's warning recorder writes them (RFC 7234 warn-code 299, agent "-").
  if (reply.warnings?.length)
    res.setHeader(
      'Warning',
      reply.warnings.map((w) => `299 - "${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`),
    );
  sendJson(res, reply.code, reply.body);
}

export function requestHandler(
  deps: ServerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    serve(deps, req, res).catch((e: unknown) => {
      const err =
        e instanceof ApiError ? e : internalError(e instanceof Error ? e.message : String(e));
      if (res.headersSent) res.end();
      else sendError(res, err);
    });
  };
}
