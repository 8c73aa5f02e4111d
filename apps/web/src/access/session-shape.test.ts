// The session sends the cluster-wide rules once, entries only for the namespaces with rules of the
// person's own, and a count of the rest. Decisions made from that must be exactly those made from
// the full shape it replaced, where every namespace the person may see was an entry (the ones
// without rules of their own holding the cluster-wide rules).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyRule, RbacObject, ResourceRequest, UserInfo } from '@gatehouse/policy';
import { rulesAllow } from '@gatehouse/policy';
import type { Capabilities, RuleSet } from '../api/session.js';
import { decide, decideAnywhere, namespacesWhere, type AccessRequest } from './capabilities.js';
import { predictWrite } from '../features/escalation/predict.js';
import { policyRule, requestArb } from '../../../../packages/policy/test/arbitraries.js';

const pool = ['ns1', 'ns2', 'ns3', 'ns4', 'ns5'];

/** The full shape: every namespace the person may see, the plain ones sharing the cluster RuleSet. */
interface FullCapabilities {
  cluster: RuleSet;
  namespaces: Array<{ name: string; rules: RuleSet }>;
}

// --- The decisions as they were made from the full shape (the code this change replaced) ---

type Capability = 'allowed' | 'denied' | 'unknown';
const rank: Record<Capability, number> = { denied: 0, unknown: 1, allowed: 2 };

function decideWithFull(set: RuleSet, request: AccessRequest): Capability {
  const rules = 'path' in request ? set.nonResourceRules : set.resourceRules;
  if (rulesAllow(rules, request)) return 'allowed';
  return set.incomplete ? 'unknown' : 'denied';
}

function decideFull(caps: FullCapabilities, request: AccessRequest): Capability {
  const set =
    'path' in request || !request.namespace
      ? caps.cluster
      : (caps.namespaces.find((ns) => ns.name === request.namespace)?.rules ?? caps.cluster);
  return decideWithFull(set, request);
}

function decideAnywhereFull(caps: FullCapabilities, request: ResourceRequest): Capability {
  let best = decideWithFull(caps.cluster, { ...request, namespace: undefined });
  for (const ns of caps.namespaces) {
    if (best === 'allowed') break;
    const here = decideWithFull(ns.rules, { ...request, namespace: ns.name });
    if (rank[here] > rank[best]) best = here;
  }
  return best;
}

function namespacesWhereFull(caps: FullCapabilities, request: ResourceRequest): string[] {
  return caps.namespaces
    .filter((ns) => decideWithFull(ns.rules, { ...request, namespace: ns.name }) !== 'denied')
    .map((ns) => ns.name);
}

// --- Generated people: cluster-wide rules, and rules of their own in some namespaces ---

const ruleSetArb = (base: PolicyRule[] = []): fc.Arbitrary<RuleSet> =>
  fc
    .record({
      rules: fc.array(policyRule, { maxLength: 4 }),
      incomplete: fc.boolean(),
    })
    .map(({ rules, incomplete }) => {
      // A namespace's review holds the cluster-wide rules as well as its own.
      const all = [...base, ...rules];
      return {
        resourceRules: all.filter((r) => !r.nonResourceURLs),
        nonResourceRules: all.filter((r) => r.nonResourceURLs),
        incomplete,
      };
    });

interface Person {
  full: FullCapabilities;
  session: Capabilities;
}

const personArb: fc.Arbitrary<Person> = ruleSetArb()
  .chain((cluster) =>
    fc.record({
      cluster: fc.constant(cluster),
      visible: fc.uniqueArray(fc.constantFrom(...pool), { maxLength: pool.length }),
      own: fc.array(
        fc.record({
          name: fc.constantFrom(...pool),
          rules: ruleSetArb([...cluster.resourceRules, ...cluster.nonResourceRules]).map((r) => ({
            ...r,
            incomplete: r.incomplete || cluster.incomplete,
          })),
        }),
        { maxLength: 3 },
      ),
    }),
  )
  .map(({ cluster, visible, own }) => {
    const ownRules = new Map(own.map((o) => [o.name, o.rules]));
    // A namespace with a RoleBinding of theirs is always one they see.
    const all = [...new Set([...visible, ...ownRules.keys()])].sort();
    const full: FullCapabilities = {
      cluster,
      namespaces: all.map((name) => ({ name, rules: ownRules.get(name) ?? cluster })),
    };
    const session: Capabilities = {
      cluster,
      namespaces: [...ownRules]
        .map(([name, rules]) => ({ name, rules }))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
      namespaceCount: all.length,
    };
    return { full, session };
  });

/** Requests in the pool's namespaces and one nobody sees, or cluster-wide, or non-resource. */
const accessRequestArb: fc.Arbitrary<AccessRequest> = fc
  .tuple(requestArb, fc.constantFrom('', 'elsewhere', ...pool))
  .map(([r, namespace]) =>
    'path' in r
      ? { verb: r.verb, path: r.path }
      : { ...r, ...(namespace ? { namespace } : { namespace: undefined }) },
  );

function resourceOnly(r: AccessRequest): ResourceRequest | undefined {
  return 'path' in r ? undefined : { ...r, namespace: undefined };
}

describe('capabilities from the session decide exactly as from the full shape', () => {
  it('decide, decideAnywhere and namespacesWhere, for generated people and requests', () => {
    fc.assert(
      fc.property(
        personArb,
        fc.array(accessRequestArb, { minLength: 1, maxLength: 8 }),
        (p, rs) => {
          for (const r of rs) {
            expect(decide(p.session, r)).toBe(decideFull(p.full, r));
            const anywhere = resourceOnly(r);
            if (!anywhere) continue;
            expect(decideAnywhere(p.session, anywhere)).toBe(decideAnywhereFull(p.full, anywhere));
            // The full list, rebuilt from the person's own namespaces and "every other one".
            const where = namespacesWhere(p.session, anywhere);
            const own = new Set(p.session.namespaces.map((n) => n.name));
            const rebuilt = [
              ...where.own,
              ...(where.others
                ? p.full.namespaces.map((n) => n.name).filter((n) => !own.has(n))
                : []),
            ].sort();
            expect(rebuilt).toEqual(namespacesWhereFull(p.full, anywhere));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('predicts RBAC writes the same way', () => {
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
