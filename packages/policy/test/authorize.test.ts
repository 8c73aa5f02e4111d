import { describe, expect, it } from 'vitest';
import { createAuthorizer, explainDecision } from '../src/index.js';
import { clusterRole, crb, group, rb, role, sa, snapshot, user } from './helpers.js';

const podsReader = clusterRole('pod-reader', [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
]);
const alice = { name: 'alice', groups: ['devs', 'system:authenticated'] };
const getPods = (namespace?: string) => ({
  verb: 'get',
  apiGroup: '',
  resource: 'pods',
  name: 'p',
  ...(namespace === undefined ? {} : { namespace }),
});

describe('authorize: subjects', () => {
  it('User subjects match the exact name; * is not a wildcard', () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [podsReader],
        clusterRoleBindings: [
          crb('b', 'pod-reader', [user('alice')]),
          crb('star', 'pod-reader', [user('*')]),
        ],
      }),
    );
    expect(authz.authorize(alice, getPods('x')).allowed).toBe(true);
    expect(authz.authorize({ name: 'Alice', groups: [] }, getPods('x')).allowed).toBe(false);
    expect(authz.authorize({ name: 'bob', groups: [] }, getPods('x')).allowed).toBe(false);
  });

  it('Group subjects match one of the user groups exactly', () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [podsReader],
        clusterRoleBindings: [crb('b', 'pod-reader', [group('devs')])],
      }),
    );
    expect(authz.authorize(alice, getPods('x')).allowed).toBe(true);
    expect(authz.authorize({ name: 'devs', groups: [] }, getPods('x')).allowed).toBe(false);
  });

  it('ServiceAccount subjects match only the username system:serviceaccount:NS:NAME', () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [podsReader],
        clusterRoleBindings: [
          crb('b', 'pod-reader', [sa('app', 'ns1')]),
          crb('no-ns', 'pod-reader', [sa('other')]),
        ],
      }),
    );
    expect(
      authz.authorize({ name: 'system:serviceaccount:ns1:app', groups: [] }, getPods('x')).allowed,
    ).toBe(true);
    expect(
      authz.authorize({ name: 'system:serviceaccount:ns2:app', groups: [] }, getPods('x')).allowed,
    ).toBe(false);
    // A ServiceAccount subject without namespace in a ClusterRoleBinding matches nobody.
    expect(
      authz.authorize({ name: 'system:serviceaccount::other', groups: [] }, getPods('x')).allowed,
    ).toBe(false);
  });

  it('ServiceAccount groups come from authentication, never from the username', () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [podsReader],
        clusterRoleBindings: [crb('b', 'pod-reader', [group('system:serviceaccounts:ns1')])],
      }),
    );
    expect(
      authz.authorize({ name: 'system:serviceaccount:ns1:app', groups: [] }, getPods('x')).allowed,
    ).toBe(false);
    expect(
      authz.authorize(
        { name: 'system:serviceaccount:ns1:app', groups: ['system:serviceaccounts:ns1'] },
        getPods('x'),
      ).allowed,
    ).toBe(true);
  });

  it('a RoleBinding ServiceAccount without namespace defaults to the binding namespace; another namespace SA is granted here only', () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [podsReader],
        roleBindings: [rb('ns1', 'b', 'ClusterRole', 'pod-reader', [sa('app'), sa('ci', 'ns2')])],
      }),
    );
    expect(
      authz.authorize({ name: 'system:serviceaccount:ns1:app', groups: [] }, getPods('ns1'))
        .allowed,
    ).toBe(true);
    expect(
      authz.authorize({ name: 'system:serviceaccount:ns2:ci', groups: [] }, getPods('ns1')).allowed,
    ).toBe(true);
    expect(
      authz.authorize({ name: 'system:serviceaccount:ns2:ci', groups: [] }, getPods('ns2')).allowed,
    ).toBe(false);
  });

  it('unknown subject kinds never match', () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [podsReader],
        clusterRoleBindings: [crb('b', 'pod-reader', [{ kind: 'user', name: 'alice' }])],
      }),
    );
    expect(authz.authorize(alice, getPods('x')).allowed).toBe(false);
  });
});

describe('authorize: RoleBindings', () => {
  const snap = snapshot({
    clusterRoles: [
      podsReader,
      clusterRole('cluster-admin', [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ]),
    ],
    roles: [
      role('ns1', 'local', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
      role('ns2', 'other', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]),
    ],
    roleBindings: [
      rb('ns1', 'to-cr', 'ClusterRole', 'pod-reader', [user('alice')]),
      rb('ns1', 'to-role', 'Role', 'local', [user('alice')]),
      rb('ns1', 'to-foreign-role', 'Role', 'other', [user('alice')]),
      rb('ns1', 'admin', 'ClusterRole', 'cluster-admin', [user('bob')]),
    ],
  });
  const authz = createAuthorizer(snap);

  it('a RoleBinding to a ClusterRole grants it only in its namespace', () => {
    expect(authz.authorize(alice, getPods('ns1')).allowed).toBe(true);
    expect(authz.authorize(alice, getPods('ns2')).allowed).toBe(false);
    expect(authz.authorize(alice, getPods('')).allowed).toBe(false);
    expect(authz.authorize(alice, getPods()).allowed).toBe(false);
  });

  it('a Role resolves in the binding namespace only', () => {
    expect(
      authz.authorize(alice, {
        verb: 'get',
        apiGroup: '',
        resource: 'configmaps',
        namespace: 'ns1',
      }).allowed,
    ).toBe(true);
    const d = authz.authorize(alice, {
      verb: 'get',
      apiGroup: '',
      resource: 'secrets',
      namespace: 'ns1',
    });
    expect(d.allowed).toBe(false);
    expect(d.reason).toBe('RBAC: role.rbac.authorization.k8s.io "other" not found');
  });

  it('a RoleBinding to cluster-admin grants nothing cluster-wide and no URLs', () => {
    const bob = { name: 'bob', groups: [] };
    expect(
      authz.authorize(bob, {
        verb: 'delete',
        apiGroup: '',
        resource: 'secrets',
        namespace: 'ns1',
        name: 's',
      }).allowed,
    ).toBe(true);
    expect(authz.authorize(bob, { verb: 'list', apiGroup: '', resource: 'nodes' }).allowed).toBe(
      false,
    );
    expect(authz.authorize(bob, { verb: 'get', path: '/healthz' }).allowed).toBe(false);
  });
});

describe('authorize: explanations and reasons', () => {
  const snap = snapshot({
    clusterRoles: [
      podsReader,
      clusterRole('all-pods', [{ apiGroups: ['*'], resources: ['pods'], verbs: ['*'] }]),
    ],
    clusterRoleBindings: [
      crb('missing', 'nope', [group('devs')]),
      crb('readers', 'pod-reader', [user('x'), group('devs')]),
      crb('all', 'all-pods', [user('alice')]),
    ],
    roleBindings: [rb('ns1', 'sa-binding', 'ClusterRole', 'pod-reader', [sa('app')])],
  });
  const authz = createAuthorizer(snap);

  it('the reason names the first binding, role and subject in visiting order; matches list every allowing rule', () => {
    const d = authz.authorize(alice, getPods('ns1'));
    expect(d.allowed).toBe(true);
    expect(d.reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "pod-reader" to Group "devs"',
    );
    expect(d.matches.map((m) => [m.bindingName, m.roleName, m.ruleIndex, m.subject.name])).toEqual([
      ['readers', 'pod-reader', 0, 'devs'],
      ['all', 'all-pods', 0, 'alice'],
    ]);
    expect(d.considered.map((c) => [c.bindingName, c.roleFound])).toEqual([
      ['missing', false],
      ['readers', true],
      ['all', true],
    ]);
  });

  it('RoleBinding reasons show name/namespace and ServiceAccount name/namespace', () => {
    const d = authz.authorize(
      { name: 'system:serviceaccount:ns1:app', groups: [] },
      getPods('ns1'),
    );
    expect(d.reason).toBe(
      'RBAC: allowed by RoleBinding "sa-binding/ns1" of ClusterRole "pod-reader" to ServiceAccount "app/ns1"',
    );
  });

  it('a denial is NoOpinion with "" or the resolution errors, and says what was considered', () => {
    const none = authz.authorize({ name: 'carol', groups: [] }, getPods('ns1'));
    expect(none).toEqual({ allowed: false, reason: '', matches: [], considered: [], errors: [] });
    const d = authz.authorize(alice, {
      verb: 'get',
      apiGroup: '',
      resource: 'secrets',
      namespace: 'ns1',
    });
    expect(d.allowed).toBe(false);
    expect(d.reason).toBe('RBAC: clusterrole.rbac.authorization.k8s.io "nope" not found');
    expect(d.considered.map((c) => c.bindingName)).toEqual(['missing', 'readers', 'all']);
  });

  it('several resolution errors aggregate as [a, b]', () => {
    const a = createAuthorizer(
      snapshot({
        clusterRoleBindings: [
          crb('m1', 'x', [user('u')]),
          crb('m2', 'y', [user('u')]),
          crb('m3', 'x', [user('u')]),
        ],
      }),
    );
    expect(a.authorize({ name: 'u', groups: [] }, getPods()).reason).toBe(
      'RBAC: [clusterrole.rbac.authorization.k8s.io "x" not found, clusterrole.rbac.authorization.k8s.io "y" not found]',
    );
  });

  it('an unsupported roleRef kind is an error, and a ClusterRoleBinding to a Role never resolves', () => {
    const bad = crb('bad', 'r', [user('u')]);
    const toRole = {
      ...crb('to-role', 'r', [user('u')]),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    };
    const a = createAuthorizer(
      snapshot({
        roles: [role('ns', 'r', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }])],
        clusterRoleBindings: [{ ...bad, roleRef: { ...bad.roleRef, kind: 'Foo' } }, toRole],
      }),
    );
    expect(a.authorize({ name: 'u', groups: [] }, getPods('ns')).reason).toBe(
      'RBAC: [unsupported role reference kind: "Foo", role.rbac.authorization.k8s.io "r" not found]',
    );
  });

  it('reads rules as stored: an aggregated role with rules: null grants nothing', () => {
    const view = {
      ...clusterRole('view', []),
      rules: null,
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { v: 'true' } }] },
    };
    const a = createAuthorizer(
      snapshot({
        clusterRoles: [
          view,
          clusterRole('agg', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], {
            v: 'true',
          }),
        ],
        clusterRoleBindings: [crb('v', 'view', [user('u')])],
      }),
    );
    expect(a.authorize({ name: 'u', groups: [] }, getPods('x')).allowed).toBe(false);
  });

  it('system:masters is not special in the RBAC layer', () => {
    const a = createAuthorizer(snapshot({}));
    expect(a.authorize({ name: 'admin', groups: ['system:masters'] }, getPods('x')).allowed).toBe(
      false,
    );
  });
});

describe('explainDecision', () => {
  const authz = createAuthorizer(
    snapshot({
      clusterRoles: [podsReader],
      clusterRoleBindings: [
        crb('readers', 'pod-reader', [group('devs')]),
        crb('ghost', 'nope', [group('devs')]),
      ],
      roleBindings: [rb('ns1', 'local', 'ClusterRole', 'pod-reader', [sa('app')])],
    }),
  );

  it('names each binding, role and rule that allowed', () => {
    expect(explainDecision(authz.authorize(alice, getPods('ns1')))).toEqual([
      'Allowed by ClusterRoleBinding "readers" → ClusterRole "pod-reader" rule 1 (to Group "devs")',
    ]);
    expect(
      explainDecision(
        authz.authorize({ name: 'system:serviceaccount:ns1:app', groups: [] }, getPods('ns1')),
      ),
    ).toEqual([
      'Allowed by RoleBinding "local" in namespace "ns1" → ClusterRole "pod-reader" rule 1 (to ServiceAccount "app/ns1")',
    ]);
  });

  it('says what was considered on a denial', () => {
    expect(
      explainDecision(
        authz.authorize(alice, {
          verb: 'delete',
          apiGroup: '',
          resource: 'pods',
          namespace: 'ns1',
          name: 'p',
        }),
      ),
    ).toEqual([
      'Denied: none of the 2 bindings that apply to the user has a rule allowing this request.',
      'Considered ClusterRoleBinding "readers" → ClusterRole "pod-reader"',
      'Considered ClusterRoleBinding "ghost" → ClusterRole "nope": the role does not exist',
    ]);
    expect(explainDecision(authz.authorize({ name: 'carol', groups: [] }, getPods('ns1')))).toEqual(
      [
        'Denied: no ClusterRoleBinding or RoleBinding of this namespace names the user or any of their groups.',
      ],
    );
  });
});
