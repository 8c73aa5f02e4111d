// Collaborator changes as plans: pure functions from the project's bindings and a change to the
// RoleBinding writes that realise it, refusing what must not happen (self-change, last admin).
import type { ClusterRoleBinding, RoleBinding, Subject } from '@gatehouse/policy';
import type { AccessLevel, CollaboratorSubject } from './contract.js';
import {
  bindingName,
  bindingSubjects,
  clusterRoleOf,
  collaboratorBindings,
  collaboratorsOf,
  EXPIRES_AT,
  EXPIRES_LABEL,
  identityFor,
  isIdentityOf,
  INVITED_AT,
  INVITED_BY,
  LEVEL_LABEL,
  MANAGED_LABEL,
  NAMESPACES_ANNOTATION,
  PROJECT_LABEL,
  RBAC_GROUP,
  sameSubject,
  VIA,
  type NamespaceJson,
} from './model.js';

/** What a plan writes: project plans RoleBindings and Namespaces, fleet copies ClusterRoleBindings too. */
export type KubeObject = RoleBinding | ClusterRoleBinding | NamespaceObject;

export interface NamespaceObject {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
}

/** One write. `previous` is what an update or delete replaces, so it can be put back. */
export type Step =
  | { op: 'create'; object: KubeObject; description: string }
  | { op: 'update'; object: KubeObject; previous: KubeObject; description: string }
  | { op: 'delete'; object: KubeObject; description: string };

export type CollaboratorChange =
  | { kind: 'invite'; subjects: CollaboratorSubject[]; level: string; expiresAt?: string }
  | { kind: 'change-level'; subject: CollaboratorSubject; level: string }
  | { kind: 'remove'; subject: CollaboratorSubject };

export interface ProjectState {
  project: string;
  /** The project's namespaces: claimed by label and listed by its record (see membershipOf). */
  namespaces: string[];
  /** Namespaces that claim the project without its record listing them: never touched. */
  unverified?: string[];
  /** The home namespace holding the record, as read. */
  home?: NamespaceJson;
  /** RoleBindings in the project's namespaces (others are ignored). */
  bindings: RoleBinding[];
  levels: AccessLevel[];
}

export interface Actor {
  name: string;
  groups: string[];
}

export type Plan =
  | { ok: true; steps: Step[] }
  | { ok: false; code: 400 | 403 | 404 | 409; reason: string; message: string };

const refuse = (code: 400 | 403 | 404 | 409, reason: string, message: string): Plan => ({
  ok: false,
  code,
  reason,
  message,
});

const labelValue = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function describeSubject(s: CollaboratorSubject): string {
  return s.kind === 'Group' ? `group ${s.name}` : s.name;
}

/** The access level that makes someone able to manage the project. */
function isAdminRole(clusterRole: string): boolean {
  return clusterRole === 'admin' || clusterRole === 'cluster-admin';
}

function affectsActor(s: CollaboratorSubject, actor: Actor): boolean {
  return s.kind === 'User' ? s.name === actor.name : actor.groups.includes(s.name);
}

export function collaboratorBinding(
  state: ProjectState,
  namespace: string,
  level: string,
  subject: CollaboratorSubject,
  meta: { by: string; at: string; expiresAt?: string; identity?: Subject },
): RoleBinding {
  const clusterRole = clusterRoleOf(state.levels, level);
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: {
      name: bindingName(state.project, level, subject),
      namespace,
      labels: {
        [PROJECT_LABEL]: state.project,
        [MANAGED_LABEL]: 'gatehouse',
        ...(labelValue.test(level) ? { [LEVEL_LABEL]: level } : {}),
        ...(meta.expiresAt ? { [EXPIRES_LABEL]: 'true' } : {}),
      },
      annotations: {
        [INVITED_BY]: meta.by,
        [INVITED_AT]: meta.at,
        ...(meta.expiresAt ? { [EXPIRES_AT]: meta.expiresAt } : {}),
      },
    },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRole },
    subjects: bindingSubjects(subject, meta.identity),
  };
}

function holds(state: ProjectState, b: RoleBinding, s: CollaboratorSubject): boolean {
  // A kubeconfig identity bound through a group goes when the group goes.
  if (b.metadata.annotations?.[VIA] === `${s.kind}:${s.name}`) return true;
  return (b.subjects ?? []).some(
    (x) => sameSubject(s, x) || (s.kind === 'User' && isIdentityOf(state.project, s.name, x)),
  );
}

/** Steps that take the subject (and their kubeconfig identity) out of the given bindings, never dropping other subjects. */
function removalSteps(
  state: ProjectState,
  bindings: RoleBinding[],
  s: CollaboratorSubject,
): Step[] {
  return bindings.map((b): Step => {
    const where = `${b.metadata.name} in ${b.metadata.namespace ?? ''}`;
    const via = b.metadata.annotations?.[VIA] === `${s.kind}:${s.name}`;
    const others: Subject[] = via
      ? []
      : (b.subjects ?? []).filter((x) => !holds(state, { ...b, subjects: [x] }, s));
    if (others.length === 0)
      return { op: 'delete', object: b, description: `delete RoleBinding ${where}` };
    return {
      op: 'update',
      object: { ...b, subjects: others },
      previous: b,
      description: `remove ${describeSubject(s)} from RoleBinding ${where}, keeping its other subjects`,
    };
  });
}

/** Whether the change takes away the project's last admin (a project with none loses nothing). */
function removesLastAdmin(
  state: ProjectState,
  subject: CollaboratorSubject,
  newRole?: string,
): boolean {
  const collaborators = collaboratorsOf(
    state.project,
    state.namespaces,
    state.bindings,
    state.levels,
  );
  const before = new Set<string>();
  const after = new Set<string>();
  for (const c of collaborators) {
    const key = `${c.subject.kind}:${c.subject.name}`;
    if (isAdminRole(c.clusterRole)) before.add(key);
    const role = sameSubject(subject, c.subject) ? newRole : c.clusterRole;
    if (role !== undefined && isAdminRole(role)) after.add(key);
  }
  return before.size > 0 && after.size === 0;
}

/**
 * The writes realising a change, in an order that never leaves a person without access midway:
 * a level change creates the new bindings in every namespace before it removes the old ones.
 */
export function planCollaboratorChange(
  state: ProjectState,
  change: CollaboratorChange,
  actor: Actor,
  now: Date,
): Plan {
  const bindings = collaboratorBindings(state.project, state.bindings).filter((b) =>
    state.namespaces.includes(b.metadata.namespace ?? ''),
  );
  const scoped = { ...state, bindings };
  const collaborators = collaboratorsOf(state.project, state.namespaces, bindings, state.levels);
  const subjects = change.kind === 'invite' ? change.subjects : [change.subject];
  const self = subjects.find((s) => affectsActor(s, actor));
  if (self)
    return refuse(
      403,
      'Forbidden',
      `you cannot change your own access (${describeSubject(self)}); ask another admin of ${state.project}`,
    );
  const at = now.toISOString();
  if (state.namespaces.length === 0)
    return refuse(
      409,
      'Conflict',
      `no namespace of ${state.project} is verified: its record (annotation ${NAMESPACES_ANNOTATION} on namespace ${state.project}) lists none of those claiming it`,
    );

  if (change.kind === 'invite') {
    if (subjects.length === 0)
      return refuse(400, 'BadRequest', 'name at least one user or group to invite');
    if (change.expiresAt !== undefined && Date.parse(change.expiresAt) <= now.getTime())
      return refuse(400, 'BadRequest', 'the expiry must be in the future');
    const seen = new Set<string>();
    const steps: Step[] = [];
    for (const s of subjects) {
      const key = `${s.kind}:${s.name}`;
      if (seen.has(key)) return refuse(400, 'BadRequest', `${describeSubject(s)} is named twice`);
      seen.add(key);
      const existing = collaborators.find((c) => sameSubject(s, c.subject));
      if (existing)
        return refuse(
          409,
          'AlreadyExists',
          `${describeSubject(s)} is already ${existing.level} in ${state.project}; change their level instead`,
        );
      // One a binding still names (their access through a group) goes on; otherwise a new one.
      const identity = s.kind === 'User' ? identityFor(state.project, s.name, bindings) : undefined;
      for (const ns of state.namespaces) {
        const object = collaboratorBinding(scoped, ns, change.level, s, {
          by: actor.name,
          at,
          ...(change.expiresAt ? { expiresAt: new Date(change.expiresAt).toISOString() } : {}),
          ...(identity ? { identity } : {}),
        });
        steps.push({
          op: 'create',
          object,
          description: `create RoleBinding ${object.metadata.name} in ${ns} (${describeSubject(s)} → ${object.roleRef.name})`,
        });
      }
    }
    return { ok: true, steps };
  }

  const s = change.subject;
  const current = collaborators.filter((c) => sameSubject(s, c.subject));
  if (current.length === 0)
    return refuse(
      404,
      'NotFound',
      `${describeSubject(s)} is not a collaborator of ${state.project}`,
    );
  const held = bindings.filter((b) => holds(scoped, b, s));

  if (change.kind === 'remove') {
    if (removesLastAdmin(scoped, s))
      return refuse(
        409,
        'Conflict',
        `${describeSubject(s)} is the last admin of ${state.project}; make someone else admin first`,
      );
    return { ok: true, steps: removalSteps(scoped, held, s) };
  }

  const role = clusterRoleOf(state.levels, change.level);
  if (current.length === 1 && current[0]!.clusterRole === role && current[0]!.complete)
    return refuse(400, 'BadRequest', `${describeSubject(s)} is already ${change.level}`);
  if (removesLastAdmin(scoped, s, role))
    return refuse(
      409,
      'Conflict',
      `${describeSubject(s)} is the last admin of ${state.project}; make someone else admin first`,
    );
  const expiresAt = current.find((c) => c.expiresAt)?.expiresAt;
  // The membership goes on, so its identity (and the files issued for it) too.
  const identity = s.kind === 'User' ? identityFor(state.project, s.name, held) : undefined;
  const creates: Step[] = [];
  for (const ns of state.namespaces) {
    const object = collaboratorBinding(scoped, ns, change.level, s, {
      by: actor.name,
      at,
      ...(expiresAt ? { expiresAt } : {}),
      ...(identity ? { identity } : {}),
    });
    const already = held.some(
      (b) => b.metadata.namespace === ns && b.metadata.name === object.metadata.name,
    );
    if (!already)
      creates.push({
        op: 'create',
        object,
        description: `create RoleBinding ${object.metadata.name} in ${ns} (${describeSubject(s)} → ${role})`,
      });
  }
  const old = held.filter((b) => b.roleRef.name !== role);
  return { ok: true, steps: [...creates, ...removalSteps(scoped, old, s)] };
}
