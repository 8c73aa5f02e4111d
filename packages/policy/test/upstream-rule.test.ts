// pkg/registry/rbac/validation/rule_test.go (commit 00bdb3fa), restated: TestDefaultRuleResolver through
// effectiveRules (RulesFor), TestAppliesTo through createAuthorizer, since appliesTo is internal.
import { describe, expect, it } from 'vitest';
import { createAuthorizer, subjectAppliesTo } from '../src/index.js';
import type { PolicyRule, Subject, UserInfo } from '../src/index.js';
import { RBAC, clusterRole, crb, rb, role, snapshot } from './helpers.js';

const ruleReadPods: PolicyRule = {
  verbs: ['GET', 'WATCH'],
  apiGroups: ['v1'],
  resources: ['pods'],
};
const ruleReadServices: PolicyRule = {
  verbs: ['GET', 'WATCH'],
  apiGroups: ['v1'],
  resources: ['services'],
};
const ruleWriteNodes: PolicyRule = {
  verbs: ['PUT', 'CREATE', 'UPDATE'],
  apiGroups: ['v1'],
  resources: ['nodes'],
};
const ruleAdmin: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };

const staticRoles1 = createAuthorizer(
  snapshot({
    roles: [role('namespace1', 'readthings', [ruleReadPods, ruleReadServices])],
    clusterRoles: [
      clusterRole('cluster-admin', [ruleAdmin]),
      clusterRole('write-nodes', [ruleWriteNodes]),
    ],
    roleBindings: [
      rb('namespace1', 'b', 'Role', 'readthings', [
        { kind: 'User', name: 'foobar' },
        { kind: 'Group', name: 'group1' },
      ]),
    ],
    clusterRoleBindings: [
      crb('c', 'cluster-admin', [
        { kind: 'User', name: 'admin' },
        { kind: 'Group', name: 'admin' },
      ]),
    ],
  }),
);

describe('rule_test.go TestDefaultRuleResolver', () => {
  const cases: { name: string; user: UserInfo; namespace: string; rules: PolicyRule[] }[] = [
    {
      name: 'case 0: RoleBinding to a Role applies in its namespace',
      user: { name: 'foobar', groups: [] },
      namespace: 'namespace1',
      rules: [ruleReadPods, ruleReadServices],
    },
    {
      name: 'case 1: and not in another namespace',
      user: { name: 'foobar', groups: [] },
      namespace: 'namespace2',
      rules: [],
    },
    {
      name: 'case 2: without a namespace only cluster rules apply',
      user: { name: 'foobar', groups: ['admin'] },
      namespace: '',
      rules: [ruleAdmin],
    },
    {
      name: 'case 3: the empty user has no rules',
      user: { name: '', groups: [] },
      namespace: '',
      rules: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(staticRoles1.effectiveRules(c.user, c.namespace)).toEqual({
        rules: c.rules,
        errors: [],
      });
    });
  }
});

/** Whether a RoleBinding (or a ClusterRoleBinding for namespace "") with these subjects applies. */
function appliesTo(user: UserInfo, subjects: Subject[], namespace: string): boolean {
  const rules: PolicyRule[] = [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }];
  const authz = createAuthorizer(
    snapshot({
      clusterRoles: [clusterRole('r', rules)],
      ...(namespace === ''
        ? { clusterRoleBindings: [crb('b', 'r', subjects)] }
        : { roleBindings: [rb(namespace, 'b', 'ClusterRole', 'r', subjects)] }),
    }),
  );
  const viaIndex = authz.authorize(user, {
    verb: 'get',
    apiGroup: '',
    resource: 'pods',
    namespace: namespace || 'x',
  }).allowed;
  // The exported matcher must agree with the indexed engine.
  expect(subjects.some((s) => subjectAppliesTo(user, s, namespace))).toBe(viaIndex);
  return viaIndex;
}

describe('rule_test.go TestAppliesTo', () => {
  const cases: {
    testCase: string;
    subjects: Subject[];
    user: UserInfo;
    namespace: string;
    appliesTo: boolean;
  }[] = [
    {
      testCase: 'single subject that matches username',
      subjects: [{ kind: 'User', name: 'foobar' }],
      user: { name: 'foobar', groups: [] },
      namespace: '',
      appliesTo: true,
    },
    {
      testCase: 'multiple subjects, one that matches username',
      subjects: [
        { kind: 'User', name: 'barfoo' },
        { kind: 'User', name: 'foobar' },
      ],
      user: { name: 'foobar', groups: [] },
      namespace: '',
      appliesTo: true,
    },
    {
      testCase: 'multiple subjects, none that match username',
      subjects: [
        { kind: 'User', name: 'barfoo' },
        { kind: 'User', name: 'foobar' },
      ],
      user: { name: 'zimzam', groups: [] },
      namespace: '',
      appliesTo: false,
    },
    {
      testCase: 'multiple subjects, one that match group',
      subjects: [
        { kind: 'User', name: 'barfoo' },
        { kind: 'Group', name: 'foobar' },
      ],
      user: { name: 'zimzam', groups: ['foobar'] },
      namespace: '',
      appliesTo: true,
    },
    {
      testCase: 'multiple subjects, one that match group, should ignore namespace',
      subjects: [
        { kind: 'User', name: 'barfoo' },
        { kind: 'Group', name: 'foobar' },
      ],
      user: { name: 'zimzam', groups: ['foobar'] },
      namespace: 'namespace1',
      appliesTo: true,
    },
    {
      testCase: 'multiple subjects with a service account that matches',
      subjects: [
        { kind: 'User', name: 'barfoo' },
        { kind: 'Group', name: 'foobar' },
        { kind: 'ServiceAccount', namespace: 'kube-system', name: 'default' },
      ],
      user: { name: 'system:serviceaccount:kube-system:default', groups: [] },
      namespace: 'default',
      appliesTo: true,
    },
    {
      testCase: "* user subject name doesn't match all users",
      subjects: [{ kind: 'User', name: '*' }],
      user: { name: 'foobar', groups: [] },
      namespace: 'default',
      appliesTo: false,
    },
    {
      testCase:
        'binding to all authenticated and unauthenticated subjects matches authenticated user',
      subjects: [
        { kind: 'Group', name: 'system:authenticated' },
        { kind: 'Group', name: 'system:unauthenticated' },
      ],
      user: { name: 'foobar', groups: ['system:authenticated'] },
      namespace: 'default',
      appliesTo: true,
    },
    {
      testCase: 'binding to all authenticated and unauthenticated subjects matches anonymous user',
      subjects: [
        { kind: 'Group', name: 'system:authenticated' },
        { kind: 'Group', name: 'system:unauthenticated' },
      ],
      user: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
      namespace: 'default',
      appliesTo: true,
    },
  ];
  for (const c of cases) {
    it(c.testCase, () => {
      expect(appliesTo(c.user, c.subjects, c.namespace)).toBe(c.appliesTo);
    });
  }
});

// Edge cases of appliesToUser read from rule.go, beyond the upstream table.
describe('rule.go appliesToUser edge cases', () => {
  const saUser = (ns: string, name: string): UserInfo => ({
    name: `system:serviceaccount:${ns}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
  });
  it('a ServiceAccount subject without namespace defaults to the RoleBinding namespace', () => {
    expect(appliesTo(saUser('ns1', 'app'), [{ kind: 'ServiceAccount', name: 'app' }], 'ns1')).toBe(
      true,
    );
    expect(appliesTo(saUser('ns2', 'app'), [{ kind: 'ServiceAccount', name: 'app' }], 'ns1')).toBe(
      false,
    );
  });
  it('a ServiceAccount subject without namespace in a ClusterRoleBinding matches nobody', () => {
    expect(appliesTo(saUser('default', 'app'), [{ kind: 'ServiceAccount', name: 'app' }], '')).toBe(
      false,
    );
    expect(
      appliesTo(
        saUser('default', 'app'),
        [{ kind: 'ServiceAccount', name: 'app', namespace: '' }],
        '',
      ),
    ).toBe(false);
  });
  it('a ServiceAccount subject of another namespace is granted in the binding namespace', () => {
    expect(
      appliesTo(
        saUser('ns2', 'app'),
        [{ kind: 'ServiceAccount', name: 'app', namespace: 'ns2' }],
        'ns1',
      ),
    ).toBe(true);
  });
  it('Group system:serviceaccounts:<ns> matches only through the groups the authenticator set', () => {
    const subjects: Subject[] = [
      { kind: 'Group', apiGroup: RBAC, name: 'system:serviceaccounts:ns1' },
    ];
    expect(appliesTo(saUser('ns1', 'app'), subjects, 'ns1')).toBe(true);
    expect(appliesTo({ name: 'system:serviceaccount:ns1:app', groups: [] }, subjects, 'ns1')).toBe(
      false,
    );
  });
  it('a User subject with a namespace set matches by name alone', () => {
    const subjects: Subject[] = [
      { kind: 'User', apiGroup: RBAC, name: 'alice', namespace: 'other' },
    ];
    expect(appliesTo({ name: 'alice', groups: [] }, subjects, 'ns1')).toBe(true);
    expect(appliesTo({ name: 'alice', groups: [] }, subjects, '')).toBe(true);
  });
  it('an unknown subject kind never matches', () => {
    expect(
      appliesTo({ name: 'alice', groups: ['alice'] }, [{ kind: 'user', name: 'alice' }], 'ns1'),
    ).toBe(false);
  });
});

describe('VisitRulesFor: a RoleBinding to a ClusterRole is scoped to its namespace', () => {
  const authz = createAuthorizer(
    snapshot({
      clusterRoles: [
        clusterRole('cluster-admin', [
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
          { verbs: ['*'], nonResourceURLs: ['*'] },
        ]),
      ],
      roleBindings: [rb('a', 'b', 'ClusterRole', 'cluster-admin', [{ kind: 'User', name: 'u' }])],
    }),
  );
  const u = { name: 'u', groups: [] };
  it('grants namespaced resources in namespace a only', () => {
    expect(
      authz.authorize(u, {
        verb: 'delete',
        apiGroup: '',
        resource: 'secrets',
        namespace: 'a',
        name: 's',
      }).allowed,
    ).toBe(true);
    expect(
      authz.authorize(u, {
        verb: 'delete',
        apiGroup: '',
        resource: 'secrets',
        namespace: 'b',
        name: 's',
      }).allowed,
    ).toBe(false);
  });
  it('grants no cluster-scoped resource, all-namespace list or non-resource URL', () => {
    expect(
      authz.authorize(u, { verb: 'get', apiGroup: '', resource: 'nodes', name: 'n1' }).allowed,
    ).toBe(false);
    expect(
      authz.authorize(u, { verb: 'list', apiGroup: '', resource: 'pods', namespace: '' }).allowed,
    ).toBe(false);
    expect(authz.authorize(u, { verb: 'get', path: '/healthz' }).allowed).toBe(false);
    expect(authz.effectiveRules(u, '').rules).toEqual([]);
  });
  it('rulesFor in namespace a holds the ClusterRole rules, as SelfSubjectRulesReview shows them', () => {
    const review = authz.rulesFor(u, 'a');
    expect(review.resourceRules).toEqual([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
    expect(review.nonResourceRules).toEqual([{ verbs: ['*'], nonResourceURLs: ['*'] }]);
  });
});
