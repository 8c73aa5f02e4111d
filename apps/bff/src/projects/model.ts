// How projects and collaborators are written in Kubernetes: labels, annotations, binding names.
import { createHash, randomBytes } from 'node:crypto';
import type { RoleBinding, Subject } from '@gatehouse/policy';
import type { AccessLevel, Collaborator, CollaboratorSubject } from './contract.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const PROJECT_LABEL = 'gatehouse.dev/project';
/**
 * On a project's home namespace (the one named like the project): the project's namespaces, comma
 * separated. The project's record: only who may update the home namespace can change it, whereas
 * anyone who may update a namespace can put the project label on it.
 */
export const NAMESPACES_ANNOTATION = 'gatehouse.dev/namespaces';
export const LEVEL_LABEL = 'gatehouse.dev/access-level';
export const MANAGED_LABEL = 'app.kubernetes.io/managed-by';
/** Set on bindings carrying an expiry, so the sweep lists only those. */
export const EXPIRES_LABEL = 'gatehouse.dev/expires';
export const INVITED_BY = 'gatehouse.dev/invited-by';
export const INVITED_AT = 'gatehouse.dev/invited-at';
export const EXPIRES_AT = 'gatehouse.dev/expires-at';
/** On a binding made for someone's kubeconfig identity: the collaborator subject its access comes through. */
export const VIA = 'gatehouse.dev/via';
/** Namespace holding Gatehouse's own objects: per-person kubeconfig identities live here, never in a project. */
export const SYSTEM_NAMESPACE = 'gatehouse-system';

export const defaultLevels: AccessLevel[] = [
  { name: 'viewer', clusterRole: 'view', description: 'Read most objects; no Secrets, no RBAC' },
  {
    name: 'developer',
    clusterRole: 'edit',
    description: 'Change workloads, Services, ConfigMaps, Secrets',
  },
  {
    name: 'admin',
    clusterRole: 'admin',
    description: 'Everything in the namespaces, including RBAC',
  },
];

export function sameSubject(a: CollaboratorSubject, b: { kind: string; name: string }): boolean {
  return a.kind === b.kind && a.name === b.name;
}

/** The name identities had before they were tied to a membership; still recognised, never issued. */
export function legacyIdentityName(project: string, user: string): string {
  return `kc-${project}-${shortHash(user)}`.slice(0, 63);
}

export function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 10);
}

/** Every identity of one person in one project starts so; the hash covers the whole project name. */
function identityStem(project: string, user: string): string {
  return `kc-${project.slice(0, 36)}-${shortHash(`${project}/${user}`)}-`;
}

/**
 * A new ServiceAccount to stand for one person in one project's kubeconfig files, for one
 * membership: a random part makes a re-invitation (or a re-created project of the same name) bind a
 * different identity, so files issued before it can never regain access through it.
 */
export function newIdentity(project: string, user: string): Subject {
  return {
    kind: 'ServiceAccount',
    name: `${identityStem(project, user)}${randomBytes(4).toString('hex')}`,
    namespace: SYSTEM_NAMESPACE,
  };
}

/** Whether a subject is one of the person's kubeconfig identities in the project (any membership). */
export function isIdentityOf(project: string, user: string, s: Subject): boolean {
  if (s.kind !== 'ServiceAccount' || s.namespace !== SYSTEM_NAMESPACE) return false;
  if (s.name === legacyIdentityName(project, user)) return true;
  const stem = identityStem(project, user);
  return s.name.startsWith(stem) && /^[0-9a-f]{8}$/.test(s.name.slice(stem.length));
}

/** The identity the person's current membership binds, if any binding of the project names one. */
export function identityIn(
  project: string,
  user: string,
  bindings: RoleBinding[],
): Subject | undefined {
  for (const b of bindings)
    for (const s of b.subjects ?? []) if (isIdentityOf(project, user, s)) return s;
  return undefined;
}

/** The membership's identity if it has one, else a new one (for a person about to be bound). */
export function identityFor(project: string, user: string, bindings: RoleBinding[]): Subject {
  return identityIn(project, user, bindings) ?? newIdentity(project, user);
}

/** Subjects a collaborator binding holds: the person, and for a user their kubeconfig identity. */
export function bindingSubjects(s: CollaboratorSubject, identity?: Subject): Subject[] {
  const own: Subject = { kind: s.kind, apiGroup: RBAC_GROUP, name: s.name };
  return s.kind === 'User' && identity ? [own, identity] : [own];
}

/** Readable when the subject's name allows it, else hashed; the level is part of it so a change can create before it deletes. */
export function bindingName(project: string, level: string, s: CollaboratorSubject): string {
  const kind = s.kind === 'User' ? 'user' : 'group';
  const readable = /^[A-Za-z0-9@._+-]{1,100}$/.test(s.name) ? s.name : shortHash(s.name);
  return `gatehouse:${project}:${level}:${kind}:${readable}`;
}

export function levelOf(levels: AccessLevel[], clusterRole: string, label?: string): string {
  const byLabel = label
    ? levels.find((l) => l.name === label && l.clusterRole === clusterRole)
    : undefined;
  return (byLabel ?? levels.find((l) => l.clusterRole === clusterRole))?.name ?? clusterRole;
}

export function clusterRoleOf(levels: AccessLevel[], level: string): string {
  return levels.find((l) => l.name === level)?.clusterRole ?? level;
}

/** Bindings in the project's namespaces labelled for it and referring to a ClusterRole. */
export function collaboratorBindings(project: string, bindings: RoleBinding[]): RoleBinding[] {
  return bindings.filter(
    (b) => b.metadata.labels?.[PROJECT_LABEL] === project && b.roleRef.kind === 'ClusterRole',
  );
}

/** One entry per (subject, level), across the project's namespaces. */
export function collaboratorsOf(
  project: string,
  namespaces: string[],
  bindings: RoleBinding[],
  levels: AccessLevel[],
): Collaborator[] {
  const byKey = new Map<string, Collaborator>();
  for (const b of collaboratorBindings(project, bindings)) {
    const ns = b.metadata.namespace ?? '';
    if (!namespaces.includes(ns)) continue;
    const level = levelOf(levels, b.roleRef.name, b.metadata.labels?.[LEVEL_LABEL]);
    const ann = b.metadata.annotations ?? {};
    for (const s of b.subjects ?? []) {
      if (s.kind !== 'User' && s.kind !== 'Group') continue;
      const key = JSON.stringify([s.kind, s.name, level]);
      let c = byKey.get(key);
      if (!c) {
        c = {
          subject: { kind: s.kind, name: s.name },
          level,
          clusterRole: b.roleRef.name,
          namespaces: [],
          complete: false,
          bindings: [],
          ...(ann[INVITED_BY] ? { invitedBy: ann[INVITED_BY] } : {}),
          ...(ann[INVITED_AT] ? { invitedAt: ann[INVITED_AT] } : {}),
          ...(ann[EXPIRES_AT] ? { expiresAt: ann[EXPIRES_AT] } : {}),
        };
        byKey.set(key, c);
      }
      if (!c.namespaces.includes(ns)) c.namespaces.push(ns);
      c.bindings.push({ namespace: ns, name: b.metadata.name ?? '' });
    }
  }
  const out = [...byKey.values()];
  for (const c of out) c.complete = namespaces.every((n) => c.namespaces.includes(n));
  return out.sort(
    (a, b) =>
      a.subject.kind.localeCompare(b.subject.kind) || a.subject.name.localeCompare(b.subject.name),
  );
}

/** A name as a URL path segment; ':' and '@' stay literal, as kubectl sends them. */
export function pathSegment(name: string): string {
  return encodeURIComponent(name).replace(/%3A/gi, ':').replace(/%40/g, '@');
}

export interface NamespaceJson {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    deletionTimestamp?: string;
  };
}

/** Which namespaces that claim a project (by label) the project's record vouches for. */
export interface Membership {
  /** The namespace named like the project, when it exists and claims the project. */
  home?: NamespaceJson;
  /** Claimed and listed by the record: the project's namespaces, sorted. */
  namespaces: string[];
  /** Claimed but not listed by the record: shown, never written to or issued for. */
  unverified: string[];
}

export function recordedNamespaces(home: NamespaceJson): string[] {
  return (home.metadata.annotations?.[NAMESPACES_ANNOTATION] ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
}

/** The record's value listing these namespaces (sorted, once each). */
export function recordValue(namespaces: string[]): string {
  return [...new Set(namespaces)].sort().join(',');
}

interface NamespaceMeta {
  metadata: {
    name?: string;
    labels?: Record<string, string> | null;
    annotations?: Record<string, string> | null;
  };
}

/**
 * The project a namespace belongs to (as membershipOf decides), for views that group namespaces by
 * project; `byName` holds the cluster's namespaces, among them the claimed project's home.
 */
export function verifiedProjectOf(
  ns: NamespaceMeta,
  byName: Map<string, NamespaceMeta>,
): string | undefined {
  const project = ns.metadata.labels?.[PROJECT_LABEL];
  if (!project) return undefined;
  const home = byName.get(project);
  if (!home || home.metadata.labels?.[PROJECT_LABEL] !== project) return undefined;
  const listed = (home.metadata.annotations?.[NAMESPACES_ANNOTATION] ?? '').split(',');
  const name = ns.metadata.name ?? '';
  return name === project || listed.map((n) => n.trim()).includes(name) ? project : undefined;
}

/**
 * A namespace belongs to a project when it claims it (label) and the project's home namespace lists
 * it (annotation); the home belongs by being the namespace named like the project. `claimed` are the
 * live (not Terminating) namespaces labelled with the project.
 */
export function membershipOf(project: string, claimed: NamespaceJson[]): Membership {
  const home = claimed.find((n) => n.metadata.name === project);
  const listed = new Set(home ? [project, ...recordedNamespaces(home)] : []);
  const names = claimed.map((n) => n.metadata.name).sort();
  return {
    ...(home ? { home } : {}),
    namespaces: names.filter((n) => listed.has(n)),
    unverified: names.filter((n) => !listed.has(n)),
  };
}
