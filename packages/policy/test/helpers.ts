// Builders for RBAC objects and the real Kubernetes bootstrap policy, for tests and the bench.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  RbacSnapshot,
  Role,
  RoleBinding,
  Subject,
} from '../src/index.js';

export const RBAC = 'rbac.authorization.k8s.io';

export function clusterRole(
  name: string,
  rules: PolicyRule[],
  labels?: Record<string, string>,
): ClusterRole & { kind: 'ClusterRole' } {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: labels ? { name, labels } : { name },
    rules,
  };
}

export function role(
  namespace: string,
  name: string,
  rules: PolicyRule[],
): Role & { kind: 'Role' } {
  return { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace }, rules };
}

export function user(name: string): Subject {
  return { kind: 'User', apiGroup: RBAC, name };
}
export function group(name: string): Subject {
  return { kind: 'Group', apiGroup: RBAC, name };
}
export function sa(name: string, namespace?: string): Subject {
  return namespace === undefined
    ? { kind: 'ServiceAccount', name }
    : { kind: 'ServiceAccount', name, namespace };
}

export function crb(
  name: string,
  roleName: string,
  subjects: Subject[],
): ClusterRoleBinding & { kind: 'ClusterRoleBinding' } {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: roleName },
    subjects,
  };
}

export function rb(
  namespace: string,
  name: string,
  roleKind: 'Role' | 'ClusterRole',
  roleName: string,
  subjects: Subject[],
): RoleBinding & { kind: 'RoleBinding' } {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName },
    subjects,
  };
}

export function snapshot(parts: Partial<RbacSnapshot>): RbacSnapshot {
  return { clusterRoles: [], roles: [], clusterRoleBindings: [], roleBindings: [], ...parts };
}

/** ../shared beside the repository checkout, as CI clones it. */
export const SHARED_TESTDATA = new URL('../../../../shared/testdata/', import.meta.url);

function loadList<T>(file: string): T[] {
  const text = readFileSync(
    fileURLToPath(new URL(`k8s-bootstrap/${file}`, SHARED_TESTDATA)),
    'utf8',
  );
  return (parse(text) as { items: T[] }).items;
}

/** The Kubernetes bootstrap roles and bindings, exactly as stored (admin/edit/view not yet aggregated). */
export function bootstrapSnapshot(): RbacSnapshot {
  return {
    clusterRoles: loadList<ClusterRole>('cluster-roles.yaml'),
    clusterRoleBindings: loadList<ClusterRoleBinding>('cluster-role-bindings.yaml'),
    roles: loadList<Role>('namespace-roles.yaml'),
    roleBindings: loadList<RoleBinding>('namespace-role-bindings.yaml'),
  };
}
