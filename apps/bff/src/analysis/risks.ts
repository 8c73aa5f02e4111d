// Risks: findings on the whole RBAC policy, and the impact of a proposed change before it is saved.
import {
  changeImpact,
  rbacFindings,
  subjectIdentity,
  type ChangeImpact,
  type ProposedChange,
  type RbacFinding,
  type Subject,
  type UserInfo,
} from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import type { Session } from '../session/sessions.js';
import type { ClusterModel, Model } from './cluster-model.js';
import type { ImpactResponse, RisksResponse, UserGroups } from './contract.js';
import { scopedModel, scopedModelForChange, type ScopedModel } from './scoped.js';
import { AUTHENTICATED, maySeeSignIns, signedInMembers } from './groups.js';
import type { SignInRecord, SignInRecords } from '../state/sign-ins.js';

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

/** A User's groups as the API server would see them: system:authenticated and, when known, those of their last sign-in. */
async function userIdentities(
  cluster: Cluster,
  session: Session,
  signIns: SignInRecords,
): Promise<{
  identity: (s: Subject) => UserInfo | undefined;
  groupsOf: (user: string) => UserGroups;
}> {
  const visible = await maySeeSignIns(cluster, session);
  const records = new Map<string, SignInRecord>();
  if (visible)
    for (const r of await signIns.list().catch(() => [] as SignInRecord[])) records.set(r.user, r);
  const groupsOf = (user: string): UserGroups => {
    if (user === session.user.name)
      return { groups: [...new Set([...session.user.groups, AUTHENTICATED])], source: 'session' };
    if (!visible) return { groups: [AUTHENTICATED], source: 'hidden' };
    const r = records.get(user);
    if (!r) return { groups: [AUTHENTICATED], source: 'none' };
    return { groups: [...new Set([...r.groups, AUTHENTICATED])], source: 'sign-in', at: r.at };
  };
  return {
    groupsOf,
    identity: (s) =>
      s.kind === 'User' ? { name: s.name, groups: groupsOf(s.name).groups } : subjectIdentity(s),
  };
}

export async function impact(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
  changes: ProposedChange[],
  signIns: SignInRecords,
): Promise<ImpactResponse> {
  // From the objects the user may read; the label says when that is not all of them.
  const current = await scopedModelForChange(
    cluster,
    session,
    model,
    changes.map((c) => c.object),
  );
  const { snapshot, authorizer } = current;
  const users = await userIdentities(cluster, session, signIns);
  const result: ChangeImpact = changeImpact(snapshot, changes, authorizer, {
    identity: users.identity,
  });
  const userGroups: Record<string, UserGroups> = {};
  for (const s of result.subjects)
    if (s.subject.kind === 'User') userGroups[s.subject.name] = users.groupsOf(s.subject.name);
  const groups = result.subjects
    .filter((s) => s.subject.kind === 'Group')
    .map((s) => s.subject.name);
  const members =
    groups.length > 0 && (await maySeeSignIns(cluster, session))
      ? await signedInMembers(signIns, groups).catch(() => undefined)
      : undefined;
  return {
    ...result,
    userGroups,
    ...(members ? { signedInMembers: members } : {}),
    scope: current.label,
  };
}
