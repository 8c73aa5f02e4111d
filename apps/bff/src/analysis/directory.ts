// The subject directory: every User, Group and ServiceAccount named in a binding the signed-in user
// may list, plus people seen at sign-in to Gatehouse, for search and autocomplete. Computed from the
// readable part of the cluster only (readableScope, asked of the cluster as the user), so it never
// names a subject of a binding they may not list; sign-in records follow maySeeSignIns.
import {
  parseServiceAccountUsername,
  type ClusterRoleBinding,
  type RoleBinding,
} from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import type { Session } from '../session/sessions.js';
import type { SignInRecord, SignInRecords } from '../state/sign-ins.js';
import type { ClusterModel } from './cluster-model.js';
import type {
  DirectoryBinding,
  DirectoryEntry,
  DirectoryQuery,
  SignInSeen,
  SubjectDirectoryResponse,
} from './contract.js';
import { maySeeSignIns } from './groups.js';
import { readableScope, scopedSnapshot } from './scope.js';

const maxBindings = 20;
const maxMembers = 50;

type Kind = DirectoryEntry['kind'];

interface Building {
  kind: Kind;
  name: string;
  namespace?: string;
  sources: Set<'binding' | 'sign-in'>;
  bindings: DirectoryBinding[];
  lastSignIn?: SignInSeen;
  members?: string[];
}

const keyOf = (kind: Kind, name: string, namespace = '') =>
  `${kind}\u0000${namespace}\u0000${name}`;

function seen(r: SignInRecord): SignInSeen {
  return {
    at: r.at,
    authMode: r.authMode,
    ...(r.issuer ? { issuer: r.issuer } : {}),
    ...(r.cluster ? { cluster: r.cluster } : {}),
    groups: r.groups,
  };
}

function bindingOrder(a: DirectoryBinding, b: DirectoryBinding): number {
  return (
    a.kind.localeCompare(b.kind) ||
    (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
    a.name.localeCompare(b.name)
  );
}

export async function subjectDirectory(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
  signIns: SignInRecords,
  q: DirectoryQuery,
): Promise<SubjectDirectoryResponse> {
  const current = await model.current();
  const scope = await readableScope(cluster, session, current);
  // Bindings need only list on bindings (not on roles): the scope's RoleBinding namespaces.
  const readable = scopedSnapshot(current.snapshot, {
    ...scope,
    namespaces: scope.roleBindingNamespaces,
  });
  const all = await maySeeSignIns(cluster, session);
  const records: SignInRecord[] = all
    ? await signIns.list()
    : [await signIns.lookup(session.user.name)].filter((r): r is SignInRecord => r !== undefined);

  const entries = new Map<string, Building>();
  const entry = (kind: Kind, name: string, namespace?: string): Building => {
    const key = keyOf(kind, name, namespace);
    let e = entries.get(key);
    if (!e) {
      e = {
        kind,
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        sources: new Set(),
        bindings: [],
      };
      entries.set(key, e);
    }
    return e;
  };
  const add = (b: ClusterRoleBinding | RoleBinding, kind: DirectoryBinding['kind'], ns: string) => {
    const binding: DirectoryBinding = {
      kind,
      name: b.metadata.name ?? '',
      ...(ns ? { namespace: ns } : {}),
      roleRef: b.roleRef,
    };
    const named = new Set<Building>();
    for (const s of b.subjects ?? []) {
      if (s.kind !== 'User' && s.kind !== 'Group' && s.kind !== 'ServiceAccount') continue;
      if (!s.name) continue;
      // A ServiceAccount subject without a namespace means the binding's own (kubectl's default).
      const e =
        s.kind === 'ServiceAccount'
          ? entry(s.kind, s.name, s.namespace || ns)
          : entry(s.kind, s.name);
      if (named.has(e)) continue;
      named.add(e);
      e.sources.add('binding');
      e.bindings.push(binding);
    }
  };
  for (const b of readable.clusterRoleBindings) add(b, 'ClusterRoleBinding', '');
  for (const b of readable.roleBindings) add(b, 'RoleBinding', b.metadata.namespace ?? '');

  for (const r of records) {
    const sa = parseServiceAccountUsername(r.user);
    const e = sa ? entry('ServiceAccount', sa.name, sa.namespace) : entry('User', r.user);
    e.sources.add('sign-in');
    e.lastSignIn = seen(r);
    for (const g of new Set(r.groups)) {
      const group = entry('Group', g);
      group.sources.add('sign-in');
      // Who is in a group is shown only to those who may see everyone's sign-ins.
      if (all) (group.members ??= []).push(r.user);
    }
  }

  const needle = q.query.trim().toLowerCase();
  const label = (e: Building) =>
    (e.kind === 'ServiceAccount' ? `${e.namespace}/${e.name}` : e.name).toLowerCase();
  const matching = [...entries.values()].filter(
    (e) =>
      (!q.kind || e.kind === q.kind) &&
      (needle === '' || label(e).includes(needle) || e.name.toLowerCase().includes(needle)),
  );
  const prefix = (e: Building) =>
    needle !== '' && e.name.toLowerCase().startsWith(needle) ? 0 : 1;
  matching.sort(
    (a, b) =>
      prefix(a) - prefix(b) ||
      a.name.localeCompare(b.name) ||
      a.kind.localeCompare(b.kind) ||
      (a.namespace ?? '').localeCompare(b.namespace ?? ''),
  );
  return {
    entries: matching.slice(0, q.limit).map((e): DirectoryEntry => {
      e.bindings.sort(bindingOrder);
      const members = e.members ? [...e.members].sort() : undefined;
      return {
        kind: e.kind,
        name: e.name,
        ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
        sources: (['binding', 'sign-in'] as const).filter((s) => e.sources.has(s)),
        bindings: e.bindings.slice(0, maxBindings),
        bindingCount: e.bindings.length,
        ...(e.lastSignIn ? { lastSignIn: e.lastSignIn } : {}),
        ...(members
          ? { members: { users: members.slice(0, maxMembers), total: members.length } }
          : {}),
      };
    }),
    total: matching.length,
    partial: !scope.complete,
    signIns: all ? 'all' : 'own',
  };
}
