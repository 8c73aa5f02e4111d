// rulesFor (SelfSubjectRulesReview status) and whoCan.
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../src/index.js';
import { clusterRole, crb, group, rb, role, sa, snapshot, user } from './helpers.js';

const snap = snapshot({
  clusterRoles: [
    clusterRole('discovery', [{ nonResourceURLs: ['/api', '/api/*'], verbs: ['get'] }]),
    clusterRole('pods', [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['p1'] },
    ]),
    clusterRole('legacy', [
      { apiGroups: ['*'], resources: ['*'], nonResourceURLs: ['/x'], verbs: ['*'] },
    ]),
    clusterRole('groupless', [{ resources: ['things'], verbs: ['get'] }]),
  ],
  roles: [role('ns1', 'cm', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }])],
  clusterRoleBindings: [
    crb('d', 'discovery', [group('system:authenticated')]),
    crb('gone', 'missing', [user('alice')]),
  ],
  roleBindings: [
    rb('ns1', 'p', 'ClusterRole', 'pods', [user('alice'), sa('app')]),
    rb('ns1', 'c', 'Role', 'cm', [group('devs')]),
    rb('ns2', 'l', 'ClusterRole', 'legacy', [user('alice')]),
    rb('ns2', 'g', 'ClusterRole', 'groupless', [user('alice')]),
  ],
});
const authz = createAuthorizer(snap);
const alice = { name: 'alice', groups: ['devs', 'system:authenticated'] };

describe('rulesFor', () => {
  it('returns cluster-wide and namespace rules as SelfSubjectRulesReview does, with the evaluation error', () => {
    expect(authz.rulesFor(alice, 'ns1')).toEqual({
      resourceRules: [
        { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['p1'] },
        { verbs: ['list'], apiGroups: [''], resources: ['configmaps'] },
      ],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }],
      incomplete: false,
      evaluationError: 'clusterrole.rbac.authorization.k8s.io "missing" not found',
    });
  });

  it('without a namespace only ClusterRoleBindings count', () => {
    expect(authz.rulesFor(alice).resourceRules).toEqual([]);
    expect(authz.rulesFor(alice, '').nonResourceRules).toHaveLength(1);
  });

  it('a legacy rule with both lists appears in both; a rule without apiGroups still lists its resources', () => {
    const r = authz.rulesFor({ name: 'alice', groups: [] }, 'ns2');
    expect(r.resourceRules).toEqual([
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['get'], resources: ['things'] },
    ]);
    expect(r.nonResourceRules).toEqual([{ verbs: ['*'], nonResourceURLs: ['/x'] }]);
    expect(r.evaluationError).toBe('clusterrole.rbac.authorization.k8s.io "missing" not found');
  });

  it('a stranger gets empty lists', () => {
    expect(authz.rulesFor({ name: 'x', groups: [] }, 'ns1')).toEqual({
      resourceRules: [],
      nonResourceRules: [],
      incomplete: false,
    });
  });
});

describe('whoCan', () => {
  it('lists every subject with the binding and role that allow it, ServiceAccounts with their namespace', () => {
    expect(
      authz.whoCan({ verb: 'get', apiGroup: '', resource: 'pods', name: 'p1', namespace: 'ns1' }),
    ).toEqual([
      {
        kind: 'User',
        name: 'alice',
        bindingKind: 'RoleBinding',
        bindingName: 'p',
        bindingNamespace: 'ns1',
        roleKind: 'ClusterRole',
        roleName: 'pods',
        ruleIndex: 0,
      },
      {
        kind: 'ServiceAccount',
        name: 'app',
        namespace: 'ns1',
        bindingKind: 'RoleBinding',
        bindingName: 'p',
        bindingNamespace: 'ns1',
        roleKind: 'ClusterRole',
        roleName: 'pods',
        ruleIndex: 0,
      },
    ]);
  });

  it('respects resourceNames, namespaces and Role scoping', () => {
    expect(
      authz.whoCan({ verb: 'get', apiGroup: '', resource: 'pods', name: 'p2', namespace: 'ns1' }),
    ).toEqual([]);
    expect(
      authz
        .whoCan({ verb: 'get', apiGroup: '', resource: 'pods', name: 'p1', namespace: 'ns2' })
        .map((m) => m.bindingName),
    ).toEqual(['l']);
    expect(
      authz
        .whoCan({ verb: 'list', apiGroup: '', resource: 'configmaps', namespace: 'ns1' })
        .map((m) => [m.kind, m.name]),
    ).toEqual([['Group', 'devs']]);
    expect(
      authz.whoCan({ verb: 'list', apiGroup: '', resource: 'configmaps', namespace: 'ns3' }),
    ).toEqual([]);
  });

  it('non-resource URLs are granted by ClusterRoleBindings only', () => {
    expect(authz.whoCan({ verb: 'get', path: '/api/v1' }).map((m) => m.name)).toEqual([
      'system:authenticated',
    ]);
    expect(authz.whoCan({ verb: 'get', path: '/x' })).toEqual([]);
  });
});
