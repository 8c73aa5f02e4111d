// Risks: findings on the whole RBAC policy, and the impact of a proposed change before it is saved.
import {
  changeImpact,
  rbacFindings,
  subjectIdentity,
  type ChangeImpact,
  type ProposedChange,
  type RbacFinding,
  type RbacObject,
  type Subject,
  type UserInfo,
} from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import type { Session } from '../session/sessions.js';
import type { ClusterModel, Model } from './cluster-model.js';
import { allRbacReads, rbacReadsFor, requireReads, type ReadNeed } from './gate.js';
import type { ImpactResponse, UserGroups } from './contract.js';
import { AUTHENTICATED, maySeeSignIns, signedInMembers } from './groups.js';
import type { SignInRecord, SignInRecords } from '../state/sign-ins.js';

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

/** Every need once. */
function uniqueReads(needs: ReadNeed[]): ReadNeed[] {
  const seen = new Map(needs.map((n) => [JSON.stringify(n), n]));
  return [...seen.values()];
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
  await requireReads(
    cluster,
    session,
    uniqueReads(changes.flatMap((c) => readsForChange(c.object))),
  );
  const { snapshot, authorizer } = await model.current();
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
  return { ...result, userGroups, ...(members ? { signedInMembers: members } : {}) };
}
