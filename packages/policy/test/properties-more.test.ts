// More properties: explanations, escalation checks, aggregation and validation on random input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateClusterRoles,
  createAuthorizer,
  rulesCover,
  validateRbacObject,
} from '../src/index.js';
import type { ClusterRole, RbacObject } from '../src/index.js';
import { policyRule, requestArb, snapshotArb, userArb } from './arbitraries.js';
import { refMatches, refRulesFor } from './reference.js';

describe('explanations', () => {
  it('Decision.matches lists exactly the allowing (binding, rule) pairs of the linear algorithm', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        fc.array(fc.tuple(userArb, requestArb), { minLength: 1, maxLength: 20 }),
        (snap, queries) => {
          const authz = createAuthorizer(snap);
          for (const [user, req] of queries) {
            const got = authz
              .authorize(user, req)
              .matches.map(
                (m) => `${m.bindingKind}/${m.bindingNamespace}/${m.bindingName}#${m.ruleIndex}`,
              );
            expect(got).toEqual(refMatches(snap, user, req));
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('checkWrite agrees with Covers over the reference rules', () => {
  it('a Role write is allowed iff escalate is held or the reference rules cover it', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        userArb,
        fc.constantFrom('ns1', 'ns2'),
        fc.array(policyRule, { maxLength: 3 }),
        (snap, user, ns, rules) => {
          const authz = createAuthorizer(snap);
          const obj: RbacObject = { kind: 'Role', metadata: { name: 'r', namespace: ns }, rules };
          const escalate = authz.authorize(user, {
            verb: 'escalate',
            apiGroup: 'rbac.authorization.k8s.io',
            resource: 'roles',
            namespace: ns,
            name: '',
          }).allowed;
          const covered = rulesCover(refRulesFor(snap, user, ns), rules).covered;
          const expected = user.groups.includes('system:masters') || escalate || covered;
          expect(authz.checkWrite(user, 'create', obj).allowed).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

const labelled = fc.record({
  name: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  labels: fc.dictionary(fc.constantFrom('x', 'y'), fc.constantFrom('1', '2')),
  rules: fc.array(policyRule, { maxLength: 3 }),
  selectors: fc.option(
    fc.array(fc.dictionary(fc.constantFrom('x', 'y'), fc.constantFrom('1', '2')), { maxLength: 2 }),
    { nil: undefined },
  ),
});

describe('aggregateClusterRoles', () => {
  it('reaches a fixed point whose aggregated rules all come from selected roles', () => {
    fc.assert(
      fc.property(fc.uniqueArray(labelled, { selector: (r) => r.name, maxLength: 5 }), (specs) => {
        const roles: ClusterRole[] = specs.map((s) => ({
          metadata: { name: s.name, labels: s.labels },
          rules: s.rules,
          ...(s.selectors
            ? {
                aggregationRule: {
                  clusterRoleSelectors: s.selectors.map((matchLabels) => ({ matchLabels })),
                },
              }
            : {}),
        }));
        const once = aggregateClusterRoles(roles);
        const hasCycle = once.some(
          (r, i) =>
            JSON.stringify(aggregateClusterRoles(once)[i]?.rules) !== JSON.stringify(r.rules),
        );
        if (!hasCycle) expect(aggregateClusterRoles(once)).toEqual(once);
        for (const r of once) {
          if (!r.aggregationRule) continue;
          const unique = new Set((r.rules ?? []).map((x) => JSON.stringify(x)));
          expect(unique.size).toBe((r.rules ?? []).length);
        }
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});

describe('validateRbacObject', () => {
  it('never throws and always explains a rejection, whatever the input', () => {
    const kinds = fc.constantFrom(
      'Role',
      'ClusterRole',
      'RoleBinding',
      'ClusterRoleBinding',
      'Pod',
    );
    const anyObject = fc.record(
      {
        kind: kinds,
        metadata: fc.anything(),
        rules: fc.anything(),
        roleRef: fc.anything(),
        subjects: fc.anything(),
        aggregationRule: fc.anything(),
      },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), anyObject),
        fc.option(fc.oneof(fc.anything(), anyObject), { nil: undefined }),
        (obj, old) => {
          const res = validateRbacObject(obj, old);
          expect(res.valid).toBe(res.errors.length === 0);
          for (const e of res.errors) expect(e.field.length + e.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);
});
