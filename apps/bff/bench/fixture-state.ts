// A devcluster state file holding one of packages/policy's fixtures, plus the identities the BFF
// benches sign in as: the BFF's own, carol (a cluster-wide viewer) and bob (admin of a few namespaces).
import { writeFileSync } from 'node:fs';
import type { Fixture } from '../../../packages/policy/bench/fixtures.js';

const RBAC = 'rbac.authorization.k8s.io';

/** The BFF's own identity, which a state file must carry since the seed is not applied over one. */
function bffObjects(): Array<{ key: string; object: Record<string, unknown> }> {
  const sa = { kind: 'ServiceAccount', name: 'gatehouse-bff', namespace: 'gatehouse-system' };
  return [
    {
      key: '/namespaces',
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gatehouse-system' } },
    },
    {
      key: '/serviceaccounts',
      object: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'gatehouse-bff', namespace: 'gatehouse-system' },
      },
    },
    {
      key: `${RBAC}/clusterroles`,
      object: {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRole',
        metadata: { name: 'gatehouse:bff' },
        rules: [
          {
            apiGroups: [''],
            resources: ['users', 'groups', 'serviceaccounts'],
            verbs: ['impersonate'],
          },
          {
            apiGroups: [RBAC],
            resources: ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'],
            verbs: ['get', 'list', 'watch'],
          },
          {
            apiGroups: [''],
            resources: ['namespaces', 'serviceaccounts'],
            verbs: ['get', 'list', 'watch'],
          },
          {
            apiGroups: ['authorization.k8s.io'],
            resources: ['subjectaccessreviews'],
            verbs: ['create'],
          },
        ],
      },
    },
    {
      key: `${RBAC}/clusterrolebindings`,
      object: {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name: 'gatehouse:bff' },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'gatehouse:bff' },
        subjects: [sa],
      },
    },
  ];
}

export const adminNamespaces = (f: Fixture) => f.namespaces.slice(0, 3);

/** A devcluster state file (snapshot format) holding the fixture's namespaces and RBAC objects. */
export function writeState(f: Fixture, file: string): number {
  let uid = 0;
  const objects = bffObjects();
  const add = (
    key: string,
    kind: string,
    apiVersion: string,
    o: { metadata: Record<string, unknown> },
  ) =>
    objects.push({
      key,
      object: {
        ...o,
        apiVersion,
        kind,
        metadata: {
          ...o.metadata,
          uid: `bench-${++uid}`,
          resourceVersion: '1',
          creationTimestamp: '2026-01-01T00:00:00Z',
        },
      },
    });
  for (const name of f.namespaces) add('/namespaces', 'Namespace', 'v1', { metadata: { name } });
  for (const o of f.snapshot.clusterRoles)
    add(`${RBAC}/clusterroles`, 'ClusterRole', `${RBAC}/v1`, o);
  for (const o of f.snapshot.clusterRoleBindings)
    add(`${RBAC}/clusterrolebindings`, 'ClusterRoleBinding', `${RBAC}/v1`, o);
  for (const o of f.snapshot.roles) add(`${RBAC}/roles`, 'Role', `${RBAC}/v1`, o);
  for (const o of f.snapshot.roleBindings)
    add(`${RBAC}/rolebindings`, 'RoleBinding', `${RBAC}/v1`, o);
  // A cluster-wide viewer (the demo identity carol): read on every resource type, bound cluster-wide.
  const byGroup = new Map<string, string[]>();
  for (const t of f.resourceTypes)
    byGroup.set(t.apiGroup, [...(byGroup.get(t.apiGroup) ?? []), t.resource]);
  add(`${RBAC}/clusterroles`, 'ClusterRole', `${RBAC}/v1`, {
    metadata: { name: 'bench:viewer' },
    rules: [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      ...[...byGroup].map(([g, resources]) => ({
        apiGroups: [g],
        resources,
        verbs: ['get', 'list', 'watch'],
      })),
    ],
  } as { metadata: Record<string, unknown> });
  add(`${RBAC}/clusterrolebindings`, 'ClusterRoleBinding', `${RBAC}/v1`, {
    metadata: { name: 'bench:viewer' },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'bench:viewer' },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: 'carol' }],
  } as { metadata: Record<string, unknown> });
  // bob, a seeded user, administers the first few namespaces: his analysis is scoped to them.
  for (const namespace of adminNamespaces(f)) {
    add(`${RBAC}/roles`, 'Role', `${RBAC}/v1`, {
      metadata: { name: 'bench-ns-admin', namespace },
      rules: [{ apiGroups: [RBAC], resources: ['roles', 'rolebindings'], verbs: ['get', 'list'] }],
    } as { metadata: Record<string, unknown> });
    add(`${RBAC}/rolebindings`, 'RoleBinding', `${RBAC}/v1`, {
      metadata: { name: 'bench-ns-admin', namespace },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'bench-ns-admin' },
      subjects: [{ kind: 'User', apiGroup: RBAC, name: 'bob' }],
    } as { metadata: Record<string, unknown> });
  }
  writeFileSync(file, JSON.stringify({ resourceVersion: 1, objects }));
  return objects.length;
}
