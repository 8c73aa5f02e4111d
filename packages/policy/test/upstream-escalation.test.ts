// TestEscalation of pkg/registry/rbac/role/policybased/storage_test.go (commit 5ff739ee) and
// clusterrole/policybased/storage_test.go (commit 490ffa43), restated through checkWrite; then the
// BindingAuthorized cases of escalation_check.go (the bind attributes: verb, roleRef group and name,
// resource by kind, the binding's namespace) as a table.
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../src/index.js';
import type { ClusterRole, RbacObject, Role, RoleRef, UserInfo } from '../src/index.js';
import { RBAC, clusterRole, crb, rb, snapshot, user } from './helpers.js';

const superuser: UserInfo = { name: 'superuser', groups: ['system:masters'] };
const bob: UserInfo = { name: 'bob', groups: [] };
const steve: UserInfo = { name: 'steve', groups: [] };
const alice: UserInfo = { name: 'alice', groups: [] };

// The Go test's fake authorizer allows steve everything and alice nothing, while alice's RBAC rules are
// * on *.*; one real snapshot serves both here, so steve gets escalate only and alice every verb but
// escalate (with * she would hold escalate too).
const storageAuthz = createAuthorizer(
  snapshot({
    clusterRoles: [
      clusterRole('alice-role', [
        {
          apiGroups: ['*'],
          resources: ['*'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
      ]),
      clusterRole('steve-escalate', [
        { apiGroups: [RBAC], resources: ['roles', 'clusterroles'], verbs: ['escalate'] },
      ]),
    ],
    clusterRoleBindings: [
      crb('alice', 'alice-role', [user('alice')]),
      crb('steve', 'steve-escalate', [user('steve')]),
    ],
  }),
);

const rules = [{ apiGroups: [''], verbs: ['get'], resources: ['pods'] }];
const myRole: Role & { kind: 'Role' } = {
  apiVersion: `${RBAC}/v1`,
  kind: 'Role',
  metadata: { name: 'myrole', namespace: 'myns' },
  rules,
};
const myClusterRole: ClusterRole & { kind: 'ClusterRole' } = {
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name: 'myrole' },
  rules,
};
// fakeStorage.Update hands the transform an empty old object, so the GC-only shortcut never applies.
const emptyOld = (o: RbacObject): RbacObject => ({ ...o, metadata: {}, rules: [] }) as RbacObject;

const escalationCases: { name: string; user: UserInfo; expectAllowed: boolean; reason: RegExp }[] =
  [
    { name: 'superuser', user: superuser, expectAllowed: true, reason: /system:masters/ },
    {
      name: 'bob',
      user: bob,
      expectAllowed: false,
      reason:
        /^user "bob" \(groups=\[\]\) is attempting to grant RBAC permissions not currently held:/,
    },
    { name: 'steve', user: steve, expectAllowed: true, reason: /^escalate permitted/ },
    { name: 'alice', user: alice, expectAllowed: true, reason: /holds every rule/ },
  ];

for (const [file, object] of [
  ['role/policybased/storage_test.go', myRole],
  ['clusterrole/policybased/storage_test.go', myClusterRole],
] as const) {
  describe(`${file} TestEscalation`, () => {
    for (const c of escalationCases) {
      it(c.name, () => {
        const created = storageAuthz.checkWrite(c.user, 'create', object);
        expect(created.allowed).toBe(c.expectAllowed);
        expect(created.reason).toMatch(c.reason);
        const updated = storageAuthz.checkWrite(c.user, 'update', object, emptyOld(object));
        expect(updated.allowed).toBe(c.expectAllowed);
        expect(updated.reason).toMatch(c.reason);
      });
    }
  });
}

// Who may bind what: delegated bind rules, and what a binder holds nothing else of.
const bindAuthz = createAuthorizer(
  snapshot({
    clusterRoles: [
      clusterRole('edit', [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }]),
      clusterRole('admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
      clusterRole('bind-edit', [
        {
          apiGroups: [RBAC],
          resources: ['clusterroles'],
          verbs: ['bind'],
          resourceNames: ['edit'],
        },
      ]),
      clusterRole('bind-any-role', [{ apiGroups: [RBAC], resources: ['roles'], verbs: ['bind'] }]),
      clusterRole('bind-star-name', [
        { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['*'] },
      ]),
    ],
    roles: [
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'Role',
        metadata: { name: 'r', namespace: 'ns1' },
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
      },
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'Role',
        metadata: { name: 'r', namespace: 'ns2' },
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
      },
    ],
    clusterRoleBindings: [
      crb('cluster-binder', 'bind-edit', [user('cluster-binder')]),
      crb('star', 'bind-star-name', [user('star')]),
    ],
    roleBindings: [
      rb('ns1', 'ns1-binder', 'ClusterRole', 'bind-edit', [user('ns1-binder')]),
      rb('ns1', 'role-binder', 'ClusterRole', 'bind-any-role', [user('role-binder')]),
    ],
  }),
);

function binding(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  namespace: string,
  roleRef: RoleRef,
): RbacObject {
  const metadata = kind === 'RoleBinding' ? { name: 'x', namespace } : { name: 'x' };
  return {
    apiVersion: `${RBAC}/v1`,
    kind,
    metadata,
    roleRef,
    subjects: [user('someone')],
  } as RbacObject;
}
const ref = (kind: 'Role' | 'ClusterRole', name: string): RoleRef => ({
  apiGroup: RBAC,
  kind,
  name,
});

const bindCases: { name: string; who: string; object: RbacObject; allowed: boolean }[] = [
  {
    name: 'bind with resourceNames [edit] (CRB) allows a RoleBinding to edit anywhere',
    who: 'cluster-binder',
    object: binding('RoleBinding', 'ns9', ref('ClusterRole', 'edit')),
    allowed: true,
  },
  {
    name: 'bind with resourceNames [edit] (CRB) allows a ClusterRoleBinding to edit',
    who: 'cluster-binder',
    object: binding('ClusterRoleBinding', '', ref('ClusterRole', 'edit')),
    allowed: true,
  },
  {
    name: 'bind with resourceNames [edit] does not allow admin',
    who: 'cluster-binder',
    object: binding('RoleBinding', 'ns9', ref('ClusterRole', 'admin')),
    allowed: false,
  },
  {
    name: 'bind on clusterroles does not cover a roleRef of kind Role',
    who: 'cluster-binder',
    object: binding('RoleBinding', 'ns2', ref('Role', 'edit')),
    allowed: false,
  },
  {
    name: 'bind granted by a RoleBinding in ns1 allows binding edit in ns1',
    who: 'ns1-binder',
    object: binding('RoleBinding', 'ns1', ref('ClusterRole', 'edit')),
    allowed: true,
  },
  {
    name: 'bind granted by a RoleBinding in ns1 does not reach ns2',
    who: 'ns1-binder',
    object: binding('RoleBinding', 'ns2', ref('ClusterRole', 'edit')),
    allowed: false,
  },
  {
    name: 'bind granted by a RoleBinding in ns1 does not allow a ClusterRoleBinding',
    who: 'ns1-binder',
    object: binding('ClusterRoleBinding', '', ref('ClusterRole', 'edit')),
    allowed: false,
  },
  {
    name: 'bind on roles in ns1 allows binding a Role there',
    who: 'role-binder',
    object: binding('RoleBinding', 'ns1', ref('Role', 'r')),
    allowed: true,
  },
  {
    name: 'bind on roles in ns1 does not allow binding a Role in ns2',
    who: 'role-binder',
    object: binding('RoleBinding', 'ns2', ref('Role', 'r')),
    allowed: false,
  },
  {
    name: 'resourceNames ["*"] is literal: it does not allow binding edit',
    who: 'star',
    object: binding('RoleBinding', 'ns1', ref('ClusterRole', 'edit')),
    allowed: false,
  },
  {
    name: 'resourceNames ["*"] allows binding a ClusterRole literally named *',
    who: 'star',
    object: binding('RoleBinding', 'ns1', ref('ClusterRole', '*')),
    allowed: true,
  },
];

describe('escalation_check.go BindingAuthorized', () => {
  for (const c of bindCases) {
    it(c.name, () => {
      const check = bindAuthz.checkWrite({ name: c.who, groups: [] }, 'create', c.object);
      expect(check.allowed).toBe(c.allowed);
      if (c.allowed) expect(check.reason).toMatch(/^bind permitted/);
    });
  }
});
