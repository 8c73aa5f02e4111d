// rbacFindings: risky grants by scope, wildcards, public bindings, unused roles, bindings to missing roles.
import { describe, expect, it } from 'vitest';
import { aggregateClusterRoles, createAuthorizer, rbacFindings } from '../src/index.js';
import type { RbacSnapshot } from '../src/index.js';
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

function findings(s: RbacSnapshot) {
  return rbacFindings(s, createAuthorizer(s));
}

const secretReader = clusterRole('secret-reader', [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
]);

describe('rbacFindings', () => {
  it('rates secrets readable cluster-wide above the same grant in one namespace', () => {
    const s = snapshot({
      clusterRoles: [secretReader],
      clusterRoleBindings: [crb('all-secrets', 'secret-reader', [user('mallory')])],
      roleBindings: [
        rb('payments', 'team-secrets', 'ClusterRole', 'secret-reader', [group('payments')]),
      ],
    });
    const read = findings(s).filter((f) => f.check === 'read-secrets');
    expect(read.map((f) => [f.object.kind, f.object.name, f.severity])).toEqual([
      ['ClusterRoleBinding', 'all-secrets', 'high'],
      ['RoleBinding', 'team-secrets', 'medium'],
    ]);
    expect(read[0]?.title).toBe('Read Secrets in every namespace');
    expect(read[0]?.subjects).toEqual([user('mallory')]);
    expect(read[0]?.role).toEqual({ kind: 'ClusterRole', name: 'secret-reader' });
    expect(read[0]?.fix).toMatch(/resourceNames/);
  });

  it('flags creating Pods only cluster-wide or in kube-system, and exec everywhere', () => {
    const podRunner = clusterRole('pod-runner', [
      { apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['create'] },
    ]);
    const s = snapshot({
      clusterRoles: [podRunner],
      roleBindings: [
        rb('kube-system', 'sys-pods', 'ClusterRole', 'pod-runner', [sa('deployer', 'ci')]),
        rb('payments', 'app-pods', 'ClusterRole', 'pod-runner', [user('bob')]),
      ],
    });
    const all = findings(s);
    const create = all.filter((f) => f.check === 'create-pods');
    expect(create.map((f) => f.object.namespace)).toEqual(['kube-system']);
    expect(create[0]?.subjects).toEqual([sa('deployer', 'ci')]);
    expect(
      all
        .filter((f) => f.check === 'exec-pods')
        .map((f) => f.object.name)
        .sort(),
    ).toEqual(['app-pods', 'sys-pods']);
  });

  it('finds escalate, bind, impersonate and nodes/proxy, cluster-scoped ones only through ClusterRoleBindings', () => {
    const power = clusterRole('power', [
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterroles', 'roles'],
        verbs: ['escalate', 'bind'],
      },
      { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
    ]);
    const s = snapshot({
      clusterRoles: [power],
      clusterRoleBindings: [crb('power', 'power', [user('eve')])],
      roleBindings: [rb('payments', 'power-here', 'ClusterRole', 'power', [user('bob')])],
    });
    const checks = (name: string) =>
      findings(s)
        .filter((f) => f.object.name === name)
        .map((f) => f.check)
        .sort();
    expect(checks('power')).toEqual([
      'bind-clusterroles',
      'escalate-clusterroles',
      'escalate-roles',
      'impersonate-groups',
      'impersonate-users',
      'nodes-proxy',
    ]);
    // A RoleBinding cannot grant cluster-scoped impersonation, node proxy or ClusterRole escalation.
    expect(checks('power-here')).toEqual(['bind-clusterroles', 'escalate-roles']);
  });

  it('finds wildcards, public bindings, unused roles and bindings to missing roles', () => {
    const s = snapshot({
      clusterRoles: [
        clusterRole('everything', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
        clusterRole('lonely', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
        clusterRole('part', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }], {
          agg: 'yes',
        }),
        {
          ...clusterRole('whole', []),
          aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }] },
        },
      ],
      roles: [
        role('payments', 'unused-role', [
          { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
        ]),
      ],
      clusterRoleBindings: [
        crb('open-door', 'everything', [group('system:unauthenticated'), user('alice')]),
        crb('whole', 'whole', [group('ops')]),
      ],
      roleBindings: [rb('payments', 'dangling', 'Role', 'gone', [user('bob')])],
    });
    const all = findings(s);
    const ids = all
      .filter((f) =>
        ['wildcard', 'public-binding', 'unused-role', 'missing-role'].includes(f.check),
      )
      .map((f) => f.id);
    expect(ids.sort()).toEqual([
      'missing-role:RoleBinding/payments/dangling',
      'public-binding:ClusterRoleBinding//open-door',
      'unused-role:ClusterRole//lonely',
      'unused-role:Role/payments/unused-role',
      'wildcard:ClusterRole//everything',
    ]);
    const open = all.find((f) => f.check === 'public-binding');
    expect(open?.subjects).toEqual([group('system:unauthenticated')]);
    expect(open?.severity).toBe('high');
    expect(all.find((f) => f.check === 'missing-role')?.role).toEqual({
      kind: 'Role',
      name: 'gone',
      namespace: 'payments',
    });
    // Most severe first.
    const order = ['critical', 'high', 'medium', 'low'];
    const ranks = all.map((f) => order.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('marks findings on the Kubernetes default policy as bootstrap', () => {
    const raw = bootstrapSnapshot();
    const s = { ...raw, clusterRoles: aggregateClusterRoles(raw.clusterRoles) };
    const all = findings(s);
    const masters = all.find((f) => f.id === 'full-authority:ClusterRoleBinding//cluster-admin');
    expect(masters?.bootstrap).toBe(true);
    expect(masters?.severity).toBe('critical');
    expect(masters?.subjects).toEqual([group('system:masters')]);
    // Every default binding refers to a default role.
    expect(all.filter((f) => f.check === 'missing-role')).toEqual([]);
  });
});
