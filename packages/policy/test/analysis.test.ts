// Beyond the API server: risky-permission findings and the impact of a change.
import { describe, expect, it } from 'vitest';
import {
  accessChanges,
  aggregateClusterRoles,
  createAuthorizer,
  subjectIdentity,
} from '../src/index.js';
import {
  bootstrapSnapshot,
  clusterRole,
  crb,
  group,
  rb,
  role,
  sa,
  snapshot,
  user,
} from './helpers.js';

describe('riskyFindings', () => {
  it('finds the bootstrap policy’s powerful grants, ClusterRoleBindings only for cluster-scoped ones', () => {
    const raw = bootstrapSnapshot();
    const authz = createAuthorizer({
      ...raw,
      clusterRoles: aggregateClusterRoles(raw.clusterRoles),
    });
    const found = authz
      .riskyFindings()
      .map(
        (f) =>
          `${f.permission.id} ${f.bindingKind} ${f.bindingName} ${f.subject.kind}:${f.subject.name}`,
      );
    expect(found).toContain('full-authority ClusterRoleBinding cluster-admin Group:system:masters');
    expect(found).toContain('read-secrets ClusterRoleBinding cluster-admin Group:system:masters');
    expect(
      found
        .filter((f) => f.startsWith('read-secrets'))
        .every((f) => !f.includes('system:basic-user')),
    ).toBe(true);
  });

  it('reports RoleBindings with their namespace and ServiceAccounts with theirs', () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [
          clusterRole('secrets', [
            { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
          ]),
          clusterRole('nodes', [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }]),
        ],
        roles: [
          role('ns1', 'exec', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }]),
        ],
        clusterRoleBindings: [crb('n', 'nodes', [group('ops')])],
        roleBindings: [
          rb('ns1', 's', 'ClusterRole', 'secrets', [sa('ci')]),
          rb('ns1', 'e', 'Role', 'exec', [user('dev')]),
          rb('ns2', 'n', 'ClusterRole', 'nodes', [user('dev')]),
        ],
      }),
    );
    const found = authz
      .riskyFindings()
      .map((f) => [f.permission.id, f.bindingNamespace, f.subject.name, f.subjectNamespace ?? '']);
    expect(found).toEqual([
      ['read-secrets', 'ns1', 'ci', 'ns1'],
      ['list-secrets', 'ns1', 'ci', 'ns1'],
      ['exec-pods', 'ns1', 'dev', ''],
      ['nodes-proxy', '', 'ops', ''],
    ]);
  });
});

describe('accessChanges', () => {
  const types = [
    { apiGroup: '', resource: 'pods' },
    { apiGroup: '', resource: 'secrets' },
  ];
  const roles = [
    clusterRole('view', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]),
    clusterRole('edit', [{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get'] }]),
  ];

  it('lists gained and lost cells when a RoleBinding moves from view to edit', () => {
    const before = createAuthorizer(
      snapshot({
        clusterRoles: roles,
        roleBindings: [rb('ns1', 'b', 'ClusterRole', 'view', [group('devs')])],
      }),
    );
    const after = createAuthorizer(
      snapshot({
        clusterRoles: roles,
        roleBindings: [rb('ns1', 'b', 'ClusterRole', 'edit', [group('devs')])],
      }),
    );
    const changes = accessChanges(
      before,
      after,
      [group('devs'), user('other')],
      ['ns1', 'ns2'],
      types,
    );
    expect(
      changes.map(
        (c) => `${c.change} ${c.subject.name} ${c.namespace} ${c.resource.resource} ${c.verb}`,
      ),
    ).toEqual(['lost devs ns1 pods list', 'gained devs ns1 secrets get']);
  });

  it('a ClusterRoleBinding change shows at cluster scope and in every namespace', () => {
    const before = createAuthorizer(snapshot({ clusterRoles: roles }));
    const after = createAuthorizer(
      snapshot({
        clusterRoles: roles,
        clusterRoleBindings: [crb('c', 'edit', [sa('app', 'ns1')])],
      }),
    );
    const changes = accessChanges(before, after, [sa('app', 'ns1')], ['ns1'], types);
    expect(changes.map((c) => `${c.change} ${c.namespace} ${c.resource.resource}`)).toEqual([
      'gained  pods',
      'gained  secrets',
      'gained ns1 pods',
      'gained ns1 secrets',
    ]);
  });

  it('subjectIdentity maps subjects to the identity they name', () => {
    expect(subjectIdentity(sa('app'), 'ns1')).toEqual({
      name: 'system:serviceaccount:ns1:app',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated'],
    });
    expect(subjectIdentity(sa('app'))).toBeUndefined();
    expect(subjectIdentity(group('g'))?.groups).toEqual(['g']);
    expect(subjectIdentity({ kind: 'Robot', name: 'r' })).toBeUndefined();
  });
});
