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
import { allRbacReads, rbacReadsFor, requireReads } from './gate.js';
import type { ImpactResponse } from './contract.js';
import { maySeeSignIns, signedInMembers } from './groups.js';
import type { SignInRecords } from '../state/sign-ins.js';

const findingsOf = new WeakMap<Model, RbacFinding[]>();

export async function risks(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
): Promise<{ findings: RbacFinding[] }> {
  await requireReads(cluster, session, allRbacReads());
  const current = await model.current();
  let findings = findingsOf.get(current);
  if (!findings) {
    findings = rbacFindings(current.snapshot, current.authorizer);
    findingsOf.set(current, findings);
  }
  return { findings };
}

/** What the API server would have to let the user list to see the whole impact of writing `object`. */
function readsForChange(object: RbacObject) {
  switch (object.kind) {
    case 'Role':
    case 'RoleBinding':
      return rbacReadsFor(object.metadata.namespace ?? '');
    case 'ClusterRoleBinding':
      return rbacReadsFor('');
    case 'ClusterRole':
      // RoleBindings in any namespace may refer to a ClusterRole.
      return allRbacReads();
  }
}

export async function impact(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
  operation: 'create' | 'update' | 'delete',
  object: RbacObject,
  signIns: SignInRecords,
): Promise<ImpactResponse> {
  await requireReads(cluster, session, readsForChange(object));
  const { snapshot, authorizer } = await model.current();
  const result: ChangeImpact = changeImpact(snapshot, { operation, object }, authorizer);
  const groups = result.subjects
    .filter((s) => s.subject.kind === 'Group')
    .map((s) => s.subject.name);
  const members =
    groups.length > 0 && (await maySeeSignIns(cluster, session))
      ? await signedInMembers(signIns, groups).catch(() => undefined)
      : undefined;
  return members ? { ...result, signedInMembers: members } : result;
}
