import { describe, expect, it } from 'vitest';
import { decide, decideAnywhere, namespacesWhere, requestKey } from './capabilities.js';
import { personas, partiallyKnown } from './personas.testdata.js';

const rbac = 'rbac.authorization.k8s.io';

describe('decide', () => {
  it('uses the namespace rules for namespaced requests and cluster rules otherwise', () => {
    expect(
      decide(personas.bob, {
        verb: 'create',
        apiGroup: rbac,
        resource: 'rolebindings',
        namespace: 'payments',
      }),
    ).toBe('allowed');
    expect(
      decide(personas.bob, {
        verb: 'create',
        apiGroup: rbac,
        resource: 'rolebindings',
        namespace: 'data',
      }),
    ).toBe('denied');
    expect(decide(personas.bob, { verb: 'list', apiGroup: rbac, resource: 'rolebindings' })).toBe(
      'denied',
    );
  });

  it('matches verbs, groups and resources exactly (no plural or case folding)', () => {
    expect(
      decide(personas.joe, {
        verb: 'list',
        apiGroup: 'apps',
        resource: 'deployments',
        namespace: 'deliveries',
      }),
    ).toBe('allowed');
    expect(
      decide(personas.joe, {
        verb: 'list',
        apiGroup: '',
        resource: 'deployments',
        namespace: 'deliveries',
      }),
    ).toBe('denied');
    expect(
      decide(personas.joe, {
        verb: 'LIST',
        apiGroup: 'apps',
        resource: 'deployments',
        namespace: 'deliveries',
      }),
    ).toBe('denied');
  });

  it('decides non-resource paths from cluster rules, with trailing-star prefixes', () => {
    expect(
      decide(personas.carol, { verb: 'get', path: '/apis/rbac.authorization.k8s.io/v1' }),
    ).toBe('allowed');
    expect(decide(personas.carol, { verb: 'get', path: '/metrics' })).toBe('denied');
    expect(decide(personas.alice, { verb: 'get', path: '/metrics' })).toBe('allowed');
  });

  it('answers unknown, never denied, when an incomplete review does not allow', () => {
    expect(decide(partiallyKnown, { verb: 'list', apiGroup: rbac, resource: 'clusterroles' })).toBe(
      'unknown',
    );
    expect(
      decide(partiallyKnown, {
        verb: 'list',
        apiGroup: rbac,
        resource: 'roles',
        namespace: 'payments',
      }),
    ).toBe('allowed');
  });
});

describe('namespace-confined users', () => {
  it('are allowed somewhere even though not cluster-wide', () => {
    const list = { verb: 'list', apiGroup: rbac, resource: 'roles' };
    expect(decide(personas.bob, list)).toBe('denied');
    expect(decideAnywhere(personas.bob, list)).toBe('allowed');
    expect(namespacesWhere(personas.bob, list)).toEqual({
      own: ['payments', 'payments-staging'],
      others: false,
    });
    expect(namespacesWhere(personas.joe, list)).toEqual({ own: [], others: false });
    expect(namespacesWhere(personas.alice, list)).toEqual({ own: [], others: true });
  });
});

describe('requestKey', () => {
  it('distinguishes namespace and name', () => {
    const a = requestKey({
      verb: 'get',
      apiGroup: rbac,
      resource: 'roles',
      namespace: 'a',
      name: 'x',
    });
    const b = requestKey({
      verb: 'get',
      apiGroup: rbac,
      resource: 'roles',
      namespace: 'b',
      name: 'x',
    });
    expect(a).not.toBe(b);
  });
});
