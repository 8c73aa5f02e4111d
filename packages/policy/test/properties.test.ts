// Property tests: the indexed engine agrees with the API server's linear algorithm on random input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createAuthorizer,
  ruleAllows,
  rulesAllow,
  rulesCover,
  ruleCovers,
  breakdownRule,
} from '../src/index.js';
import { policyRule, requestArb, snapshotArb, userArb } from './arbitraries.js';
import { refAuthorize, refRuleAllows, refRulesFor, refWhoCan } from './reference.js';

const runs = { numRuns: 400 };

describe('indexed engine = reference evaluator', () => {
  it('ruleAllows agrees with the reference matcher', () => {
    fc.assert(
      fc.property(
        policyRule,
        requestArb,
        (rule, req) => ruleAllows(rule, req) === refRuleAllows(rule, req),
      ),
      { numRuns: 3000 },
    );
  }, 60_000);

  it('authorize: same decision and same reason', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        fc.array(fc.tuple(userArb, requestArb), { minLength: 1, maxLength: 40 }),
        (snap, queries) => {
          const authz = createAuthorizer(snap);
          for (const [user, req] of queries) {
            const got = authz.authorize(user, req);
            expect({ allowed: got.allowed, reason: got.reason }).toEqual(
              refAuthorize(snap, user, req),
            );
            // every match really allows, and the first one is the reason
            for (const m of got.matches) expect(ruleAllows(m.rule, req)).toBe(true);
            expect(got.allowed).toBe(got.matches.length > 0);
          }
        },
      ),
      runs,
    );
  }, 60_000);

  it('rulesFor / effectiveRules: the same rules in the same order', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        userArb,
        fc.constantFrom('', 'ns1', 'ns2', 'ns3'),
        (snap, user, ns) => {
          expect(createAuthorizer(snap).effectiveRules(user, ns).rules).toEqual(
            refRulesFor(snap, user, ns),
          );
        },
      ),
      runs,
    );
  }, 60_000);

  it('whoCan: the same subjects and bindings in the same order', () => {
    fc.assert(
      fc.property(snapshotArb, requestArb, (snap, req) => {
        const got = createAuthorizer(snap)
          .whoCan(req)
          .map((m) => `${m.kind}|${m.name}|${m.namespace ?? ''}|${m.bindingKind}|${m.bindingName}`);
        expect(got).toEqual(refWhoCan(snap, req));
      }),
      runs,
    );
  }, 60_000);

  it('whoCan and authorize agree: every user allowed is found by whoCan', () => {
    fc.assert(
      fc.property(snapshotArb, userArb, requestArb, (snap, user, req) => {
        const authz = createAuthorizer(snap);
        const found = authz
          .whoCan(req)
          .some((m) =>
            m.kind === 'User'
              ? m.name === user.name
              : m.kind === 'Group'
                ? user.groups.includes(m.name)
                : user.name === `system:serviceaccount:${m.namespace}:${m.name}`,
          );
        expect(found).toBe(authz.authorize(user, req).allowed);
      }),
      runs,
    );
  }, 60_000);
});

describe('rulesCover properties', () => {
  it('covered rules never allow a request the owner does not', () => {
    fc.assert(
      fc.property(
        fc.array(policyRule, { maxLength: 4 }),
        fc.array(policyRule, { maxLength: 3 }),
        fc.array(requestArb, { maxLength: 10 }),
        (owner, requested, reqs) => {
          if (!rulesCover(owner, requested).covered) return;
          for (const req of reqs)
            if (rulesAllow(requested, req)) expect(rulesAllow(owner, req)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('uncovered is exactly the atoms no single owner rule covers', () => {
    fc.assert(
      fc.property(
        fc.array(policyRule, { maxLength: 4 }),
        fc.array(policyRule, { maxLength: 3 }),
        (owner, requested) => {
          const atoms = requested.flatMap(breakdownRule);
          const expected = atoms.filter((a) => !owner.some((o) => ruleCovers(o, a)));
          const got = rulesCover(owner, requested);
          expect(got.uncovered).toEqual(expected);
          expect(got.covered).toBe(expected.length === 0);
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('every rule covers itself', () => {
    fc.assert(
      fc.property(
        fc.array(policyRule, { maxLength: 3 }),
        (rules) => rulesCover(rules, rules).covered,
      ),
      { numRuns: 1000 },
    );
  }, 60_000);
});
