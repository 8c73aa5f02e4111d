// checkWrite against escalation_check.go and the policybased storages of roles and bindings.
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../src/index.js';
import type { ClusterRole, PolicyRule, RbacObject } from '../src/index.js';
import { RBAC, clusterRole, crb, group, rb, role, snapshot, user } from './helpers.js';

const pods: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };
const secrets: PolicyRule = { apiGroups: [''], resources: ['secrets'], verbs: ['get'] };
const all: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];
const u = { name: 'u', groups: ['team'] };

const base = snapshot({
  clusterRoles: [
    clusterRole('pod-reader', [pods]),
    clusterRole('secret-reader', [secrets]),
    clusterRole('cluster-admin', all),
    clusterRole('escalator', [
      { apiGroups: [RBAC], resources: ['roles', 'clusterroles'], verbs: ['escalate'] },
    ]),
    clusterRole('named-escalator', [
      {
        apiGroups: [RBAC],
        resources: ['clusterroles'],
        verbs: ['escalate'],
        resourceNames: ['big'],
      },
    ]),
    clusterRole('binder', [
      {
        apiGroups: [RBAC],
        resources: ['clusterroles'],
        verbs: ['bind'],
        resourceNames: ['secret-reader'],
      },
    ]),
  ],
  roles: [
    role('ns1', 'ns-binder', [
      {
        apiGroups: [RBAC],
        resources: ['clusterroles'],
        verbs: ['bind'],
        resourceNames: ['cluster-admin'],
      },
    ]),
  ],
  clusterRoleBindings: [crb('u-pods', 'pod-reader', [user('u')])],
  roleBindings: [rb('ns1', 'u-secrets', 'ClusterRole', 'secret-reader', [group('team')])],
});

function withBindings(extra: { crbs?: ReturnType<typeof crb>[]; rbs?: ReturnType<typeof rb>[] }) {
  return createAuthorizer({
    ...base,
    clusterRoleBindings: [...base.clusterRoleBindings, ...(extra.crbs ?? [])],
    roleBindings: [...base.roleBindings, ...(extra.rbs ?? [])],
  });
}

const newRole = (namespace: string, rules: PolicyRule[]): RbacObject => role(namespace, 'r', rules);
const newClusterRole = (rules: PolicyRule[], extra: Partial<ClusterRole> = {}): RbacObject => ({
  ...clusterRole('big', rules),
  ...extra,
  kind: 'ClusterRole',
});

describe('checkWrite: roles', () => {
  const authz = createAuthorizer(base);

  it('allows a Role whose rules the user holds cluster-wide or in that namespace', () => {
    expect(authz.checkWrite(u, 'create', newRole('ns1', [pods, secrets]), undefined).allowed).toBe(
      true,
    );
  });

  it('refuses rules held only in another namespace, naming the missing atoms', () => {
    const res = authz.checkWrite(u, 'create', newRole('ns2', [pods, secrets]));
    expect(res.allowed).toBe(false);
    expect(res.missing).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    expect(res.reason).toBe(
      'user "u" (groups=["team"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
  });

  it('a ClusterRole is checked against ClusterRoleBinding rules only', () => {
    expect(authz.checkWrite(u, 'create', newClusterRole([secrets])).allowed).toBe(false);
    expect(authz.checkWrite(u, 'create', newClusterRole([pods])).allowed).toBe(true);
  });

  it('system:masters may write anything', () => {
    expect(
      authz.checkWrite({ name: 'x', groups: ['system:masters'] }, 'create', newClusterRole(all))
        .allowed,
    ).toBe(true);
  });

  it('escalate allows any rules; escalate restricted by name only helps updates of that role', () => {
    const esc = withBindings({ crbs: [crb('e', 'escalator', [user('u')])] });
    expect(esc.checkWrite(u, 'create', newClusterRole(all)).allowed).toBe(true);
    const named = withBindings({ crbs: [crb('e', 'named-escalator', [user('u')])] });
    expect(named.checkWrite(u, 'create', newClusterRole(all)).allowed).toBe(false);
    expect(named.checkWrite(u, 'update', newClusterRole(all), newClusterRole([])).allowed).toBe(
      true,
    );
  });

  it('escalate on roles in a namespace via a RoleBinding covers Roles there only', () => {
    const esc = withBindings({ rbs: [rb('ns1', 'e', 'ClusterRole', 'escalator', [user('u')])] });
    expect(esc.checkWrite(u, 'create', newRole('ns1', all.slice(0, 1))).allowed).toBe(true);
    expect(esc.checkWrite(u, 'create', newRole('ns2', all.slice(0, 1))).allowed).toBe(false);
    expect(esc.checkWrite(u, 'create', newClusterRole(all)).allowed).toBe(false);
  });

  it('an aggregationRule (new or old) needs full authority, unless escalate', () => {
    const selectors = { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } };
    const res = authz.checkWrite(u, 'create', newClusterRole([], selectors));
    expect(res).toMatchObject({
      allowed: false,
      reason: 'must have cluster-admin privileges to use the aggregationRule',
    });
    expect(res.missing).toEqual(all);
    expect(
      authz.checkWrite(u, 'update', newClusterRole([]), newClusterRole([], selectors)).allowed,
    ).toBe(false);
    expect(
      authz.checkWrite(
        u,
        'create',
        newClusterRole([], { aggregationRule: { clusterRoleSelectors: [] } }),
      ).allowed,
    ).toBe(true);
    const admin = withBindings({ crbs: [crb('a', 'cluster-admin', [user('u')])] });
    expect(admin.checkWrite(u, 'create', newClusterRole([], selectors)).allowed).toBe(true);
    const esc = withBindings({ crbs: [crb('e', 'escalator', [user('u')])] });
    expect(esc.checkWrite(u, 'create', newClusterRole([], selectors)).allowed).toBe(true);
  });

  it('updates touching only ownerReferences or finalizers skip the check', () => {
    const old = newClusterRole(all);
    const next = {
      ...old,
      metadata: { ...old.metadata, finalizers: ['x'], ownerReferences: [{ uid: '1' }] },
    } as RbacObject;
    expect(authz.checkWrite(u, 'update', next, old).allowed).toBe(true);
    const relabelled = { ...old, metadata: { ...old.metadata, labels: { a: 'b' } } } as RbacObject;
    expect(authz.checkWrite(u, 'update', relabelled, old).allowed).toBe(false);
  });
});

describe('checkWrite: bindings', () => {
  const binding = (
    namespace: string,
    roleKind: 'Role' | 'ClusterRole',
    roleName: string,
  ): RbacObject => rb(namespace, 'b', roleKind, roleName, [user('someone')]);
  const clusterBinding = (roleName: string): RbacObject => crb('b', roleName, [user('someone')]);

  it('allows binding a role whose rules the user holds in the binding namespace', () => {
    const authz = createAuthorizer(base);
    expect(
      authz.checkWrite(u, 'create', binding('ns1', 'ClusterRole', 'secret-reader')).allowed,
    ).toBe(true);
    expect(
      authz.checkWrite(u, 'create', binding('ns2', 'ClusterRole', 'secret-reader')).allowed,
    ).toBe(false);
    expect(authz.checkWrite(u, 'create', clusterBinding('secret-reader')).allowed).toBe(false);
    expect(authz.checkWrite(u, 'create', clusterBinding('pod-reader')).allowed).toBe(true);
  });

  it('bind restricted by resourceNames allows exactly that role, in the scope it is granted', () => {
    const authz = withBindings({ crbs: [crb('bind', 'binder', [user('u')])] });
    expect(authz.checkWrite(u, 'create', clusterBinding('secret-reader')).allowed).toBe(true);
    expect(
      authz.checkWrite(u, 'create', binding('ns9', 'ClusterRole', 'secret-reader')).allowed,
    ).toBe(true);
    expect(authz.checkWrite(u, 'create', clusterBinding('cluster-admin')).allowed).toBe(false);
  });

  it('a namespaced Role granting bind on clusterroles lets one bind that ClusterRole in that namespace only', () => {
    const authz = withBindings({ rbs: [rb('ns1', 'nb', 'Role', 'ns-binder', [user('u')])] });
    expect(
      authz.checkWrite(u, 'create', binding('ns1', 'ClusterRole', 'cluster-admin')).allowed,
    ).toBe(true);
    expect(
      authz.checkWrite(u, 'create', binding('ns2', 'ClusterRole', 'cluster-admin')).allowed,
    ).toBe(false);
    expect(authz.checkWrite(u, 'create', clusterBinding('cluster-admin')).allowed).toBe(false);
  });

  it('a missing role is NotFound (named like the API server), unless bind allows it first', () => {
    const authz = createAuthorizer(base);
    expect(authz.checkWrite(u, 'create', binding('ns1', 'Role', 'does-not-exist'))).toEqual({
      allowed: false,
      reason: 'rolebindings.rbac.authorization.k8s.io "does-not-exist" not found',
      missing: [],
      notFound: true,
    });
    const binder = withBindings({ crbs: [crb('bind-all', 'escalator', [user('u')])] });
    expect(binder.checkWrite(u, 'create', clusterBinding('nope')).reason).toBe(
      'clusterrolebindings.rbac.authorization.k8s.io "nope" not found',
    );
    const bindAll = createAuthorizer({
      ...base,
      clusterRoles: [
        ...base.clusterRoles,
        clusterRole('bind-all', [
          { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'] },
        ]),
      ],
      clusterRoleBindings: [crb('ba', 'bind-all', [user('u')])],
    });
    expect(bindAll.checkWrite(u, 'create', clusterBinding('nope')).allowed).toBe(true);
  });

  it('runs on updates too, and GC-only updates skip it', () => {
    const authz = createAuthorizer(base);
    const old = clusterBinding('cluster-admin');
    const next = { ...old, subjects: [user('u')] } as RbacObject;
    expect(authz.checkWrite(u, 'update', next, old).allowed).toBe(false);
    const gc = { ...old, metadata: { ...old.metadata, finalizers: ['f'] } } as RbacObject;
    expect(authz.checkWrite(u, 'update', gc, old).allowed).toBe(true);
  });

  it('a RoleBinding to a Role resolves that Role in its namespace', () => {
    const authz = createAuthorizer({
      ...base,
      roles: [...base.roles, role('ns1', 'sec', [secrets])],
    });
    expect(authz.checkWrite(u, 'create', binding('ns1', 'Role', 'sec')).allowed).toBe(true);
  });
});
