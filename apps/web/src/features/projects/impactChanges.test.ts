import { describe, expect, it } from 'vitest';
import type { Collaborator, ProjectDetail } from './api.js';
import { clusterRoleOf, inviteChanges, levelChanges, removeChanges } from './impactChanges.js';

// The RoleBinding writes a collaborator change previews in the impact panel, per namespace.
const project: ProjectDetail = {
  name: 'shop',
  namespaces: ['shop', 'shop-staging'],
  myLevels: ['admin'],
  collaborators: [],
  levels: [
    { name: 'viewer', clusterRole: 'view', description: 'Read' },
    { name: 'developer', clusterRole: 'edit', description: 'Change workloads' },
  ],
  grantableLevels: ['viewer', 'developer'],
  canManage: true,
  canDelete: true,
  canEditNamespaces: true,
  unverifiedNamespaces: [],
  kubeconfigLink: 'http://127.0.0.1/kubeconfig?cluster=dev&project=shop',
};

const ann: Collaborator = {
  subject: { kind: 'Group', name: 'ann-team' },
  level: 'viewer',
  clusterRole: 'view',
  namespaces: ['shop'],
  complete: false,
  bindings: [{ namespace: 'shop', name: 'gatehouse:shop:viewer:group:ann-team' }],
};

describe('clusterRoleOf', () => {
  it('maps a configured level to its ClusterRole and takes anything else as a ClusterRole name', () => {
    expect(clusterRoleOf(project, 'developer')).toBe('edit');
    expect(clusterRoleOf(project, 'gatehouse:auditor')).toBe('gatehouse:auditor');
  });
});

describe('inviteChanges', () => {
  it('previews one RoleBinding per namespace of the project with every invited subject', () => {
    const changes = inviteChanges(
      project,
      [
        { kind: 'User', name: 'dave' },
        { kind: 'Group', name: 'qa' },
      ],
      'edit',
    );
    expect(changes?.map((c) => [c.operation, c.object.metadata.namespace])).toEqual([
      ['create', 'shop'],
      ['create', 'shop-staging'],
    ]);
    expect(changes?.[0]?.object).toMatchObject({
      kind: 'RoleBinding',
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dave' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'qa' },
      ],
    });
  });

  it('has nothing to preview without subjects or without a role', () => {
    expect(inviteChanges(project, [], 'edit')).toBeNull();
    expect(inviteChanges(project, [{ kind: 'User', name: 'dave' }], '')).toBeNull();
  });
});

describe('levelChanges', () => {
  it('updates each of the collaborator’s bindings in place to the new role', () => {
    expect(levelChanges(ann, 'edit')).toEqual([
      {
        operation: 'update',
        object: {
          kind: 'RoleBinding',
          metadata: { name: 'gatehouse:shop:viewer:group:ann-team', namespace: 'shop' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
          subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'ann-team' }],
        },
      },
    ]);
  });

  it('has nothing to preview when the level stays the same', () => {
    expect(levelChanges(ann, 'view')).toBeNull();
  });
});

describe('removeChanges', () => {
  it('deletes each binding, on the role it has now, and only the collaborator’s bindings', () => {
    const both = { ...ann, bindings: [...ann.bindings, { namespace: 'shop-staging', name: 'b2' }] };
    const changes = removeChanges(both);
    expect(
      changes.map((c) => [c.operation, c.object.metadata.namespace, c.object.metadata.name]),
    ).toEqual([
      ['delete', 'shop', 'gatehouse:shop:viewer:group:ann-team'],
      ['delete', 'shop-staging', 'b2'],
    ]);
    // The object is a loose Kubernetes object (Record<string, unknown> beyond kind and metadata).
    expect(
      changes.map((c) => (c.object['roleRef'] as { name?: unknown } | undefined)?.name),
    ).toEqual(['view', 'view']);
  });
});
