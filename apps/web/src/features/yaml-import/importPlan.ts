import { parseAllDocuments, stringify } from 'yaml';
import { lineDiff, type DiffLine } from '../../ui/LineDiff.js';
import { validateRbacObject } from '@gatehouse/policy';
import {
  bindingSchema,
  roleSchema,
  type BindingObject,
  type RoleObject,
} from '../../api/rbacSchemas.js';
import { RBAC_API_VERSION, rbacKinds, type RbacKind } from '../../api/rbacKinds.js';

export interface ImportObject {
  /** 1-based position in the stream, counting every document, as a person reads it. */
  document: number;
  kind: RbacKind;
  object: RoleObject | BindingObject;
  /** "ClusterRole view-widgets" or "RoleBinding payments/readers". */
  label: string;
}

export type ParsedStream = { ok: true; objects: ImportObject[] } | { ok: false; errors: string[] };

function isKind(k: unknown): k is RbacKind {
  return typeof k === 'string' && Object.hasOwn(rbacKinds, k);
}

/** What one document is called in messages: its kind and name when it has them. */
function describe(n: number, raw: unknown): string {
  const r = raw as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  const kind = typeof r?.kind === 'string' ? r.kind : undefined;
  const name = typeof r?.metadata?.name === 'string' ? r.metadata.name : undefined;
  const ns = typeof r?.metadata?.namespace === 'string' ? `${r.metadata.namespace}/` : '';
  return kind && name ? `Document ${n} (${kind} ${ns}${name})` : `Document ${n}`;
}

/**
 * Reads a YAML file or a pasted multi-document stream of RBAC objects. Every document must be a
 * valid Role, ClusterRole, RoleBinding or ClusterRoleBinding (rbac.authorization.k8s.io/v1) that
 * names its namespace when it has one; otherwise the errors name each bad document and nothing is
 * imported. Empty documents (a trailing `---`) are skipped.
 */
export function parseStream(text: string): ParsedStream {
  const errors: string[] = [];
  const objects: ImportObject[] = [];
  const seen = new Map<string, number>();
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs))
    return { ok: false, errors: ['The text is not YAML: nothing could be read'] };
  docs.forEach((doc, i) => {
    const n = i + 1;
    if (doc.errors.length > 0) {
      const first = doc.errors[0]?.message.split('\n')[0] ?? 'invalid YAML';
      errors.push(`Document ${n}: not valid YAML: ${first}`);
      return;
    }
    const raw: unknown = doc.toJS();
    if (raw === null || raw === undefined) return;
    const where = describe(n, raw);
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push(`${where}: not a Kubernetes object`);
      return;
    }
    const { kind, apiVersion } = raw as { kind?: unknown; apiVersion?: unknown };
    if (!isKind(kind)) {
      errors.push(
        `${where}: kind ${typeof kind === 'string' ? kind : '(missing)'} is not an RBAC kind; only Role, ClusterRole, RoleBinding and ClusterRoleBinding can be imported`,
      );
      return;
    }
    if (apiVersion !== RBAC_API_VERSION) {
      errors.push(`${where}: apiVersion must be ${RBAC_API_VERSION}`);
      return;
    }
    const info = rbacKinds[kind];
    const parsed = (info.isBinding ? bindingSchema : roleSchema).safeParse(raw);
    if (!parsed.success) {
      errors.push(
        `${where}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'object'} ${x.message}`).join('; ')}`,
      );
      return;
    }
    const object = parsed.data;
    const meta = object.metadata;
    if (info.namespaced && !meta.namespace) {
      errors.push(`${where}: metadata.namespace is required for a ${kind}`);
      return;
    }
    if (!info.namespaced && meta.namespace) {
      errors.push(`${where}: a ${kind} is cluster-wide and has no metadata.namespace`);
      return;
    }
    const validation = validateRbacObject({ ...object, kind, apiVersion });
    if (!validation.valid) {
      errors.push(
        `${where}: ${validation.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      );
      return;
    }
    const label = `${kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`;
    const earlier = seen.get(label);
    if (earlier !== undefined) {
      errors.push(`${where}: ${label} is also document ${earlier}; import each object once`);
      return;
    }
    seen.set(label, n);
    // Server-owned fields from an exported object would make the write a stale update or a refusal.
    const {
      resourceVersion: _rv,
      uid: _uid,
      creationTimestamp: _ct,
      managedFields: _mf,
      ...rest
    } = meta as typeof meta & { managedFields?: unknown };
    objects.push({
      document: n,
      kind,
      label,
      object: { ...object, apiVersion: RBAC_API_VERSION, kind, metadata: rest },
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  if (objects.length === 0)
    return { ok: false, errors: ['No objects to import: the text is empty'] };
  return { ok: true, objects };
}

const BOOKKEEPING = ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields'];

/** YAML of an object as people compare it: without the fields the server keeps for itself. */
export function comparableYaml(obj: object | null): string {
  if (!obj) return '';
  const copy = structuredClone(obj) as { metadata?: Record<string, unknown> };
  if (copy.metadata) for (const k of BOOKKEEPING) delete copy.metadata[k];
  return stringify(copy, { lineWidth: 0 });
}

export type { DiffLine };

/** A line diff (jsdiff) of the object as stored and as the dry run says it would be. */
export function objectDiff(before: object | null, after: object | null): DiffLine[] {
  return lineDiff(comparableYaml(before), comparableYaml(after));
}
