// Per-person kubeconfig identities: a ServiceAccount per person and project in gatehouse-system,
// a Secret per issued file, and a token bound to that Secret, so deleting the Secret revokes that file alone.
import { randomBytes } from 'node:crypto';
import type { Cluster } from '../clusters.js';
import { ApiError } from '../errors.js';
import type { Actor } from '../kube-client.js';
import type { IssuedKubeconfig } from '../projects/contract.js';
import { MANAGED_LABEL, PROJECT_LABEL, shortHash, SYSTEM_NAMESPACE } from '../projects/model.js';
import { refuseLegacyTokenCluster, removeLegacyTokens } from './legacy-tokens.js';

/** Impersonated by the BFF for issuance; its rights stop at gatehouse-system (see the devcluster seed). */
export const CONTROLLER = {
  kind: 'impersonate',
  user: `system:serviceaccount:${SYSTEM_NAMESPACE}:gatehouse-controller`,
  groups: ['system:serviceaccounts', `system:serviceaccounts:${SYSTEM_NAMESPACE}`],
} satisfies Actor;

export const OWNER_LABEL = 'gatehouse.dev/kubeconfig-owner';
const KIND_LABEL = 'gatehouse.dev/kubeconfig';
/** On a file's Secret: the ServiceAccount (the membership's identity) its token is for. */
const IDENTITY_LABEL = 'gatehouse.dev/identity';
const OWNER = 'gatehouse.dev/owner';
const NAMESPACE = 'gatehouse.dev/namespace';
const ISSUED_AT = 'gatehouse.dev/issued-at';
const EXPIRES_AT = 'gatehouse.dev/expires-at';

interface SecretJson {
  metadata: {
    name: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
  };
}

interface StatusJson {
  message?: string;
  reason?: string;
}

async function call<T>(
  cluster: Cluster,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T & StatusJson }> {
  return cluster.client.json<T & StatusJson>(method, path, CONTROLLER, body);
}

function fail(cluster: Cluster, what: string, r: { status: number; body: StatusJson }): never {
  throw new ApiError(
    r.status === 403 ? 502 : r.status,
    `cannot ${what} on cluster "${cluster.name}": ${r.body.message ?? `HTTP ${r.status}`}${r.status === 403 ? ' (is the gatehouse-controller identity installed in gatehouse-system?)' : ''}`,
    r.body.reason,
  );
}

const base = `/api/v1/namespaces/${SYSTEM_NAMESPACE}`;

export interface Issued {
  token: string;
  secretName: string;
  expiresAt: string;
  issuedAt: string;
}

/**
 * Creates (if needed) the person's identity, a Secret for this file, and a token bound to the Secret.
 * `sa` is the identity the person's membership binds (see newIdentity in ../projects/model.ts).
 */
export async function issueToken(
  cluster: Cluster,
  user: string,
  project: string,
  namespace: string,
  seconds: number,
  sa: string,
  extraLabels: Record<string, string> = {},
): Promise<Issued> {
  await refuseLegacyTokenCluster(cluster);
  const labels = {
    [OWNER_LABEL]: shortHash(user),
    [PROJECT_LABEL]: project,
    [KIND_LABEL]: 'true',
    ...extraLabels,
  };
  const created = await call(cluster, 'POST', `${base}/serviceaccounts`, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: sa, labels, annotations: { [OWNER]: user } },
  });
  if (created.status >= 300 && created.status !== 409)
    fail(cluster, 'create the kubeconfig identity', created);
  await removeLegacyTokens(cluster, sa);
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + seconds * 1000);
  const secretName = `${sa}-${randomBytes(4).toString('hex')}`;
  const secret = await call<SecretJson>(cluster, 'POST', `${base}/secrets`, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: secretName,
      labels: { ...labels, [IDENTITY_LABEL]: sa },
      annotations: {
        [OWNER]: user,
        [NAMESPACE]: namespace,
        [ISSUED_AT]: issuedAt.toISOString(),
        [EXPIRES_AT]: expiresAt.toISOString(),
      },
    },
  });
  if (secret.status >= 300) fail(cluster, 'record the kubeconfig', secret);
  const tr = await call<{ status?: { token?: string; expirationTimestamp?: string } }>(
    cluster,
    'POST',
    `${base}/serviceaccounts/${sa}/token`,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        expirationSeconds: seconds,
        boundObjectRef: {
          kind: 'Secret',
          apiVersion: 'v1',
          name: secretName,
          uid: secret.body.metadata.uid,
        },
      },
    },
  );
  const token = tr.body.status?.token;
  if (tr.status >= 300 || !token) {
    await call(cluster, 'DELETE', `${base}/secrets/${secretName}`);
    fail(cluster, 'request a token', tr);
  }
  return {
    token,
    secretName,
    issuedAt: issuedAt.toISOString(),
    expiresAt: tr.body.status?.expirationTimestamp ?? expiresAt.toISOString(),
  };
}

/** The files issued to the user on one cluster, newest first. */
export async function listIssued(cluster: Cluster, user: string): Promise<IssuedKubeconfig[]> {
  const selector = encodeURIComponent(`${OWNER_LABEL}=${shortHash(user)},${KIND_LABEL}=true`);
  const r = await call<{ items?: SecretJson[] }>(
    cluster,
    'GET',
    `${base}/secrets?labelSelector=${selector}`,
  );
  if (r.status !== 200) fail(cluster, 'list kubeconfigs', r);
  const now = Date.now();
  return (r.body.items ?? [])
    .filter((s) => s.metadata.annotations?.[OWNER] === user)
    .map((s): IssuedKubeconfig => {
      const a = s.metadata.annotations ?? {};
      const expiresAt = a[EXPIRES_AT] ?? '';
      return {
        id: s.metadata.name,
        cluster: cluster.id,
        project: s.metadata.labels?.[PROJECT_LABEL] ?? '',
        namespace: a[NAMESPACE] ?? '',
        issuedAt: a[ISSUED_AT] ?? s.metadata.creationTimestamp ?? '',
        expiresAt,
        status: Date.parse(expiresAt) > now ? 'active' : 'expired',
      };
    })
    .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
}

/** Deletes the Secrets of the named files (all of the user's when `ids` is undefined); only the user's own. */
export async function revoke(cluster: Cluster, user: string, ids?: string[]): Promise<string[]> {
  const mine = await listIssued(cluster, user);
  const targets = ids ? mine.filter((k) => ids.includes(k.id)) : mine;
  if (ids && targets.length !== ids.length)
    throw new ApiError(
      404,
      `no kubeconfig ${ids.find((i) => !mine.some((k) => k.id === i)) ?? ''} of yours`,
      'NotFound',
    );
  const done: string[] = [];
  for (const k of targets) {
    const r = await call(cluster, 'DELETE', `${base}/secrets/${encodeURIComponent(k.id)}`);
    if (r.status >= 300 && r.status !== 404) fail(cluster, `revoke ${k.id}`, r);
    done.push(k.id);
  }
  return done;
}

/** How long an expired file stays listed (as expired) before its Secret is deleted. */
export const EXPIRED_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** Deletes the Secrets of files expired longer than the retention; each delete only at the version read. */
export async function pruneExpiredFiles(cluster: Cluster, now: Date): Promise<string[]> {
  const selector = encodeURIComponent(`${KIND_LABEL}=true`);
  const r = await call<{ items?: Array<SecretJson & { metadata: { resourceVersion?: string } }> }>(
    cluster,
    'GET',
    `${base}/secrets?labelSelector=${selector}`,
  );
  if (r.status !== 200) fail(cluster, 'list kubeconfigs', r);
  const pruned: string[] = [];
  for (const s of r.body.items ?? []) {
    const expires = Date.parse(s.metadata.annotations?.[EXPIRES_AT] ?? '');
    if (!(expires + EXPIRED_RETENTION_MS <= now.getTime())) continue;
    const d = await call(
      cluster,
      'DELETE',
      `${base}/secrets/${encodeURIComponent(s.metadata.name)}`,
      {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        preconditions: { uid: s.metadata.uid, resourceVersion: s.metadata.resourceVersion },
      },
    );
    if (d.status < 300) pruned.push(s.metadata.name);
  }
  return pruned;
}

export interface RevokedIdentity {
  identity: string;
  project: string;
  /** The person the identity stood for. */
  owner: string;
  /** Secrets (one per issued file) deleted with it. */
  secrets: string[];
}

interface BindingJson {
  metadata?: { namespace?: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

async function bffGet<T>(cluster: Cluster, path: string): Promise<T[]> {
  const r = await cluster.client.json<{ items?: T[] } & StatusJson>('GET', path, { kind: 'bff' });
  if (r.status !== 200) fail(cluster, `list ${path}`, r);
  return r.body.items ?? [];
}

/**
 * ServiceAccounts of gatehouse-system that some RoleBinding or ClusterRoleBinding names; a binding
 * in a Terminating namespace (a deleted project) no longer counts, it goes with the namespace.
 */
async function boundServiceAccounts(cluster: Cluster): Promise<Set<string>> {
  const terminating = new Set(
    (
      await bffGet<{ metadata: { name: string; deletionTimestamp?: string } }>(
        cluster,
        '/api/v1/namespaces',
      )
    )
      .filter((n) => n.metadata.deletionTimestamp)
      .map((n) => n.metadata.name),
  );
  const named = new Set<string>();
  for (const path of [
    '/apis/rbac.authorization.k8s.io/v1/rolebindings',
    '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  ]) {
    for (const b of await bffGet<BindingJson>(cluster, path)) {
      if (b.metadata?.namespace && terminating.has(b.metadata.namespace)) continue;
      for (const s of b.subjects ?? [])
        if (s.kind === 'ServiceAccount' && s.namespace === SYSTEM_NAMESPACE) named.add(s.name);
    }
  }
  return named;
}

/**
 * Deletes every kubeconfig identity (ServiceAccount) that no binding names any more, with the
 * Secrets of its files: a membership that ended (removal, expiry, a deleted project, a binding
 * deleted with kubectl) takes its files with it. Deleting the ServiceAccount alone already ends
 * every token issued for it (a token names the ServiceAccount's UID, which a new one never has).
 * Identities are listed before bindings: issuance binds an identity before it creates it, so one
 * being issued is always seen bound.
 */
export async function revokeUnboundIdentities(
  cluster: Cluster,
  scope: { project?: string } = {},
): Promise<RevokedIdentity[]> {
  const selector = encodeURIComponent(
    [`${KIND_LABEL}=true`, ...(scope.project ? [`${PROJECT_LABEL}=${scope.project}`] : [])].join(
      ',',
    ),
  );
  const sas = await call<{ items?: SecretJson[] }>(
    cluster,
    'GET',
    `${base}/serviceaccounts?labelSelector=${selector}`,
  );
  if (sas.status !== 200) fail(cluster, 'list kubeconfig identities', sas);
  const identities = sas.body.items ?? [];
  if (identities.length === 0) return [];
  const bound = await boundServiceAccounts(cluster);
  const unbound = identities.filter((sa) => !bound.has(sa.metadata.name));
  if (unbound.length === 0) return [];
  const secrets = await call<{ items?: SecretJson[] }>(
    cluster,
    'GET',
    `${base}/secrets?labelSelector=${selector}`,
  );
  if (secrets.status !== 200) fail(cluster, 'list kubeconfigs', secrets);
  const revoked: RevokedIdentity[] = [];
  for (const sa of unbound) {
    const name = sa.metadata.name;
    // A ServiceAccount of that name made since the listing is not the one found unbound.
    if (!(await deleteIdentity(cluster, sa))) continue;
    const files = (secrets.body.items ?? []).filter((s) =>
      s.metadata.labels?.[IDENTITY_LABEL] !== undefined
        ? s.metadata.labels[IDENTITY_LABEL] === name
        : s.metadata.name.startsWith(`${name}-`),
    );
    const deleted: string[] = [];
    for (const f of files) {
      const d = await call(
        cluster,
        'DELETE',
        `${base}/secrets/${encodeURIComponent(f.metadata.name)}`,
      );
      if (d.status >= 300 && d.status !== 404) fail(cluster, `revoke ${f.metadata.name}`, d);
      deleted.push(f.metadata.name);
    }
    revoked.push({
      identity: name,
      project: sa.metadata.labels?.[PROJECT_LABEL] ?? '',
      owner: sa.metadata.annotations?.[OWNER] ?? '',
      secrets: deleted,
    });
  }
  return revoked;
}

export interface RemovedIdentity {
  identity: string;
  /** `namespace/name` of each RoleBinding (or the name of a ClusterRoleBinding) deleted with it. */
  bindings: Array<{ kind: 'RoleBinding' | 'ClusterRoleBinding'; namespace?: string; name: string }>;
}

interface OwnedBinding {
  metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string> };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

/**
 * After revoke-all: deletes the user's kubeconfig identities that no file is left for, and the
 * bindings Gatehouse made for such an identity alone (its `:kubeconfig:` bindings). A collaborator
 * binding that names the identity beside the person is the membership itself and stays; the name
 * it holds no longer authenticates, and the next download creates an identity of that name again.
 * Runs as the controller, which may delete bindings (never make them) and its own ServiceAccounts.
 */
export async function removeIdleIdentities(
  cluster: Cluster,
  user: string,
): Promise<RemovedIdentity[]> {
  const selector = encodeURIComponent(`${OWNER_LABEL}=${shortHash(user)},${KIND_LABEL}=true`);
  const sas = await call<{ items?: SecretJson[] }>(
    cluster,
    'GET',
    `${base}/serviceaccounts?labelSelector=${selector}`,
  );
  if (sas.status !== 200) fail(cluster, 'list kubeconfig identities', sas);
  const mine = (sas.body.items ?? []).filter((sa) => sa.metadata.annotations?.[OWNER] === user);
  if (mine.length === 0) return [];
  const secrets = await call<{ items?: SecretJson[] }>(
    cluster,
    'GET',
    `${base}/secrets?labelSelector=${selector}`,
  );
  if (secrets.status !== 200) fail(cluster, 'list kubeconfigs', secrets);
  const used = (name: string) =>
    (secrets.body.items ?? []).some((s) =>
      s.metadata.labels?.[IDENTITY_LABEL] !== undefined
        ? s.metadata.labels[IDENTITY_LABEL] === name
        : s.metadata.name.startsWith(`${name}-`),
    );
  const idle = mine.filter((sa) => !used(sa.metadata.name));
  if (idle.length === 0) return [];
  const managed = encodeURIComponent(`${MANAGED_LABEL}=gatehouse`);
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  const [roleBindings, clusterBindings] = await Promise.all([
    bffGet<OwnedBinding>(cluster, `${rbac}/rolebindings?labelSelector=${managed}`),
    bffGet<OwnedBinding>(cluster, `${rbac}/clusterrolebindings?labelSelector=${managed}`),
  ]);
  const onlyFor = (b: OwnedBinding, sa: string) =>
    (b.subjects ?? []).length > 0 &&
    (b.subjects ?? []).every(
      (s) => s.kind === 'ServiceAccount' && s.namespace === SYSTEM_NAMESPACE && s.name === sa,
    );
  const removed: RemovedIdentity[] = [];
  for (const sa of idle) {
    const name = sa.metadata.name;
    const bindings: RemovedIdentity['bindings'] = [];
    for (const [kind, list] of [
      ['RoleBinding', roleBindings],
      ['ClusterRoleBinding', clusterBindings],
    ] as const) {
      for (const b of list.filter((b) => onlyFor(b, name))) {
        const ns = b.metadata.namespace;
        const path = ns
          ? `${rbac}/namespaces/${encodeURIComponent(ns)}/rolebindings/${encodeURIComponent(b.metadata.name)}`
          : `${rbac}/clusterrolebindings/${encodeURIComponent(b.metadata.name)}`;
        const d = await call(cluster, 'DELETE', path, {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          preconditions: { uid: b.metadata.uid },
        });
        if (d.status === 409 || d.status === 404) continue;
        if (d.status >= 300) fail(cluster, `delete ${kind} ${b.metadata.name}`, d);
        bindings.push({ kind, ...(ns ? { namespace: ns } : {}), name: b.metadata.name });
      }
    }
    if (!(await deleteIdentity(cluster, sa))) continue;
    removed.push({ identity: name, bindings });
  }
  return removed;
}

/**
 * Deletes a kubeconfig identity, guarded by its uid: false when the ServiceAccount of that name is
 * another one by now (409), true when it is gone (deleted now, or already).
 */
async function deleteIdentity(
  cluster: Cluster,
  sa: { metadata: { name: string; uid?: string } },
): Promise<boolean> {
  const name = sa.metadata.name;
  const gone = await call(
    cluster,
    'DELETE',
    `${base}/serviceaccounts/${encodeURIComponent(name)}`,
    {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: { uid: sa.metadata.uid },
    },
  );
  if (gone.status === 409) return false;
  if (gone.status >= 300 && gone.status !== 404)
    fail(cluster, `delete kubeconfig identity ${name}`, gone);
  return true;
}
