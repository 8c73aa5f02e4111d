// Kubernetes write semantics over the raw store: defaults, validation, optimistic concurrency, deletion.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { storeKey, type ResourceType } from './resources.js';
import type { KObject } from './object.js';
import type { Store } from './store.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  notFound,
  STALE,
  type FieldError,
} from './status.js';
import { refuseUndecodable } from './decode.js';
import { validateObjectMeta } from './validation.js';
import { NAMESPACES, NamespaceLifecycle } from './namespaces.js';
import type { UserInfo } from './auth/user.js';
import { applyDefaults, prune, validateAgainstSchema } from './crd/schema.js';

export type WriteOp = 'create' | 'update' | 'delete';

/** Runs before a write is stored; throws an ApiError to refuse it. */
export type Admission = (
  op: WriteOp,
  t: ResourceType,
  obj: KObject,
  old: KObject | undefined,
  user: UserInfo | undefined,
) => void;

/** Runs after a write is stored (controllers). */
export type AfterWrite = (op: WriteOp, t: ResourceType, obj: KObject) => void;

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++)
    s += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
  return s;
}

/** The object as storage would encode it, without its resourceVersion (key order does not matter). */
function storedForm(o: KObject): unknown {
  const { resourceVersion: _rv, ...metadata } = o.metadata;
  return JSON.parse(JSON.stringify({ ...o, metadata })) as unknown;
}

function withoutMeta(o: KObject): string {
  const { metadata: _m, ...rest } = o;
  return JSON.stringify(rest);
}

function withoutMetaAndStatus(o: KObject): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

export interface WriteOptions {
  /** The requesting user; undefined for the cluster's own controllers. */
  user?: UserInfo;
  dryRun?: boolean;
  /** fieldValidation: with Strict, fields a custom resource's schema prunes are a 400; with Warn, warnings. */
  fieldValidation?: string;
  /** Collects the warnings the answer carries (Warning headers). */
  warnings?: string[];
}

/**
 * Prunes unknown fields of a custom object as kube-apiserver's decoder does; with
 * fieldValidation=Strict they are refused as the strict decoder words it
 * (`Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.x"`);
 * with Warn each is a warning `unknown field "spec.x"`.
 */
function pruneCustom(t: ResourceType, filled: KObject, opts: WriteOptions): KObject {
  if (!t.crd) return filled;
  // Nested values may be shared with the stored object (a patch copies only what it changes).
  const obj = { ...structuredClone(filled), metadata: filled.metadata };
  const dropped = prune(obj, t.crd.schema);
  if (dropped.length && opts.fieldValidation === 'Strict')
    throw badRequest(
      `${t.kind} in version ${JSON.stringify(t.version)} cannot be handled as a ${t.kind}: strict decoding error: ${dropped.map((d) => `unknown field ${JSON.stringify(d)}`).join(', ')}`,
    );
  if (opts.fieldValidation === 'Warn')
    for (const d of dropped) opts.warnings?.push(`unknown field ${JSON.stringify(d)}`);
  applyDefaults(obj, t.crd.schema);
  return obj;
}

export interface DeleteOptions extends WriteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

export class Registry {
  readonly admissions: Admission[] = [];
  readonly afterWrites: AfterWrite[] = [];
  /** Type-specific defaulting on create and update (old set), as the API server's defaulters and REST strategies do. */
  readonly defaulters = new Map<string, (obj: KObject, old: KObject | undefined) => void>();
  /** Type-specific validation replacing the generic ObjectMeta checks (the RBAC kinds use packages/policy). */
  readonly validators = new Map<string, (obj: KObject, old: KObject | undefined) => FieldError[]>();

  readonly namespaces: NamespaceLifecycle;

  /** `namespacedKeys`: store keys of every namespaced resource, emptied when a namespace goes. */
  constructor(
    readonly store: Store,
    namespacedKeys: () => string[],
  ) {
    this.namespaces = new NamespaceLifecycle(store, namespacedKeys, (ns) => {
      for (const h of this.afterWrites) h('delete', NAMESPACES, ns);
    });
  }

  get(t: ResourceType, ns: string | undefined, name: string): KObject {
    const o = this.store.get(storeKey(t), t.namespaced ? ns : undefined, name);
    if (!o) throw notFound(t, name);
    return o;
  }

  private fill(t: ResourceType, body: KObject, ns: string | undefined): KObject {
    const metadata = { ...(body.metadata ?? {}) };
    if (t.namespaced) {
      if (metadata.namespace && metadata.namespace !== ns) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      metadata.namespace = ns;
    } else delete metadata.namespace;
    // Custom objects are stored in the storage version (the None conversion rewrites apiVersion).
    const version = t.crd?.storageVersion ?? t.version;
    return {
      ...body,
      apiVersion: t.group ? `${t.group}/${version}` : version,
      kind: t.kind,
      metadata,
    };
  }

  private refuseInvalid(t: ResourceType, obj: KObject, old?: KObject): void {
    const validate = this.validators.get(storeKey(t));
    const errs = validate ? validate(obj, old) : validateObjectMeta(t, obj);
    // Custom objects: ObjectMeta, then the version's structural schema (the CR strategy's Validate).
    if (t.crd) errs.push(...validateAgainstSchema(obj, t.crd.schema));
    if (errs.length)
      throw invalid(t.kind, t.group, obj.metadata.name || obj.metadata.generateName || '', errs);
  }

  create(t: ResourceType, ns: string | undefined, body: KObject, opts: WriteOptions = {}): KObject {
    refuseUndecodable(t, body);
    const obj = pruneCustom(t, this.fill(t, body, ns), opts);
    const m = obj.metadata;
    if (!m.name && m.generateName) {
      do m.name = `${m.generateName}${randomSuffix()}`;
      while (this.store.get(storeKey(t), m.namespace, m.name));
    }
    // A client's create cannot set status where the status subresource owns it; the cluster's own writes can.
    if (opts.user && t.subresources?.includes('status')) delete obj.status;
    this.defaulters.get(storeKey(t))?.(obj, undefined);
    for (const a of this.admissions) a('create', t, obj, undefined, opts.user);
    this.refuseInvalid(t, obj);
    if (t.namespaced) this.namespaces.admitContent(t, m.namespace, m.name);
    if (this.store.get(storeKey(t), m.namespace, m.name)) throw alreadyExists(t, m.name);
    delete m.resourceVersion;
    delete m.deletionTimestamp;
    m.uid = randomUUID();
    m.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (t.subresources?.includes('status') || 'spec' in obj || t.crd) m.generation = 1;
    if (t.plural === 'namespaces' && t.group === '') prepareNamespace(obj);
    if (opts.dryRun) return obj;
    const stored = this.store.put(storeKey(t), obj);
    for (const h of this.afterWrites) h('create', t, stored);
    return stored;
  }

  /** PUT semantics; `subresource` 'status' changes only status, the main resource never does. */
  update(
    t: ResourceType,
    ns: string | undefined,
    name: string,
    body: KObject,
    opts: WriteOptions & { subresource?: string } = {},
  ): KObject {
    const old = this.get(t, ns, name);
    refuseUndecodable(t, body);
    const obj = pruneCustom(t, this.fill(t, body, old.metadata.namespace), opts);
    const m = obj.metadata;
    if (m.name && m.name !== name) {
      throw badRequest(
        `the name of the object (${m.name}) does not match the name on the URL (${name})`,
      );
    }
    let next: KObject;
    if (opts.subresource === 'status') {
      next = { ...old, status: obj.status };
    } else {
      next = {
        ...obj,
        metadata: {
          ...m,
          name,
          uid: old.metadata.uid,
          creationTimestamp: old.metadata.creationTimestamp,
        },
      };
      if (old.metadata.deletionTimestamp)
        next.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      if (t.subresources?.includes('status')) {
        if (old.status === undefined) delete next.status;
        else next.status = old.status;
      }
      this.defaulters.get(storeKey(t))?.(next, old);
      if (typeof old.metadata.generation === 'number') {
        // A custom resource without a status subresource counts status changes too (the CR strategy).
        const whole = t.crd !== undefined && !t.subresources?.includes('status');
        const changed = whole
          ? withoutMeta(old) !== withoutMeta(next)
          : withoutMetaAndStatus(old) !== withoutMetaAndStatus(next);
        next.metadata.generation = old.metadata.generation + (changed ? 1 : 0);
      }
    }
    for (const a of this.admissions) a('update', t, next, old, opts.user);
    if (m.resourceVersion && m.resourceVersion !== old.metadata.resourceVersion)
      throw conflict(t, name, STALE);
    if (m.uid && m.uid !== old.metadata.uid) {
      throw conflict(
        t,
        name,
        `Precondition failed: UID in precondition: ${m.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    // The status strategy validates the whole custom object against its schema as well.
    if (opts.subresource !== 'status' || t.crd) this.refuseInvalid(t, next, old);
    if (opts.dryRun) return next;
    // Storage skips a write that changes nothing (etcd3 GuaranteedUpdate compares the encoded
    // object): no new resourceVersion, no watch event. `kubectl apply` of an unchanged
    // manifest leaves the object as it was.
    if (isDeepStrictEqual(storedForm(old), storedForm(next))) return old;
    const stored = this.store.put(storeKey(t), next);
    for (const h of this.afterWrites) h('update', t, stored);
    return stored;
  }

  delete(t: ResourceType, ns: string | undefined, name: string, opts: DeleteOptions = {}): KObject {
    const old = this.get(t, ns, name);
    const pre = opts.preconditions ?? {};
    if (pre.uid && pre.uid !== old.metadata.uid) {
      throw conflict(
        t,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(
        t,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    for (const a of this.admissions) a('delete', t, old, old, opts.user);
    if (opts.dryRun) return old;
    const key = storeKey(t);
    if (key === storeKey(NAMESPACES)) return this.namespaces.terminate(old);
    const gone = this.store.remove(key, old.metadata.namespace, name) ?? old;
    for (const h of this.afterWrites) h('delete', t, gone);
    return gone;
  }

  /** Finalizes at once: the namespace turns Terminating, its contents go, then the namespace itself. */
}

function prepareNamespace(obj: KObject): void {
  obj.metadata.labels = {
    ...(obj.metadata.labels ?? {}),
    'kubernetes.io/metadata.name': obj.metadata.name,
  };
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  obj.spec = { ...spec, finalizers: spec.finalizers ?? ['kubernetes'] };
  obj.status = { phase: 'Active' };
  delete obj.metadata.generation;
}
