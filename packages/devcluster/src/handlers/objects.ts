// get/create/update/patch/delete/deletecollection on stored resources and their status/scale subresources.
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../auth/user.js';
import { MAX_OBJECT_DEPTH, tooDeepToKeep, valueDeeperThan } from '../decode.js';
import { wantsAs } from '../http.js';
import { applyPatch, mergePatch, strategicMerge, type Json } from '../patch.js';
import { fieldPath } from '../crd/jsonpath.js';
import type { Registry, WriteOptions } from '../registry.js';
import { storeKey, type ResourceType } from '../resources.js';
import type { KObject } from '../object.js';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../selectors.js';
import {
  ApiError,
  badRequest,
  invalid,
  methodNotAllowed,
  notFound,
  successStatus,
} from '../status.js';
import { toTable } from '../table.js';

export interface ObjectRequest {
  req: IncomingMessage;
  user: UserInfo;
  t: ResourceType;
  verb: string;
  namespace: string | undefined;
  name: string;
  subresource: string;
  query: URLSearchParams;
  body: unknown;
  /** Throws Forbidden unless the user may also `verb` this resource (server-side apply creating). */
  requireAlso: (verb: string) => void;
}

/**
 * Resources whose PUT of a missing object creates it (201): their REST strategies'
 * AllowCreateOnUpdate is true (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/strategy.go).
 */
const CREATE_ON_UPDATE = new Set([
  'rbac.authorization.k8s.io/roles',
  'rbac.authorization.k8s.io/clusterroles',
  'rbac.authorization.k8s.io/rolebindings',
  'rbac.authorization.k8s.io/clusterrolebindings',
]);

/** Resources whose DELETE answers with the object rather than a Success Status (ReturnDeletedObject). */
const RETURNS_DELETED = new Set(['/pods', '/namespaces', '/services']);

function asObject(body: unknown, what = 'object'): KObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest(`the request body must be a JSON ${what}`);
  const o = body as KObject;
  // A metadata of the wrong type is left for the registry's decode check to refuse.
  if (o.metadata === undefined || o.metadata === null) o.metadata = { name: '' };
  return o;
}

function dryRun(q: URLSearchParams): boolean {
  return q.getAll('dryRun').includes('All');
}

/** A custom object as served at the requested version: with None conversion, only apiVersion differs. */
export function present(t: ResourceType, o: KObject): KObject {
  if (!t.crd) return o;
  const apiVersion = `${t.group}/${t.version}`;
  return o.apiVersion === apiVersion ? o : { ...o, apiVersion };
}

function getPath(o: unknown, path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function setPath(
  o: Record<string, unknown>,
  path: string[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return o;
  if (rest.length === 0) return { ...o, [head]: value };
  const child = o[head];
  const base =
    typeof child === 'object' && child !== null && !Array.isArray(child)
      ? (child as Record<string, unknown>)
      : {};
  return { ...o, [head]: setPath(base, rest, value) };
}

/**
 * The Scale of a custom object maps specReplicasPath, statusReplicasPath and labelSelectorPath
 * (apiextensions-apiserver pkg/registry/customresource/etcd.go, scaleFromCustomResource): a
 * missing replicas value reads as 0, a selector as "".
 */
function customScaleOf(t: ResourceType, o: KObject): Record<string, unknown> {
  const paths = t.crd?.scale;
  const spec = paths ? getPath(o, fieldPath(paths.specReplicasPath)) : undefined;
  const status = paths ? getPath(o, fieldPath(paths.statusReplicasPath)) : undefined;
  const selector = paths?.labelSelectorPath
    ? getPath(o, fieldPath(paths.labelSelectorPath))
    : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: typeof spec === 'number' ? spec : 0 },
    status: {
      replicas: typeof status === 'number' ? status : 0,
      ...(typeof selector === 'string' && selector !== '' ? { selector } : {}),
    },
  };
}

function scaleOf(t: ResourceType, o: KObject): Record<string, unknown> {
  if (t.crd) return customScaleOf(t, o);
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const status = (o.status ?? {}) as Record<string, unknown>;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: {
      replicas:
        typeof spec.replicas === 'number' ? spec.replicas : t.plural === 'deployments' ? 1 : 0,
    },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0 },
  };
}

export interface Reply {
  code: number;
  body: unknown;
  /** Sent as `Warning: 299 - "<text>"` headers. */
  warnings?: string[];
}

function send(r: ObjectRequest, code: number, stored: KObject): Reply {
  const o = present(r.t, stored);
  if (wantsAs(r.req.headers.accept, 'Table', 'meta.k8s.io', ['v1', 'v1beta1'])) {
    const inc = r.query.get('includeObject');
    const includeObject = inc === 'None' || inc === 'Object' ? inc : 'Metadata';
    return {
      code,
      body: toTable(
        r.t,
        [o],
        { resourceVersion: o.metadata.resourceVersion ?? '' },
        { includeObject, withColumns: true },
      ),
    };
  }
  return { code, body: o };
}

function handleScale(registry: Registry, r: ObjectRequest): Reply {
  const current = registry.get(r.t, r.namespace, r.name);
  if (r.verb === 'get') return { code: 200, body: scaleOf(r.t, current) };
  if (r.verb !== 'update' && r.verb !== 'patch') throw methodNotAllowed();
  const scale =
    r.verb === 'patch'
      ? applyPatch(String(r.req.headers['content-type'] ?? ''), scaleOf(r.t, current), r.body)
      : asObject(r.body, 'Scale');
  const replicas = (scale.spec as Record<string, unknown> | undefined)?.replicas;
  if (typeof replicas !== 'number') throw badRequest('spec.replicas must be a number');
  const next: KObject = r.t.crd?.scale
    ? (setPath(current, fieldPath(r.t.crd.scale.specReplicasPath), replicas) as KObject)
    : { ...current, spec: { ...((current.spec ?? {}) as object), replicas } };
  const rv = (scale.metadata as Record<string, unknown> | undefined)?.resourceVersion;
  if (typeof rv === 'string' && rv !== '')
    next.metadata = { ...next.metadata, resourceVersion: rv };
  const stored = registry.update(r.t, r.namespace, r.name, next, {
    user: r.user,
    dryRun: dryRun(r.query),
  });
  return { code: 200, body: scaleOf(r.t, stored) };
}

/**
 * A pragmatic server-side apply: creates the object, or strategic-merges the applied configuration
 * onto it. Field ownership (managedFields, conflicts, removal of fields a manager stopped applying)
 * is not tracked.
 */
function serverSideApply(
  registry: Registry,
  r: ObjectRequest,
  opts: WriteOptions & { subresource?: string },
): Reply {
  if (!r.query.get('fieldManager')) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [
      {
        type: 'FieldValueRequired',
        field: 'fieldManager',
        message: 'Required value: is required for apply patch',
      },
    ]);
  }
  const applied = asObject(r.body);
  if (applied.metadata.name && applied.metadata.name !== r.name) {
    throw badRequest(
      `the name of the object (${applied.metadata.name}) does not match the name on the URL (${r.name})`,
    );
  }
  const current = registry.store.get(storeKey(r.t), r.namespace, r.name);
  if (!current) {
    r.requireAlso('create');
    return send(
      r,
      201,
      registry.create(
        r.t,
        r.namespace,
        { ...applied, metadata: { ...applied.metadata, name: r.name } },
        opts,
      ),
    );
  }
  // Custom resources have no patch strategies: their lists are atomic, so the applied
  // configuration merges as a JSON merge patch would.
  const merged = (r.t.crd ? mergePatch : strategicMerge)(
    current as unknown as Json,
    applied as unknown as Json,
  ) as unknown as KObject;
  merged.metadata = {
    ...merged.metadata,
    resourceVersion: applied.metadata.resourceVersion ?? current.metadata.resourceVersion,
  };
  return send(r, 200, registry.update(r.t, r.namespace, r.name, merged, opts));
}

/** Serves the request and returns the reply, which the caller sends once the write is durable. */
/**
 * The patch types kube-apiserver accepts for custom resources: no strategic merge
 * (staging/src/k8s.io/apiserver/pkg/endpoints/installer.go, supportedTypes without
 * StrategicMergePatchType for unstructured kinds); another type is a 415.
 */
function refuseStrategicMergeOnCustom(r: ObjectRequest): void {
  if (!r.t.crd) return;
  const type =
    String(r.req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim() ?? '';
  if (type === 'application/strategic-merge-patch+json') {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
    );
  }
}

export function handleObject(registry: Registry, r: ObjectRequest): Reply {
  const warnings: string[] = [];
  const reply = serveObject(registry, r, warnings);
  return warnings.length ? { ...reply, warnings } : reply;
}

function serveObject(registry: Registry, r: ObjectRequest, warnings: string[]): Reply {
  const fieldValidation = r.query.get('fieldValidation');
  const opts = {
    user: r.user,
    dryRun: dryRun(r.query),
    warnings,
    ...(fieldValidation ? { fieldValidation } : {}),
  };
  if (r.verb === 'patch') refuseStrategicMergeOnCustom(r);
  // Patches are merged recursively before the result is decoded: bound their nesting first.
  if (r.verb === 'patch' && valueDeeperThan(r.body, MAX_OBJECT_DEPTH))
    throw tooDeepToKeep(r.t.kind);
  if (r.subresource === 'scale' && r.t.subresources?.includes('scale'))
    return handleScale(registry, r);
  if (r.subresource !== '' && !(r.t.subresources ?? []).includes(r.subresource))
    throw notFound(r.t, r.name);
  const subresource = r.subresource === 'status' ? 'status' : undefined;
  switch (r.verb) {
    case 'get':
      return send(r, 200, registry.get(r.t, r.namespace, r.name));
    case 'create': {
      const created = registry.create(r.t, r.namespace, asObject(r.body), opts);
      return send(r, 201, created);
    }
    case 'update': {
      if (
        !subresource &&
        CREATE_ON_UPDATE.has(storeKey(r.t)) &&
        !registry.store.get(storeKey(r.t), r.namespace, r.name)
      ) {
        // kube-apiserver authorizes the create it turns into (withAuthorization in handlers/update.go).
        r.requireAlso('create');
        const body = asObject(r.body);
        if (body.metadata.name && body.metadata.name !== r.name) {
          throw badRequest(
            `the name of the object (${body.metadata.name}) does not match the name on the URL (${r.name})`,
          );
        }
        const created = registry.create(
          r.t,
          r.namespace,
          { ...body, metadata: { ...body.metadata, name: r.name } },
          opts,
        );
        return send(r, 201, created);
      }
      const updated = registry.update(r.t, r.namespace, r.name, asObject(r.body), {
        ...opts,
        subresource,
      });
      return send(r, 200, updated);
    }
    case 'patch': {
      if (String(r.req.headers['content-type'] ?? '').startsWith('application/apply-patch'))
        return serverSideApply(registry, r, { ...opts, subresource });
      const current = registry.get(r.t, r.namespace, r.name);
      const patched = applyPatch(
        String(r.req.headers['content-type'] ?? ''),
        current,
        r.body,
      ) as KObject;
      const meta = (patched.metadata ?? {}) as KObject['metadata'];
      // A patch that leaves resourceVersion alone applies to what it was computed on: the current object.
      patched.metadata = {
        ...meta,
        resourceVersion: meta.resourceVersion ?? current.metadata.resourceVersion,
      };
      const updated = registry.update(r.t, r.namespace, r.name, patched, { ...opts, subresource });
      return send(r, 200, updated);
    }
    case 'delete': {
      const options = (r.body ?? {}) as {
        preconditions?: { uid?: string; resourceVersion?: string };
      };
      const gone = registry.delete(r.t, r.namespace, r.name, {
        ...opts,
        preconditions: options.preconditions ?? {},
      });
      if (RETURNS_DELETED.has(storeKey(r.t))) return send(r, 200, gone);
      return { code: 200, body: successStatus(r.t, gone.metadata.name, gone.metadata.uid ?? '') };
    }
    case 'deletecollection': {
      const labels = parseLabelSelector(r.query.get('labelSelector'));
      const fields = parseFieldSelector(
        r.query.get('fieldSelector'),
        storeKey(r.t),
        r.t.crd?.selectableFields,
      );
      const victims = registry.store
        .list(storeKey(r.t), r.namespace)
        .filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o));
      const items = victims.map((o) =>
        present(r.t, registry.delete(r.t, o.metadata.namespace, o.metadata.name, opts)),
      );
      return {
        code: 200,
        body: {
          kind: `${r.t.kind}List`,
          apiVersion: r.t.group ? `${r.t.group}/${r.t.version}` : r.t.version,
          metadata: {},
          items,
        },
      };
    }
    default:
      throw methodNotAllowed();
  }
}
