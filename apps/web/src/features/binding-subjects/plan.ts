import type { BindingObject, Subject } from '../../api/rbacSchemas.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** A subject as the API server stores it: User and Group carry the RBAC apiGroup, ServiceAccounts a namespace. */
export function makeSubject(kind: SubjectKind, name: string, namespace?: string): Subject {
  if (kind === 'ServiceAccount')
    return { kind, name: name.trim(), namespace: namespace?.trim() ?? '' };
  return { kind, apiGroup: RBAC_GROUP, name: name.trim() };
}

/** Two subjects name the same identity (a ServiceAccount without namespace takes the binding's). */
export function sameSubject(a: Subject, b: Subject, bindingNamespace = ''): boolean {
  if (a.kind !== b.kind || a.name !== b.name) return false;
  if (a.kind !== 'ServiceAccount') return true;
  return (a.namespace || bindingNamespace) === (b.namespace || bindingNamespace);
}

export type SubjectChange = { op: 'add'; subject: Subject } | { op: 'remove'; subject: Subject };

/**
 * Applies one subject change to the binding as last read, keeping every other subject and the
 * resourceVersion, so the update fails with 409 rather than overwrite someone else's change.
 */
export function applySubjectChange(binding: BindingObject, change: SubjectChange): BindingObject {
  const ns = binding.metadata.namespace ?? '';
  const present = binding.subjects.some((s) => sameSubject(s, change.subject, ns));
  if (change.op === 'add') {
    if (present)
      throw new Error(
        `${change.subject.kind} ${change.subject.name} is already a subject of ${binding.metadata.name}.`,
      );
    return { ...binding, subjects: [...binding.subjects, change.subject] };
  }
  if (!present)
    throw new Error(
      `${change.subject.kind} ${change.subject.name} is no longer a subject of ${binding.metadata.name}.`,
    );
  return {
    ...binding,
    subjects: binding.subjects.filter((s) => !sameSubject(s, change.subject, ns)),
  };
}

/** Field-level problems with a subject before anything is sent. */
export function subjectProblems(
  kind: SubjectKind,
  name: string,
  namespace: string,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!name.trim()) problems.name = 'Enter a name.';
  if (kind === 'ServiceAccount') {
    if (!namespace.trim()) problems.namespace = 'A ServiceAccount subject needs its namespace.';
    else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace.trim()))
      problems.namespace = 'Namespaces are lowercase letters, digits and dashes.';
  }
  return problems;
}
