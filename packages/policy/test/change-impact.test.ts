// changeImpact: who gains and who loses which permissions if a proposed write is applied.
import { describe, expect, it } from 'vitest';
import { applyChange, changeImpact, createAuthorizer } from '../src/index.js';
import type { RbacObject } from '../src/index.js';
import { clusterRole, crb, group, rb, role, sa, snapshot, user } from './helpers.js';

const podReader = clusterRole('pod-reader', [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
]);
const base = snapshot({
  clusterRoles: [
    podReader,
    clusterRole('cm-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
  ],
  roles: [
    role('payments', 'deployer', [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['update'] },
    ]),
  ],
  clusterRoleBindings: [crb('readers', 'pod-reader', [group('readers')])],
  roleBindings: [
    rb('payments', 'deploy', 'Role', 'deployer', [sa('ci', 'payments'), user('bob')]),
    rb('payments', 'pods', 'ClusterRole', 'pod-reader', [user('bob')]),
  ],
});

describe('changeImpact', () => {
  it('a new ClusterRoleBinding: its subjects gain the role cluster-wide', () => {
    const binding = crb('cm', 'cm-reader', [user('carol')]);
    const impact = changeImpact(base, { operation: 'create', object: binding });
    expect(impact.subjects).toEqual([
      {
        subject: user('carol'),
        gained: [
          {
            namespace: '',
            rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
          },
        ],
        lost: [],
      },
    ]);
  });

  it('a role update: gains and losses for every subject bound to it, where each binding applies', () => {
    const updated: RbacObject = {
      ...role('payments', 'deployer', [
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] },
      ]),
    };
    const impact = changeImpact(base, { operation: 'update', object: updated });
    const expected = {
      gained: [
        {
          namespace: 'payments',
          rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] }],
        },
      ],
      lost: [
        {
          namespace: 'payments',
          rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['update'] }],
        },
      ],
    };
    expect(impact.subjects).toEqual([
      { subject: sa('ci', 'payments'), ...expected },
      { subject: user('bob'), ...expected },
    ]);
  });

  it('a ClusterRole update: losses already held elsewhere are not losses', () => {
    const narrower = clusterRole('pod-reader', [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ]);
    const impact = changeImpact(base, { operation: 'update', object: narrower });
    const list = [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }];
    expect(impact.subjects).toEqual([
      { subject: group('readers'), gained: [], lost: [{ namespace: '', rules: list }] },
      { subject: user('bob'), gained: [], lost: [{ namespace: 'payments', rules: list }] },
    ]);
    // A second RoleBinding granting the same rule keeps bob's list: nothing is lost for him.
    const covered = snapshot({
      ...base,
      roles: [
        ...base.roles,
        role('payments', 'lister', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]),
      ],
      roleBindings: [...base.roleBindings, rb('payments', 'list', 'Role', 'lister', [user('bob')])],
    });
    const again = changeImpact(covered, { operation: 'update', object: narrower });
    expect(again.subjects.map((s) => s.subject.name)).toEqual(['readers']);
  });

  it('deleting a binding removes exactly what only it granted', () => {
    const impact = changeImpact(base, {
      operation: 'delete',
      object: rb('payments', 'pods', 'ClusterRole', 'pod-reader', [user('bob')]),
    });
    expect(impact.subjects).toEqual([
      {
        subject: user('bob'),
        gained: [],
        lost: [
          {
            namespace: 'payments',
            rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
          },
        ],
      },
    ]);
  });

  it('a ClusterRole change reaches the roles that aggregate it', () => {
    const aggregated = {
      ...clusterRole('monitoring', []),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'to-monitoring': 'true' } }] },
    };
    const s = snapshot({
      clusterRoles: [aggregated],
      clusterRoleBindings: [crb('sre', 'monitoring', [group('sre')])],
    });
    const part = clusterRole('metrics', [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }], {
      'to-monitoring': 'true',
    });
    const impact = changeImpact(s, { operation: 'create', object: part });
    expect(impact.subjects).toEqual([
      {
        subject: group('sre'),
        gained: [{ namespace: '', rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }] }],
        lost: [],
      },
    ]);
    const after = createAuthorizer(applyChange(s, { operation: 'create', object: part }));
    expect(
      after.authorize({ name: 'x', groups: ['sre'] }, { verb: 'get', path: '/metrics' }).allowed,
    ).toBe(true);
  });

  it('a change nobody is bound to affects nobody', () => {
    const impact = changeImpact(base, {
      operation: 'create',
      object: clusterRole('fresh', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
    });
    expect(impact.subjects).toEqual([]);
  });

  it('deleting a ClusterRole lists every binding left pointing at it, RoleBindings in any namespace included', () => {
    const s = snapshot({
      ...base,
      roleBindings: [
        ...base.roleBindings,
        rb('data', 'pods', 'ClusterRole', 'pod-reader', [user('dana')]),
        rb('data', 'gone', 'ClusterRole', 'never-existed', [user('dana')]),
      ],
    });
    const impact = changeImpact(s, { operation: 'delete', object: podReader });
    expect(impact.danglingBindings).toEqual([
      {
        kind: 'ClusterRoleBinding',
        name: 'readers',
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pod-reader' },
      },
      {
        kind: 'RoleBinding',
        name: 'pods',
        namespace: 'data',
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pod-reader' },
      },
      {
        kind: 'RoleBinding',
        name: 'pods',
        namespace: 'payments',
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pod-reader' },
      },
    ]);
    expect(impact.subjects.map((x) => x.subject.name)).toEqual(['readers', 'bob', 'dana']);
  });

  it('deleting a Role leaves its namespace’s RoleBindings dangling, not those of a same-named Role elsewhere', () => {
    const s = snapshot({
      ...base,
      roles: [...base.roles, role('data', 'deployer', [])],
      roleBindings: [...base.roleBindings, rb('data', 'deploy', 'Role', 'deployer', [user('x')])],
    });
    const impact = changeImpact(s, {
      operation: 'delete',
      object: role('payments', 'deployer', []),
    });
    expect(impact.danglingBindings.map((b) => `${b.namespace}/${b.name}`)).toEqual([
      'payments/deploy',
    ]);
  });

  it('deleting a ClusterRole an aggregated one selects: the aggregated role shrinks and its subjects lose', () => {
    const aggregated = {
      ...clusterRole('monitoring', [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'to-monitoring': 'true' } }] },
    };
    const part = clusterRole('metrics', [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }], {
      'to-monitoring': 'true',
    });
    const s = snapshot({
      clusterRoles: [aggregated, part],
      clusterRoleBindings: [crb('sre', 'monitoring', [group('sre')])],
    });
    const impact = changeImpact(s, { operation: 'delete', object: part });
    expect(impact.aggregatedRoles).toEqual([
      { name: 'monitoring', gained: [], lost: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }] },
    ]);
    expect(impact.subjects).toEqual([
      {
        subject: group('sre'),
        gained: [],
        lost: [{ namespace: '', rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }] }],
      },
    ]);
    expect(impact.danglingBindings).toEqual([]);
  });

  it('several changes are one change: a binding deleted and re-created on another role shows the swap', () => {
    const old = rb('payments', 'pods', 'ClusterRole', 'pod-reader', [user('bob'), user('erin')]);
    const s = snapshot({ ...base, roleBindings: [base.roleBindings[0]!, old] });
    const impact = changeImpact(s, [
      { operation: 'delete', object: old },
      {
        operation: 'create',
        object: rb('payments', 'pods', 'ClusterRole', 'cm-reader', [user('bob'), user('erin')]),
      },
    ]);
    const swap = {
      gained: [
        {
          namespace: 'payments',
          rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
        },
      ],
      lost: [
        {
          namespace: 'payments',
          rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
        },
      ],
    };
    expect(impact.subjects).toEqual([
      { subject: user('bob'), ...swap },
      { subject: user('erin'), ...swap },
    ]);
    expect(impact.danglingBindings).toEqual([]);
  });

  it('a user who keeps a permission through one of their groups loses nothing when told the groups', () => {
    const binding = crb('bob-reads', 'pod-reader', [user('bob')]);
    const s = snapshot({ ...base, clusterRoleBindings: [...base.clusterRoleBindings, binding] });
    const change = { operation: 'delete' as const, object: binding };
    expect(changeImpact(s, change).subjects.map((x) => x.subject.name)).toEqual(['bob']);
    const withGroups = changeImpact(s, change, undefined, {
      identity: (subject) =>
        subject.kind === 'User' ? { name: subject.name, groups: ['readers'] } : undefined,
    });
    expect(withGroups.subjects).toEqual([]);
  });
});
