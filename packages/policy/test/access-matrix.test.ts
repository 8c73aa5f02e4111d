import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorizer, STANDARD_VERBS } from '../src/index.js';
import { namespaces, snapshotArb, userArb } from './arbitraries.js';
import { clusterRole, crb, group, rb, role, snapshot, user } from './helpers.js';

const types = [
  { apiGroup: '', resource: 'pods' },
  { apiGroup: '', resource: 'secrets' },
  { apiGroup: 'apps', resource: 'deployments' },
  { apiGroup: 'rbac.authorization.k8s.io', resource: 'roles' },
  { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  { apiGroup: 'other', resource: 'pods' },
];

describe('accessMatrix', () => {
  const authz = createAuthorizer(
    snapshot({
      clusterRoles: [
        clusterRole('reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]),
        clusterRole('apps', [
          { apiGroups: ['apps'], resources: ['*'], verbs: ['*'] },
          { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['s'] },
        ]),
      ],
      roles: [
        role('ns2', 'sec', [
          { apiGroups: ['*'], resources: ['secrets', 'pods/log'], verbs: ['delete'] },
        ]),
      ],
      clusterRoleBindings: [crb('r', 'reader', [group('devs')])],
      roleBindings: [
        rb('ns1', 'a', 'ClusterRole', 'apps', [user('alice')]),
        rb('ns2', 's', 'Role', 'sec', [user('alice')]),
      ],
    }),
  );
  const m = authz.accessMatrix({ name: 'alice', groups: ['devs'] }, ['ns1', 'ns2', 'ns3'], types);

  it('shares the cluster-wide row and keeps rows only where RoleBindings add', () => {
    expect([...m.namespaced.keys()].sort()).toEqual(['ns1', 'ns2']);
    expect(m.row('ns3')).toBe(m.clusterWide);
    expect(m.allows('ns3', 0, STANDARD_VERBS.indexOf('list'))).toBe(true);
    expect(m.allows('ns3', 0, STANDARD_VERBS.indexOf('create'))).toBe(false);
    expect(m.allows('ns1', 2, STANDARD_VERBS.indexOf('deletecollection'))).toBe(true);
    expect(m.allows('ns1', 1, STANDARD_VERBS.indexOf('get'))).toBe(false);
    expect(m.allows('ns2', 1, STANDARD_VERBS.indexOf('delete'))).toBe(true);
    expect(m.countAllowed()).toBe(2 * 3 + 8 + 1);
  });

  it('agrees with authorize cell by cell on random snapshots', () => {
    fc.assert(
      fc.property(snapshotArb, userArb, (snap, u) => {
        const a = createAuthorizer(snap);
        const matrix = a.accessMatrix(u, namespaces, types);
        for (const ns of namespaces) {
          types.forEach((t, r) => {
            STANDARD_VERBS.forEach((verb, v) => {
              expect(matrix.allows(ns, r, v)).toBe(
                a.authorize(u, { verb, apiGroup: t.apiGroup, resource: t.resource, namespace: ns })
                  .allowed,
              );
            });
          });
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
