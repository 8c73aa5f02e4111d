// What kube-apiserver's decoder refuses before validation sees an object: JSON nested past the
// scanner's limit, and values of the wrong JSON type for a typed field (labels that are not
// string→string among them). Nothing here recurses on the request's own nesting.
import type { KObject } from './object.js';
import type { ResourceType } from './resources.js';
import { badRequest, type ApiError } from './status.js';

/**
 * encoding/json's scanner (maxNestingDepth in scanner.go), which sigs.k8s.io/json keeps: the
 * 10,001st open `{` or `[` is a syntax error "invalid character '{' exceeded max depth".
 */
export const MAX_DECODE_DEPTH = 10_000;

/**
 * How deep a body the devcluster keeps. No built-in Kubernetes type nests nearly this far; deeper
 * content can only sit in fields kube-apiserver does not know and drops, which the devcluster (with
 * no schemas) would store. It refuses instead, so nothing it stores is too deep to encode.
 */
export const MAX_OBJECT_DEPTH = 100;

/** The first `{`/`[` (outside strings) that opens level `limit + 1`, or undefined. No recursion. */
export function depthExceeded(text: string, limit: number): '{' | '[' | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return c === 0x7b ? '{' : '[';
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}

/** Whether a parsed value nests objects/arrays deeper than `limit` (iterative). */
export function valueDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > limit) return true;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, d + 1]);
  }
  return false;
}

/** As summarizeData in apiserver's handlers/rest.go: the first 30 bytes of a JSON body. */
function summarize(text: string): string {
  if (text.length === 0) return '<empty>';
  const b = Buffer.from(text);
  if (text.startsWith('{')) return b.length > 30 ? `${b.subarray(0, 30).toString()} ...` : text;
  return b.length > 30 ? `${b.subarray(0, 30).toString('hex')} ...` : b.toString('hex');
}

/** Refuses a JSON body the API server's decoder would not get through. */
export function refuseTooDeep(text: string, kind: string): void {
  const c = depthExceeded(text, MAX_DECODE_DEPTH);
  if (c) {
    // transformDecodeError without a decoded kind: "the object provided is unrecognized …".
    throw badRequest(
      `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: invalid character '${c}' exceeded max depth (${summarize(text)})`,
    );
  }
}

export function tooDeepToKeep(kind: string): ApiError {
  return badRequest(
    `the object provided is unrecognized (must be of type ${kind}): it nests deeper than ${MAX_OBJECT_DEPTH} levels, which no built-in type does (kube-apiserver would drop such unknown fields; the devcluster, without schemas, refuses them)`,
  );
}

// A typed field, as Go's json decoder sees it.
type Field =
  | 'string'
  | 'int64'
  | 'int32'
  | 'bool'
  | 'time'
  | { map: Field }
  | { list: Field }
  | { struct: string; fields: Record<string, Field> };

const stringList: Field = { list: 'string' };
const stringMap: Field = { map: 'string' };

const OBJECT_META: Field = {
  struct: 'ObjectMeta',
  fields: {
    name: 'string',
    generateName: 'string',
    namespace: 'string',
    selfLink: 'string',
    uid: 'string',
    resourceVersion: 'string',
    generation: 'int64',
    creationTimestamp: 'time',
    deletionTimestamp: 'time',
    deletionGracePeriodSeconds: 'int64',
    labels: stringMap,
    annotations: stringMap,
    ownerReferences: {
      list: {
        struct: 'OwnerReference',
        fields: {
          apiVersion: 'string',
          kind: 'string',
          name: 'string',
          uid: 'string',
          controller: 'bool',
          blockOwnerDeletion: 'bool',
        },
      },
    },
    finalizers: stringList,
  },
};

const POLICY_RULE: Field = {
  struct: 'PolicyRule',
  fields: {
    verbs: stringList,
    apiGroups: stringList,
    resources: stringList,
    resourceNames: stringList,
    nonResourceURLs: stringList,
  },
};

const LABEL_SELECTOR: Field = {
  struct: 'LabelSelector',
  fields: {
    matchLabels: stringMap,
    matchExpressions: {
      list: {
        struct: 'LabelSelectorRequirement',
        fields: { key: 'string', operator: 'string', values: stringList },
      },
    },
  },
};

const SUBJECTS: Field = {
  list: {
    struct: 'Subject',
    fields: { kind: 'string', apiGroup: 'string', name: 'string', namespace: 'string' },
  },
};
const ROLE_REF: Field = {
  struct: 'RoleRef',
  fields: { apiGroup: 'string', kind: 'string', name: 'string' },
};

/** The typed fields checked per kind (ObjectMeta for every kind; the RBAC kinds in full). */
const KINDS: Record<string, Record<string, Field>> = {
  Role: { rules: { list: POLICY_RULE } },
  ClusterRole: {
    rules: { list: POLICY_RULE },
    aggregationRule: {
      struct: 'AggregationRule',
      fields: { clusterRoleSelectors: { list: LABEL_SELECTOR } },
    },
  },
  RoleBinding: { subjects: SUBJECTS, roleRef: ROLE_REF },
  ClusterRoleBinding: { subjects: SUBJECTS, roleRef: ROLE_REF },
};

function goType(f: Field): string {
  if (typeof f === 'string') return f === 'time' ? 'string' : f;
  if ('map' in f) return `map[string]${goType(f.map)}`;
  if ('list' in f) return `[]${goType(f.list)}`;
  return `v1.${f.struct}`;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  return 'string';
}

/**
 * The first type error Go's decoder saves: "json: cannot unmarshal <kind> into Go struct field
 * <Struct>.<path> of type <type>", the path being the JSON names of the struct fields descended.
 * Recursion follows the schema above (a few levels), never the request's nesting.
 */
function typeError(v: unknown, f: Field, struct: string, path: string): string | undefined {
  if (v === null || v === undefined) return undefined; // null leaves Go's zero value
  const wrong = (kind = jsonKind(v)) =>
    f === 'time'
      ? `json: cannot unmarshal ${kind} into Go value of type string`
      : `json: cannot unmarshal ${kind} into Go struct field ${struct}.${path} of type ${goType(f)}`;
  if (f === 'string' || f === 'time') return typeof v === 'string' ? undefined : wrong();
  if (f === 'bool') return typeof v === 'boolean' ? undefined : wrong();
  if (f === 'int64' || f === 'int32') {
    if (typeof v !== 'number') return wrong();
    return Number.isInteger(v) ? undefined : wrong(`number ${String(v)}`);
  }
  if ('map' in f) {
    if (jsonKind(v) !== 'object') return wrong();
    for (const item of Object.values(v as Record<string, unknown>)) {
      const e = typeError(item, f.map, struct, path);
      if (e) return e;
    }
    return undefined;
  }
  if ('list' in f) {
    if (!Array.isArray(v)) return wrong();
    for (const item of v) {
      const e = typeError(item, f.list, struct, path);
      if (e) return e;
    }
    return undefined;
  }
  if (jsonKind(v) !== 'object') return wrong();
  const o = v as Record<string, unknown>;
  for (const [name, sub] of Object.entries(f.fields)) {
    const e = typeError(o[name], sub, f.struct, `${path}.${name}`);
    if (e) return e;
  }
  return undefined;
}

/**
 * Refuses what decoding `body` into the typed object would: 400 "<Kind> in version "<v>" cannot be
 * handled as a <Kind>: <decode error>" (transformDecodeError in apiserver's handlers/rest.go).
 */
export function refuseUndecodable(t: ResourceType, body: KObject): void {
  const top: Record<string, Field> = { metadata: OBJECT_META, ...(KINDS[t.kind] ?? {}) };
  const o = body as Record<string, unknown>;
  for (const [name, f] of Object.entries(top)) {
    const e = typeError(o[name], f, t.kind, name);
    if (e)
      throw badRequest(
        `${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: ${e}`,
      );
  }
  if (valueDeeperThan(body, MAX_OBJECT_DEPTH)) throw tooDeepToKeep(t.kind);
}
