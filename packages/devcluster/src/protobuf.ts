// Decodes the protobuf request bodies kubectl's typed clients send (`application/vnd.kubernetes.protobuf`)
// into the JSON the rest of the server handles. Field numbers are those of the Kubernetes generated.proto
// files for the kinds kubectl creates with typed clients; answers are always JSON, which kubectl accepts.
import { ApiError } from './status.js';
import { WORKLOAD_KINDS } from './protobuf-workloads.js';
import { f, labelSelector, withMeta, type FieldType, type Schema } from './protobuf-schema.js';

const policyRule: Schema = {
  1: f('verbs', 'string', true),
  2: f('apiGroups', 'string', true),
  3: f('resources', 'string', true),
  4: f('resourceNames', 'string', true),
  5: f('nonResourceURLs', 'string', true),
};
const subject: Schema = {
  1: f('kind', 'string'),
  2: f('apiGroup', 'string'),
  3: f('name', 'string'),
  4: f('namespace', 'string'),
};
const roleRef: Schema = {
  1: f('apiGroup', 'string'),
  2: f('kind', 'string'),
  3: f('name', 'string'),
};
const resourceAttributes: Schema = {
  1: f('namespace', 'string'),
  2: f('verb', 'string'),
  3: f('group', 'string'),
  4: f('version', 'string'),
  5: f('resource', 'string'),
  6: f('subresource', 'string'),
  7: f('name', 'string'),
};
const nonResourceAttributes: Schema = { 1: f('path', 'string'), 2: f('verb', 'string') };
const accessReviewSpec: Schema = {
  1: f('resourceAttributes', resourceAttributes),
  2: f('nonResourceAttributes', nonResourceAttributes),
  3: f('user', 'string'),
  4: f('groups', 'string', true),
  6: f('uid', 'string'),
};

const KINDS: Record<string, Schema> = {
  'v1/Namespace': withMeta({ 2: f('spec', { 1: f('finalizers', 'string', true) }) }),
  'v1/ServiceAccount': withMeta({
    2: f(
      'secrets',
      {
        1: f('kind', 'string'),
        2: f('namespace', 'string'),
        3: f('name', 'string'),
        4: f('uid', 'string'),
      },
      true,
    ),
    3: f('imagePullSecrets', { 1: f('name', 'string') }, true),
    4: f('automountServiceAccountToken', 'bool'),
  }),
  'v1/ConfigMap': withMeta({
    2: f('data', 'mapString'),
    3: f('binaryData', 'mapBytes'),
    4: f('immutable', 'bool'),
  }),
  'v1/Secret': withMeta({
    2: f('data', 'mapBytes'),
    3: f('type', 'string'),
    4: f('stringData', 'mapString'),
    5: f('immutable', 'bool'),
  }),
  'rbac.authorization.k8s.io/v1/Role': withMeta({ 2: f('rules', policyRule, true) }),
  'rbac.authorization.k8s.io/v1/ClusterRole': withMeta({
    2: f('rules', policyRule, true),
    3: f('aggregationRule', { 1: f('clusterRoleSelectors', labelSelector, true) }),
  }),
  'rbac.authorization.k8s.io/v1/RoleBinding': withMeta({
    2: f('subjects', subject, true),
    3: f('roleRef', roleRef),
  }),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': withMeta({
    2: f('subjects', subject, true),
    3: f('roleRef', roleRef),
  }),
  'authorization.k8s.io/v1/SelfSubjectAccessReview': withMeta({
    2: f('spec', {
      1: f('resourceAttributes', resourceAttributes),
      2: f('nonResourceAttributes', nonResourceAttributes),
    }),
  }),
  'authorization.k8s.io/v1/SelfSubjectRulesReview': withMeta({
    2: f('spec', { 1: f('namespace', 'string') }),
  }),
  'authorization.k8s.io/v1/SubjectAccessReview': withMeta({ 2: f('spec', accessReviewSpec) }),
  'authorization.k8s.io/v1/LocalSubjectAccessReview': withMeta({ 2: f('spec', accessReviewSpec) }),
  'authentication.k8s.io/v1/SelfSubjectReview': withMeta({}),
  'authentication.k8s.io/v1/TokenReview': withMeta({
    2: f('spec', { 1: f('token', 'string'), 2: f('audiences', 'string', true) }),
  }),
  'authentication.k8s.io/v1/TokenRequest': withMeta({
    2: f('spec', {
      1: f('audiences', 'string', true),
      3: f('boundObjectRef', {
        1: f('kind', 'string'),
        2: f('apiVersion', 'string'),
        3: f('name', 'string'),
        4: f('uid', 'string'),
      }),
      4: f('expirationSeconds', 'int'),
    }),
  }),
  ...WORKLOAD_KINDS,
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('truncated varint');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function fields(buf: Buffer): { num: number; wire: number; value: bigint | Buffer }[] {
  const r = new Reader(buf);
  const out: { num: number; wire: number; value: bigint | Buffer }[] = [];
  while (!r.done()) {
    const key = Number(r.varint());
    const num = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ num, wire, value: r.varint() });
    else if (wire === 2) out.push({ num, wire, value: r.bytes() });
    else r.skip(wire);
  }
  return out;
}

function decodeTime(buf: Buffer): string | undefined {
  const seconds = fields(buf).find((x) => x.num === 1)?.value;
  if (typeof seconds !== 'bigint' || seconds === 0n) return undefined;
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

function decodeMapEntry(buf: Buffer, bytes: boolean): [string, string] {
  let key = '';
  let value = '';
  for (const x of fields(buf)) {
    if (!Buffer.isBuffer(x.value)) continue;
    if (x.num === 1) key = x.value.toString('utf8');
    if (x.num === 2) value = bytes ? x.value.toString('base64') : x.value.toString('utf8');
  }
  return [key, value];
}

function decodeValue(type: FieldType, v: bigint | Buffer): unknown {
  if (typeof v === 'bigint') return type === 'bool' ? v !== 0n : Number(BigInt.asIntN(64, v));
  switch (type) {
    case 'string':
      return v.toString('utf8');
    case 'bytes':
      return v.toString('base64');
    case 'time':
      return decodeTime(v);
    case 'intOrString': {
      const parts = fields(v);
      const isString = parts.find((x) => x.num === 1)?.value === 1n;
      const value = parts.find((x) => x.num === (isString ? 3 : 2))?.value;
      if (isString) return Buffer.isBuffer(value) ? value.toString('utf8') : '';
      return typeof value === 'bigint' ? Number(value) : 0;
    }
    default:
      return typeof type === 'object' ? decodeMessage(v, type) : undefined;
  }
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const x of fields(buf)) {
    const field = schema[x.num];
    if (!field) continue;
    if (field.type === 'mapString' || field.type === 'mapBytes') {
      if (!Buffer.isBuffer(x.value)) continue;
      const [k, val] = decodeMapEntry(x.value, field.type === 'mapBytes');
      out[field.name] = {
        ...((out[field.name] as Record<string, string> | undefined) ?? {}),
        [k]: val,
      };
      continue;
    }
    const value = decodeValue(field.type, x.value);
    if (field.repeated) {
      out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), value];
      continue;
    }
    // Go's omitempty: gogo-protobuf writes empty scalars and messages, JSON would leave them out.
    const empty =
      value === undefined ||
      value === '' ||
      value === 0 ||
      (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (!empty || field.type === 'bool') out[field.name] = value;
  }
  return out;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** The JSON object of a Kubernetes protobuf body (magic, runtime.Unknown envelope, typed message). */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(MAGIC))
    throw new ApiError(400, 'BadRequest', 'the protobuf body lacks the Kubernetes magic prefix');
  const envelope = fields(body.subarray(4));
  const typeMeta = envelope.find((x) => x.num === 1)?.value;
  const raw = envelope.find((x) => x.num === 2)?.value;
  if (!Buffer.isBuffer(typeMeta) || !Buffer.isBuffer(raw))
    throw new ApiError(400, 'BadRequest', 'the protobuf body has no object');
  const tm = decodeMessage(typeMeta, { 1: f('apiVersion', 'string'), 2: f('kind', 'string') });
  const apiVersion = String(tm.apiVersion ?? '');
  const kind = String(tm.kind ?? '');
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (protobuf is understood for ${Object.keys(
        KINDS,
      )
        .map((k) => k.split('/').pop())
        .join(', ')}, not ${kind})`,
    );
  }
  return { apiVersion, kind, ...decodeMessage(raw, schema) };
}
