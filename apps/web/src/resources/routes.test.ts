import { describe, expect, it } from 'vitest';
import { kindEntries } from './registry.js';
import { clusterKindRoutes, namespacedKindRoutes } from './routes.js';

describe('kind folders', () => {
  it('are found by the registry, one entry per RBAC kind', () => {
    expect(kindEntries.map((e) => e.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
    ]);
  });

  it('give the route table the pages the console has always had', () => {
    expect(clusterKindRoutes.map((r) => r.path).sort()).toEqual([
      'clusterrolebindings',
      'clusterrolebindings/:name',
      'clusterroles',
      'clusterroles/:name',
      'clusterroles/:name/edit',
      'new/clusterrolebindings',
      'new/clusterroles',
      // Namespaced kinds across all namespaces.
      'rolebindings',
      'roles',
    ]);
    expect(namespacedKindRoutes.map((r) => r.path).sort()).toEqual([
      'new/rolebindings',
      'new/roles',
      'rolebindings',
      'rolebindings/:name',
      'roles',
      'roles/:name',
      'roles/:name/edit',
    ]);
  });
});
