// The real Kubernetes bootstrap policy (../shared/testdata/k8s-bootstrap), aggregated, then queried.
import { describe, expect, it } from 'vitest';
import { aggregateClusterRoles, createAuthorizer, validateRbacObject } from '../src/index.js';
import type { RbacObject } from '../src/index.js';
import { bootstrapSnapshot, rb, user } from './helpers.js';

const raw = bootstrapSnapshot();
const snap = { ...raw, clusterRoles: aggregateClusterRoles(raw.clusterRoles) };
const bob = { name: 'bob', groups: ['devel', 'qa', 'system:authenticated'] };
const withBob = createAuthorizer({
  ...snap,
  roleBindings: [
    ...snap.roleBindings,
    rb('payments', 'bob-admin', 'ClusterRole', 'admin', [user('bob')]),
  ],
});
const authz = createAuthorizer(snap);
const rules = (name: string) =>
  snap.clusterRoles.find((r) => r.metadata.name === name)?.rules ?? [];

describe('bootstrap policy', () => {
  it('loads every object and they all validate', () => {
    expect([
      raw.clusterRoles.length,
      raw.clusterRoleBindings.length,
      raw.roles.length,
      raw.roleBindings.length,
    ]).toEqual([31, 10, 7, 7]);
    for (const obj of [
      ...raw.clusterRoles,
      ...raw.clusterRoleBindings,
      ...raw.roles,
      ...raw.roleBindings,
    ]) {
      expect(validateRbacObject(obj).errors).toEqual([]);
    }
  });

  it('aggregation fills admin ⊇ edit ⊇ view', () => {
    const view = rules('view');
    const edit = rules('edit');
    const admin = rules('admin');
    expect(view.length).toBeGreaterThan(5);
    for (const r of view) expect(edit).toContainEqual(r);
    for (const r of edit) expect(admin).toContainEqual(r);
    expect(raw.clusterRoles.find((r) => r.metadata.name === 'view')?.rules).toBeNull();
  });

  it('system:authenticated and system:unauthenticated may get /healthz; a user without groups may not', () => {
    expect(
      authz.authorize(
        { name: 'carol', groups: ['system:authenticated'] },
        { verb: 'get', path: '/healthz' },
      ).reason,
    ).toMatch(
      /^RBAC: allowed by ClusterRoleBinding "system:(public-info-viewer|discovery)" of ClusterRole "system:(public-info-viewer|discovery)" to Group "system:authenticated"$/,
    );
    expect(
      authz.authorize(
        { name: 'system:anonymous', groups: ['system:unauthenticated'] },
        { verb: 'get', path: '/version' },
      ).allowed,
    ).toBe(true);
    expect(
      authz.authorize(
        { name: 'system:anonymous', groups: ['system:unauthenticated'] },
        { verb: 'get', path: '/api' },
      ).allowed,
    ).toBe(false);
    expect(
      authz.authorize({ name: 'carol', groups: [] }, { verb: 'get', path: '/healthz' }).allowed,
    ).toBe(false);
  });

  it('view cannot read secrets; edit can; neither touches roles', () => {
    const viewer = createAuthorizer({
      ...snap,
      roleBindings: [
        rb('app', 'v', 'ClusterRole', 'view', [user('v')]),
        rb('app', 'e', 'ClusterRole', 'edit', [user('e')]),
      ],
    });
    const getSecret = {
      verb: 'get',
      apiGroup: '',
      resource: 'secrets',
      name: 's',
      namespace: 'app',
    };
    expect(viewer.authorize({ name: 'v', groups: [] }, getSecret).allowed).toBe(false);
    expect(
      viewer.authorize({ name: 'v', groups: [] }, { ...getSecret, resource: 'configmaps' }).allowed,
    ).toBe(true);
    expect(viewer.authorize({ name: 'e', groups: [] }, getSecret).reason).toBe(
      'RBAC: allowed by RoleBinding "e/app" of ClusterRole "edit" to User "e"',
    );
    expect(
      viewer.authorize(
        { name: 'e', groups: [] },
        {
          verb: 'create',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'roles',
          namespace: 'app',
        },
      ).allowed,
    ).toBe(false);
    expect(
      viewer.authorize(
        { name: 'e', groups: [] },
        {
          verb: 'create',
          apiGroup: '',
          resource: 'pods',
          subresource: 'exec',
          name: 'p',
          namespace: 'app',
        },
      ).allowed,
    ).toBe(true);
  });

  it('admin may create RoleBindings to edit but not to cluster-admin without bind (message as captured)', () => {
    const toEdit = rb('payments', 'x', 'ClusterRole', 'edit', [user('joe')]) as RbacObject;
    const toAdmin = rb('payments', 'msg-esc', 'ClusterRole', 'cluster-admin', [
      user('bob'),
    ]) as RbacObject;
    expect(
      withBob.authorize(bob, {
        verb: 'create',
        apiGroup: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
        namespace: 'payments',
      }).allowed,
    ).toBe(true);
    expect(withBob.checkWrite(bob, 'create', toEdit).allowed).toBe(true);
    const res = withBob.checkWrite(bob, 'create', toAdmin);
    expect(res.allowed).toBe(false);
    expect(res.reason).toBe(
      'user "bob" (groups=["devel" "qa" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
    );
    expect(
      withBob.checkWrite(
        bob,
        'create',
        rb('deliveries', 'x', 'ClusterRole', 'edit', [user('joe')]) as RbacObject,
      ).allowed,
    ).toBe(false);
  });

  it('a namespace admin cannot create a Role with rules beyond the namespace (as captured)', () => {
    const res = withBob.checkWrite(bob, 'create', {
      kind: 'Role',
      metadata: { name: 'msg-nodes', namespace: 'payments' },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
    });
    expect(res.reason).toBe(
      'user "bob" (groups=["devel" "qa" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}',
    );
  });

  it('system:masters is bound to cluster-admin; bootstrap Roles resolve in kube-system', () => {
    expect(
      authz.authorize(
        { name: 'x', groups: ['system:masters'] },
        { verb: 'delete', apiGroup: 'apps', resource: 'deployments', namespace: 'a', name: 'd' },
      ).reason,
    ).toBe(
      'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    );
    const ccm = { name: 'system:kube-controller-manager', groups: ['system:authenticated'] };
    const lease = {
      verb: 'update',
      apiGroup: 'coordination.k8s.io',
      resource: 'leases',
      name: 'kube-controller-manager',
      namespace: 'kube-system',
    };
    expect(
      authz
        .authorize(ccm, lease)
        .matches.some((m) => m.bindingKind === 'RoleBinding' && m.roleKind === 'Role'),
    ).toBe(true);
  });
});
