// Generated people for the session-shape tests: cluster-wide rules and rules of their own in some
// namespaces, as both the full shape (every namespace an entry) and the session's (own entries and a count).
import fc from 'fast-check';
import type { PolicyRule } from '@gatehouse/policy';
import type { Capabilities, RuleSet } from '../api/session.js';
import { policyRule } from '../../../../packages/policy/test/arbitraries.js';

export const pool = ['ns1', 'ns2', 'ns3', 'ns4', 'ns5'];

export /** The full shape: every namespace the person may see, the plain ones sharing the cluster RuleSet. */
interface FullCapabilities {
  cluster: RuleSet;
  namespaces: Array<{ name: string; rules: RuleSet }>;
}

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

export interface Person {
  full: FullCapabilities;
  session: Capabilities;
}

export const personArb: fc.Arbitrary<Person> = ruleSetArb()
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
