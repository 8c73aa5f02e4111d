import { RBAC_GROUP } from '../../api/rbacKinds.js';
import type { ProposedChange } from '../analysis/ImpactPanel.js';
import type { Collaborator, CollaboratorSubject, ProjectDetail } from './api.js';

// The RoleBinding writes a collaborator change makes in each namespace of the project, as the
// BFF's change-impact analysis takes them. Names of bindings still to be created are only a
// stand-in: impact depends on subjects and role, never on the binding's name.
const PREVIEW_NAME = 'gatehouse-impact-preview';

function binding(
  namespace: string,
  name: string,
  clusterRole: string,
  subjects: CollaboratorSubject[],
): ProposedChange['object'] {
  return {
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRole },
    subjects: subjects.map((s) => ({ kind: s.kind, apiGroup: RBAC_GROUP, name: s.name })),
  };
}

/** The ClusterRole a level stands for; a custom level is a ClusterRole name itself. */
export function clusterRoleOf(project: ProjectDetail, level: string): string {
  return project.levels.find((l) => l.name === level)?.clusterRole ?? level;
}

export function inviteChanges(
  project: ProjectDetail,
  subjects: CollaboratorSubject[],
  clusterRole: string,
): ProposedChange[] | null {
  if (subjects.length === 0 || !clusterRole) return null;
  return project.namespaces.map((ns) => ({
    operation: 'create',
    object: binding(ns, PREVIEW_NAME, clusterRole, subjects),
  }));
}

/** A level change re-creates each binding on the new role; the net effect is the role swapped in place. */
export function levelChanges(
  collaborator: Collaborator,
  clusterRole: string,
): ProposedChange[] | null {
  if (clusterRole === collaborator.clusterRole) return null;
  return collaborator.bindings.map((b) => ({
    operation: 'update',
    object: binding(b.namespace, b.name, clusterRole, [collaborator.subject]),
  }));
}

export function removeChanges(collaborator: Collaborator): ProposedChange[] {
  return collaborator.bindings.map((b) => ({
    operation: 'delete',
    object: binding(b.namespace, b.name, collaborator.clusterRole, [collaborator.subject]),
  }));
}
