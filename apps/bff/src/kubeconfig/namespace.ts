// Kubeconfigs for one namespace, outside any project: for people (a cluster-admin in no project)
// whose access there does not come from a Gatehouse membership. See "Kubeconfig for a namespace"
// in ../../README.md for the design.
import type { RoleBinding, Subject } from '@gatehouse/policy';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { requireSession } from '../api.js';
import type { Cluster } from '../clusters.js';
import type { BffContext } from '../context.js';
import { ApiError } from '../errors.js';
import { applyPlan } from '../projects/apply.js';
import { auditedWriter } from '../projects/audited.js';
import {
  clusterRoleOf,
  MANAGED_LABEL,
  pathSegment,
  RBAC_GROUP,
  shortHash,
  SYSTEM_NAMESPACE,
  VIA,
} from '../projects/model.js';
import type { KubeconfigInfo } from '../projects/contract.js';
import { predictGrant } from '../projects/read.js';
import type { RuleSet } from '../contract.js';
import { clusterOf, levelsOf } from '../projects/service.js';
import type { Session } from '../session/sessions.js';
import { kubeconfigInfoOf, kubeconfigYaml, type FileSpec } from './file.js';
import { issueToken, listIssued } from './identity.js';

/** On a namespace file's identity, Secret and binding: the one namespace it is for. */
export const NAMESPACE_LABEL = 'gatehouse.dev/kubeconfig-namespace';

export function namespaceContextName(clusterId: string, namespace: string): string {
  return `${clusterId}-ns-${namespace}`;
}

/** One binding per person, namespace and level; its only subject is that file's identity. */
function bindingName(level: string, user: string): string {
  return `gatehouse:kubeconfig:${level}:${shortHash(user)}`;
}

function newIdentity(namespace: string, level: string, user: string): Subject {
  return {
    kind: 'ServiceAccount',
    name: `kc-ns-${namespace.slice(0, 30)}-${shortHash(`${namespace}/${level}/${user}`)}-${randomBytes(4).toString('hex')}`,
    namespace: SYSTEM_NAMESPACE,
  };
}

async function existingBinding(
  cluster: Cluster,
  namespace: string,
  name: string,
): Promise<RoleBinding | undefined> {
  const r = await cluster.client.json<RoleBinding & { message?: string }>(
    'GET',
    `/apis/${RBAC_GROUP}/v1/namespaces/${pathSegment(namespace)}/rolebindings/${pathSegment(name)}`,
    { kind: 'bff' },
  );
  if (r.status === 404) return undefined;
  if (r.status !== 200)
    throw new ApiError(
      502,
      `cannot read RoleBinding ${name} in ${namespace}: ${r.body.message ?? r.status}`,
    );
  return r.body;
}

/** The identity the existing binding names, when it is one Gatehouse made for this person. */
function identityOf(b: RoleBinding, user: string): string | undefined {
  const subjects = b.subjects ?? [];
  const sa = subjects[0];
  return b.metadata.labels?.[MANAGED_LABEL] === 'gatehouse' &&
    b.metadata.annotations?.[VIA] === `User:${user}` &&
    subjects.length === 1 &&
    sa?.kind === 'ServiceAccount' &&
    sa.namespace === SYSTEM_NAMESPACE
    ? sa.name
    : undefined;
}

/** The download page's info for a namespace file: the levels the person holds there. */
export async function namespaceKubeconfigInfo(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  namespace: string,
): Promise<KubeconfigInfo> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  refuseSystem(namespace);
  await requireNamespace(cluster, namespace);
  const reviews = new Map<string, RuleSet>();
  const held: string[] = [];
  for (const l of levelsOf(ctx))
    if (
      (await predictGrant(cluster, session, [namespace], l.clusterRole, reviews)).allowed === true
    )
      held.push(l.name);
  if (held.length === 0)
    throw new ApiError(
      403,
      `you hold none of the access levels in ${namespace}, so Gatehouse cannot issue you a file for it`,
      'Forbidden',
    );
  return kubeconfigInfoOf(ctx, cluster, {
    project: '',
    namespaces: [namespace],
    contextName: namespaceContextName(clusterId, namespace),
    myLevels: held,
  });
}

function refuseSystem(namespace: string): void {
  if (namespace === SYSTEM_NAMESPACE || namespace.startsWith('kube-'))
    throw new ApiError(
      400,
      `Gatehouse issues no kubeconfig for ${namespace}: it holds the cluster's own identities`,
      'BadRequest',
    );
}

async function requireNamespace(cluster: Cluster, namespace: string): Promise<void> {
  const r = await cluster.client.json<{ metadata?: { deletionTimestamp?: string } }>(
    'GET',
    `/api/v1/namespaces/${pathSegment(namespace)}`,
    { kind: 'bff' },
  );
  if (r.status === 200 && !r.body.metadata?.deletionTimestamp) return;
  throw new ApiError(
    404,
    `namespace "${namespace}" not found on cluster "${cluster.name}"`,
    'NotFound',
  );
}

/**
 * Refuses unless the person's own rights in the namespace cover the level's ClusterRole (or they
 * may bind it): the file never grants more than its holder has, checked at every download.
 */
async function requireHeld(
  cluster: Cluster,
  session: Session,
  namespace: string,
  level: string,
  clusterRole: string,
): Promise<void> {
  const p = await predictGrant(cluster, session, [namespace], clusterRole);
  if (p.allowed === true) return;
  throw new ApiError(
    403,
    `you do not hold ${level} (ClusterRole ${clusterRole}) in ${namespace}, so Gatehouse cannot issue a file with it; choose a lower level`,
    'Forbidden',
  );
}

export async function downloadNamespaceKubeconfig(
  ctx: BffContext,
  req: Request,
  res: Response,
  clusterId: string,
  query: { namespace: string; level?: string; expirationSeconds?: number },
  seconds: number,
  oidc?: { issuer: string; clientId: string; scopes: string[] },
): Promise<void> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const { namespace } = query;
  refuseSystem(namespace);
  const levels = levelsOf(ctx);
  const level = query.level ?? 'viewer';
  if (!levels.some((l) => l.name === level))
    throw new ApiError(
      400,
      `level must be one of ${levels.map((l) => l.name).join(', ')}`,
      'BadRequest',
    );
  const clusterRole = clusterRoleOf(levels, level);
  await requireNamespace(cluster, namespace);
  const user = session.user.name;
  const context = namespaceContextName(clusterId, namespace);
  const file = (credential: FileSpec['credential']) => {
    res.setHeader('content-type', 'application/yaml; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-disposition', `attachment; filename="${context}.kubeconfig"`);
    res.send(
      kubeconfigYaml({
        clusterId,
        project: `ns-${namespace}`,
        namespace,
        server: cluster.client.target.server,
        caPem: cluster.client.target.caPem,
        userName: user,
        credential,
      }),
    );
  };
  // A cluster that trusts the IdP: the file signs in as the person, with exactly their access.
  if (oidc) return file({ oidc });
  await requireHeld(cluster, session, namespace, level, clusterRole);
  const max = ctx.config.kubeconfigFiles.maxLivePerProject;
  const live = (await listIssued(cluster, user)).filter(
    (k) => k.project === '' && k.namespace === namespace && k.status === 'active',
  );
  if (live.length >= max)
    throw new ApiError(
      409,
      `you hold ${live.length} unexpired kubeconfig files for namespace ${namespace}, the most allowed (${max}); revoke one under Kubeconfigs, or wait for one to expire`,
      'Conflict',
    );
  const name = bindingName(level, user);
  const found = await existingBinding(cluster, namespace, name);
  let sa = found ? identityOf(found, user) : undefined;
  if (found && !sa)
    throw new ApiError(
      409,
      `RoleBinding ${name} in ${namespace} exists but was not made by Gatehouse for you`,
      'Conflict',
    );
  if (!sa) {
    const identity = newIdentity(namespace, level, user);
    const binding: RoleBinding = {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'RoleBinding',
      metadata: {
        name,
        namespace,
        labels: { [MANAGED_LABEL]: 'gatehouse', [NAMESPACE_LABEL]: namespace },
        annotations: { [VIA]: `User:${user}` },
      },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRole },
      subjects: [identity],
    };
    // Made as the person: the API server's escalation check is the last word on what they hold.
    try {
      await applyPlan(auditedWriter(ctx, req, cluster, session), [
        {
          op: 'create',
          object: binding,
          description: `bind ${user}'s kubeconfig identity to ${clusterRole} in ${namespace}`,
        },
      ]);
    } catch (err) {
      throw new ApiError(
        403,
        `you may not bind ${clusterRole} in ${namespace}, so Gatehouse cannot issue the file (${(err as Error).message})`,
        'Forbidden',
      );
    }
    sa = identity.name;
  }
  const issued = await issueToken(cluster, user, '', namespace, seconds, sa, {
    [NAMESPACE_LABEL]: namespace,
  });
  await ctx.audit.write({
    time: issued.issuedAt,
    requestId: String(req.id),
    user,
    groups: session.user.groups,
    authMode: session.authMode,
    cluster: clusterId,
    verb: 'create',
    apiGroup: '',
    resource: 'secrets',
    namespace: SYSTEM_NAMESPACE,
    name: issued.secretName,
    outcome: {
      code: 201,
      status: 'success',
      message: `kubeconfig for namespace ${namespace} (${level}) issued, expires ${issued.expiresAt}`,
    },
  });
  file({ token: issued.token });
}
