// Risks: findings on the whole RBAC policy, and the impact of a proposed change before it is saved.
import {
  changeImpact,
  rbacFindings,
  type ChangeImpact,
  type RbacFinding,
  type RbacObject,
} from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import type { Session } from '../session/sessions.js';
import type { ClusterModel, Model } from './cluster-model.js';
import type { ImpactResponse, RisksResponse } from './contract.js';
import { scopedModel, scopedModelForChange, type ScopedModel } from './scoped.js';
import { maySeeSignIns, signedInMembers } from './groups.js';
import type { SignInRecords } from '../state/sign-ins.js';

const findingsOf = new WeakMap<Model['snapshot'], RbacFinding[]>();

/**
 * Findings a partial picture would get wrong: a ClusterRole the user may not get looks missing, and
 * a ClusterRole looks unused when some bindings that may refer to it were not read.
 */
function trueOfPartial(m: ScopedModel, f: RbacFinding): boolean {
  if (m.scope.complete) return true;
  if (f.check === 'missing-role' && f.role?.kind === 'ClusterRole')
    return m.scope.clusterRoles || m.scope.clusterRoleNames.has(f.role.name);
  if (f.check === 'unused-role' && f.object.kind === 'ClusterRole')
    return m.scope.clusterRoleBindings && m.scope.namespaces === 'all';
  return true;
}

export async function risks(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
): Promise<RisksResponse> {
  const current = await scopedModel(cluster, session, model);
  // Keyed by the snapshot: one per cluster model version and scope.
  let findings = findingsOf.get(current.snapshot);
  if (!findings) {
    findings = rbacFindings(current.snapshot, current.authorizer).filter((f) =>
      trueOfPartial(current, f),
    );
    findingsOf.set(current.snapshot, findings);
  }
  return { findings, scope: current.label };
}

export async function impact(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
  operation: 'create' | 'update' | 'delete',
  object: RbacObject,
  signIns: SignInRecords,
): Promise<ImpactResponse> {
  // From the objects the user may read; the label says when that is not all of them.
  const current = await scopedModelForChange(cluster, session, model, object);
  const { snapshot, authorizer } = current;
  const result: ChangeImpact = changeImpact(snapshot, { operation, object }, authorizer);
  const groups = result.subjects
    .filter((s) => s.subject.kind === 'Group')
    .map((s) => s.subject.name);
  const members =
    groups.length > 0 && (await maySeeSignIns(cluster, session))
      ? await signedInMembers(signIns, groups).catch(() => undefined)
      : undefined;
  return { ...result, ...(members ? { signedInMembers: members } : {}), scope: current.label };
}
