import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createAuthorizer,
  type PolicyRule,
  type RbacObject,
  type RbacSnapshot,
  type UserInfo,
} from '@gatehouse/policy';
import { predictWrite } from './predict.js';
import { personas, partiallyKnown } from '../../access/personas.testdata.js';
import type { Capabilities, RuleSet } from '../../api/session.js';
import { personArb, pool } from '../../access/sessionShape.testdata.js';
import {
  namespaces,
  policyRule,
  snapshotArb,
  userArb,
} from '../../../../../packages/policy/test/arbitraries.js';

const RBAC = 'rbac.authorization.k8s.io';
const secretsReader = [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] }];
const nodesReader = [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes'] }];
const user = (name: string): UserInfo => ({ name, groups: ['system:authenticated'] });

const role = (namespace: string, name: string, rules: PolicyRule[]): RbacObject => ({
  kind: 'Role',
  metadata: { name, namespace },
  rules,
});
const clusterRole = (name: string, rules: PolicyRule[], aggregate = false): RbacObject => ({
  kind: 'ClusterRole',
  metadata: { name },
  rules,
  ...(aggregate
    ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }] } }
    : {}),
});
const roleBinding = (namespace: string, kind: string, name: string): RbacObject => ({
  kind: 'RoleBinding',
  metadata: { name: 'b', namespace },
  roleRef: { apiGroup: RBAC, kind, name },
  subjects: [{ apiGroup: RBAC, kind: 'User', name: 'someone' }],
});

describe('predictWrite: roles', () => {
  it('allows a Role in bob’s namespace that his admin rules cover', () => {
    expect(
      predictWrite(personas.bob, user('bob'), {
        operation: 'create',
        object: role('payments', 'reader', secretsReader),
      }),
    ).toEqual({ outcome: 'allowed', via: 'covered' });
  });

  it('names exactly the rules bob lacks, as atomic rules', () => {
    const p = predictWrite(personas.bob, user('bob'), {
      operation: 'create',
      object: role('payments', 'reader', [...secretsReader, ...nodesReader]),
    });
    expect(p.outcome).toBe('denied');
    expect(p.outcome === 'denied' && p.missing).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['nodes'] },
      { verbs: ['list'], apiGroups: [''], resources: ['nodes'] },
    ]);
  });

  it('lets a cluster admin write anything, aggregationRule included', () => {
    expect(
      predictWrite(personas.alice, user('alice'), {
        operation: 'create',
        object: clusterRole('x', [{ verbs: ['*'], nonResourceURLs: ['/metrics'] }], true),
      }).outcome,
    ).toBe('allowed');
  });

  it('refuses an aggregationRule to someone who covers the rules but not everything', () => {
    // The API server asks full authority of whoever writes an aggregationRule (escalation_check.go).
    const p = predictWrite(personas.bob, user('bob'), {
      operation: 'create',
      object: clusterRole('agg', [], true),
    });
    expect(p.outcome).toBe('denied');
  });

  it('checks escalate on create with an empty name, as the API server does', () => {
    // escalate granted only on the role named "x": on create the request carries no name.
    const caps: Capabilities = {
      cluster: {
        resourceRules: [
          {
            verbs: ['escalate'],
            apiGroups: [RBAC],
            resources: ['clusterroles'],
            resourceNames: ['x'],
          },
        ],
        nonResourceRules: [],
        incomplete: false,
      },
      namespaces: [],
      namespaceCount: 0,
    };
    const object = clusterRole('x', nodesReader);
    expect(predictWrite(caps, user('u'), { operation: 'create', object }).outcome).toBe('denied');
    expect(
      predictWrite(caps, user('u'), {
        operation: 'update',
        object,
        oldObject: clusterRole('x', []),
      }).outcome,
    ).toBe('allowed');
  });

  it('is unknown rather than denied when the review was incomplete', () => {
    expect(
      predictWrite(partiallyKnown, user('p'), {
        operation: 'create',
        object: clusterRole('x', nodesReader),
      }).outcome,
    ).toBe('unknown');
  });
});

describe('predictWrite: bindings', () => {
  it('bob may bind edit (covered by admin) in payments but not cluster-admin', () => {
    const edit = [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }];
    const bind = (name: string, rules: PolicyRule[]) =>
      predictWrite(
        personas.bob,
        user('bob'),
        { operation: 'create', object: roleBinding('payments', 'ClusterRole', name) },
        rules,
      ).outcome;
    expect(bind('edit', edit)).toBe('allowed');
    expect(bind('cluster-admin', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }])).toBe(
      'denied',
    );
  });

  it('joe may not bind anything that reaches secrets outside his namespace', () => {
    expect(
      predictWrite(
        personas.joe,
        user('joe'),
        { operation: 'create', object: roleBinding('payments', 'ClusterRole', 'view') },
        secretsReader,
      ).outcome,
    ).toBe('denied');
  });

  it('an unreadable role cannot be judged, unless bind is held', () => {
    const object = roleBinding('payments', 'ClusterRole', 'secret-role');
    expect(
      predictWrite(personas.bob, user('bob'), { operation: 'create', object }, 'unreadable'),
    ).toEqual({ outcome: 'unknown', missing: [], why: 'unreadable-role' });
    expect(
      predictWrite(personas.alice, user('alice'), { operation: 'create', object }, 'unreadable')
        .outcome,
    ).toBe('allowed');
  });
});

/** What SelfSubjectRulesReview reports for `user`: cluster-wide rules, and each namespace's. */
function reviewOf(snapshot: RbacSnapshot, u: UserInfo): Capabilities {
  const authz = createAuthorizer(snapshot);
  const set = (rules: PolicyRule[]): RuleSet => ({
    resourceRules: rules.filter((r) => !r.nonResourceURLs),
    nonResourceRules: rules.filter((r) => r.nonResourceURLs),
    incomplete: false,
  });
  return {
    cluster: set(authz.effectiveRules(u, '').rules),
    namespaces: namespaces.map((name) => ({
      name,
      rules: set(authz.effectiveRules(u, name).rules),
    })),
    namespaceCount: namespaces.length,
  };
}

const writeArb: fc.Arbitrary<{ object: RbacObject; operation: 'create' | 'update' }> = fc.record({
  operation: fc.constantFrom('create' as const, 'update' as const),
  object: fc.oneof(
    fc
      .record({
        ns: fc.constantFrom(...namespaces),
        name: fc.constantFrom('a', 'b', 'r1'),
        rules: fc.array(policyRule, { maxLength: 4 }),
      })
      .map(({ ns, name, rules }) =>
        role(
          ns,
          name,
          rules.filter((r) => !r.nonResourceURLs),
        ),
      ),
    fc
      .record({
        name: fc.constantFrom('a', 'b', 'r1'),
        rules: fc.array(policyRule, { maxLength: 4 }),
        aggregate: fc.boolean(),
      })
      .map(({ name, rules, aggregate }) => clusterRole(name, rules, aggregate)),
    fc
      .record({
        ns: fc.constantFrom(...namespaces),
        kind: fc.constantFrom('Role', 'ClusterRole'),
        name: fc.constantFrom('r1', 'r2', 'r3'),
      })
      .map(({ ns, kind, name }) => roleBinding(ns, kind, name)),
    fc.constantFrom('r1', 'r2', 'r3').map((name): RbacObject => ({
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name },
      subjects: [],
    })),
  ),
});

describe('predictWrite agrees with packages/policy checkWrite', () => {
  it('on generated clusters, writers, roles and bindings', () => {
    fc.assert(
      fc.property(snapshotArb, userArb, writeArb, (snapshot, u, { object, operation }) => {
        const authz = createAuthorizer(snapshot);
        const expected = authz.checkWrite(u, operation, object);
        const isBinding = object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding';
        // The referenced role as the writer's browser read it; a missing role is the API server's 404.
        let referenced: PolicyRule[] | undefined;
        if (isBinding) {
          const ns = object.kind === 'RoleBinding' ? (object.metadata.namespace ?? '') : '';
          const r = authz.effectiveRoleRules(object.roleRef, ns);
          if (r.error !== undefined) return;
          referenced = [...r.rules];
        }
        const predicted = predictWrite(reviewOf(snapshot, u), u, { operation, object }, referenced);
        expect(predicted.outcome).toBe(expected.allowed ? 'allowed' : 'denied');
        if (predicted.outcome === 'denied') expect(predicted.missing).toEqual(expected.missing);
      }),
      { numRuns: 200 },
    );
  });
});

describe('predictWrite from the session shape', () => {
  it('predicts as from the full shape, where every namespace was an entry', () => {
    const u: UserInfo = { name: 'writer', groups: ['system:authenticated'] };
    const writeArb: fc.Arbitrary<{ object: RbacObject; referenced?: PolicyRule[] }> = fc.oneof(
      fc
        .record({
          ns: fc.constantFrom(...pool, 'elsewhere'),
          rules: fc.array(policyRule, { maxLength: 3 }),
        })
        .map(({ ns, rules }) => ({
          object: {
            kind: 'Role' as const,
            metadata: { name: 'r', namespace: ns },
            rules: rules.filter((r) => !r.nonResourceURLs),
          },
        })),
      fc.array(policyRule, { maxLength: 3 }).map((rules) => ({
        object: { kind: 'ClusterRole' as const, metadata: { name: 'cr' }, rules },
      })),
      fc
        .record({
          ns: fc.constantFrom(...pool, 'elsewhere'),
          rules: fc.array(policyRule, { maxLength: 3 }),
        })
        .map(({ ns, rules }) => ({
          object: {
            kind: 'RoleBinding' as const,
            metadata: { name: 'rb', namespace: ns },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cr' },
            subjects: [],
          },
          referenced: rules,
        })),
    );
    fc.assert(
      fc.property(personArb, writeArb, (p, { object, referenced }) => {
        const write = { operation: 'create' as const, object };
        // The full shape as the web app held it: every namespace an entry.
        const full: Capabilities = { ...p.full, namespaceCount: p.full.namespaces.length };
        expect(predictWrite(p.session, u, write, referenced)).toEqual(
          predictWrite(full, u, write, referenced),
        );
      }),
      { numRuns: 300 },
    );
  });
});
