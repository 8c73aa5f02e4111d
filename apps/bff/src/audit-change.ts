// The RBAC object a change touched, before and after, for the audit log's diff: only the parts that
// grant something or name the object (never managedFields, status or the last-applied annotation),
// and nothing at all when the object is too large to keep in a log line.
import type { AuditChange, RbacObjectSnapshot } from './contract.js';
import type { KubeClient } from './kube-client.js';
import type { KubeTarget } from './proxy/paths.js';

const RBAC = 'rbac.authorization.k8s.io';
const rbacResources = new Set(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']);
/** A snapshot pair larger than this is left out (the record says so). */
const maxSnapshotBytes = 32 * 1024;
const droppedAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** Whether a proxied write is to one RBAC object, so its before and after are recorded. */
export function isRbacObjectWrite(target: KubeTarget): boolean {
  return (
    target.mutating &&
    target.apiGroup === RBAC &&
    rbacResources.has(target.resource ?? '') &&
    target.subresource === undefined
  );
}

/** What of an RBAC object the audit log keeps. */
export function snapshot(o: unknown): RbacObjectSnapshot | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const obj = o as Record<string, unknown>;
  if (typeof obj.kind !== 'string' || obj.kind === 'Status') return undefined;
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  const annotations = Object.fromEntries(
    Object.entries((meta.annotations ?? {}) as Record<string, string>).filter(
      ([k]) => !droppedAnnotations.has(k),
    ),
  );
  const out: RbacObjectSnapshot = {
    kind: obj.kind,
    name: typeof meta.name === 'string' ? meta.name : '',
    ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
    ...(meta.labels && Object.keys(meta.labels).length
      ? { labels: meta.labels as Record<string, string> }
      : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    ...(typeof meta.resourceVersion === 'string' ? { resourceVersion: meta.resourceVersion } : {}),
  };
  for (const key of ['rules', 'aggregationRule', 'roleRef', 'subjects'] as const)
    if (obj[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = obj[key];
  return out;
}

/**
 * The object before the write, read with the BFF's own read identity (which may read every RBAC
 * object) just before the user's write is sent: `null` when there was none, undefined when it could
 * not be read (the record then has no `before`).
 */
export async function readBefore(
  client: KubeClient,
  target: KubeTarget,
): Promise<RbacObjectSnapshot | null | undefined> {
  if (!target.name) return null;
  const ns = target.namespace ? `/namespaces/${encodeURIComponent(target.namespace)}` : '';
  try {
    const r = await client.json(
      'GET',
      `/apis/${RBAC}/v1${ns}/${target.resource}/${encodeURIComponent(target.name)}`,
      { kind: 'bff' },
    );
    if (r.status === 404) return null;
    return r.status === 200 ? snapshot(r.body) : undefined;
  } catch {
    return undefined;
  }
}

/** The change to record for a successful write, given the answer's body. */
export function changeOf(
  method: string,
  before: RbacObjectSnapshot | null | undefined,
  answer: unknown,
): AuditChange | undefined {
  const after = method === 'DELETE' ? null : (snapshot(answer) ?? undefined);
  const change: AuditChange = {
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
  if (change.before === undefined && change.after === undefined) return undefined;
  if (JSON.stringify(change).length > maxSnapshotBytes) return { truncated: true };
  return change;
}
