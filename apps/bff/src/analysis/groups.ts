// The groups a User is analysed with, and where each came from: what was typed, system:authenticated
// (which the API server adds for every authenticated user), and, when asked for, the groups of the
// user's last sign-in to Gatehouse. Recorded groups are shown only to people who may see them.
import type { AuthorizationRequest, RbacSnapshot } from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import type { SignInRecord, SignInRecords } from '../state/sign-ins.js';
import type { Session } from '../session/sessions.js';
import type { Model } from './cluster-model.js';
import type { AnalysedUser, GroupSources } from './contract.js';
import { mayList } from './gate.js';
import { identityOf, type SubjectInput } from './inputs.js';

export const AUTHENTICATED = 'system:authenticated';
const maxCandidates = 100;

export interface AnalysedSubject {
  user: AnalysedUser;
  groupSources?: GroupSources;
}

/** Resolves the subject against the current model; `request` narrows candidates to groups that grant it. */
export type SubjectResolver = (
  model: Model,
  request?: AuthorizationRequest,
) => Promise<AnalysedSubject>;

/**
 * Who may see the groups recorded at someone's sign-in: that person, and whoever may list
 * ClusterRoleBindings in all namespaces (asked of the cluster as them) — people who can already
 * read every grant of the cluster and who is bound by it.
 */
export async function maySeeSignIns(
  cluster: Cluster,
  session: Session,
  user?: string,
): Promise<boolean> {
  if (user !== undefined && user === session.user.name) return true;
  return mayList(cluster, session, {
    apiGroup: 'rbac.authorization.k8s.io',
    resource: 'clusterrolebindings',
    namespace: '',
  });
}

function uniq(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/** Every Group named in a binding's subjects, sorted. */
export function groupsNamedIn(snapshot: RbacSnapshot): string[] {
  const names = new Set<string>();
  for (const b of [...snapshot.clusterRoleBindings, ...snapshot.roleBindings])
    for (const s of b.subjects ?? []) if (s.kind === 'Group') names.add(s.name);
  return [...names].sort();
}

function candidatesFor(model: Model, request: AuthorizationRequest | undefined): string[] {
  if (!request) return groupsNamedIn(model.snapshot);
  return uniq(
    model.authorizer
      .whoCan(request)
      .filter((m) => m.kind === 'Group')
      .map((m) => m.name),
  ).sort();
}

export function subjectResolver(
  cluster: Cluster,
  session: Session,
  signIns: SignInRecords,
  q: SubjectInput & { groups: string[]; signInGroups?: 'true' | 'false' },
): SubjectResolver {
  return async (model, request) => {
    const user = identityOf(q, session);
    if (q.subjectKind !== 'User') return { user };
    const typed = uniq(q.groups);
    const visible = await maySeeSignIns(cluster, session, user.name);
    let record: SignInRecord | undefined;
    if (visible) record = await signIns.lookup(user.name);
    const use = record !== undefined && q.signInGroups === 'true';
    const groups = uniq([...typed, ...(use && record ? record.groups : []), AUTHENTICATED]);
    const implied =
      typed.includes(AUTHENTICATED) || (use && record?.groups.includes(AUTHENTICATED))
        ? []
        : [AUTHENTICATED];
    const signIn: GroupSources['signIn'] = !visible
      ? { status: 'hidden' }
      : !record
        ? { status: 'none' }
        : {
            status: 'seen',
            used: use,
            otherCluster: record.cluster !== undefined && record.cluster !== cluster.id,
            at: record.at,
            authMode: record.authMode,
            ...(record.issuer ? { issuer: record.issuer } : {}),
            ...(record.cluster ? { cluster: record.cluster } : {}),
            groups: record.groups,
          };
    const candidates = candidatesFor(model, request)
      .filter((g) => !groups.includes(g))
      .slice(0, maxCandidates);
    return {
      user: { name: user.name, groups },
      groupSources: { typed, implied, signIn, candidates, known: typed.length > 0 || use },
    };
  };
}

const maxMembers = 50;

/** Who of those recorded at sign-in carried each of `groups`, sorted by name. */
export async function signedInMembers(
  signIns: SignInRecords,
  groups: readonly string[],
): Promise<Record<string, { users: string[]; total: number }>> {
  const wanted = new Set(groups);
  const byGroup = new Map<string, string[]>();
  for (const r of await signIns.list())
    for (const g of new Set(r.groups))
      if (wanted.has(g)) byGroup.set(g, [...(byGroup.get(g) ?? []), r.user]);
  const out: Record<string, { users: string[]; total: number }> = {};
  for (const [g, users] of byGroup) {
    users.sort();
    out[g] = { users: users.slice(0, maxMembers), total: users.length };
  }
  return out;
}
