// pkg/registry/rbac/validation/policy_compact_test.go (commit 2cf80cd7), restated: TestCompactRules and
// TestIsSimpleResourceRule (isSimpleResourceRule is internal, so "simple" is observed as merging).
import { describe, expect, it } from 'vitest';
import { compactRuleString, compactRules, rulesCover } from '../src/index.js';
import type { PolicyRule } from '../src/index.js';

/** rbacv1helpers.SortableRuleSlice: by String(), which is "PolicyRule" + CompactString. */
const sorted = (rules: PolicyRule[]): PolicyRule[] =>
  [...rules].sort((a, b) =>
    compactRuleString(a) < compactRuleString(b)
      ? -1
      : compactRuleString(a) > compactRuleString(b)
        ? 1
        : 0,
  );

// PolicyRule.verbs is required here (JSON `"verbs": null` is not modelled), so Go's nil verbs become [].
const rule = (
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  extra: Partial<PolicyRule> = {},
): PolicyRule => ({
  verbs,
  apiGroups,
  resources,
  ...extra,
});

const compactCases: Record<string, { rules: PolicyRule[]; expected: PolicyRule[] }> = {
  empty: { rules: [], expected: [] },
  simple: {
    rules: [
      rule(['get'], [''], ['builds']),
      rule(['list'], [''], ['builds']),
      rule(['update', 'patch'], [''], ['builds']),
      rule(['create'], ['extensions'], ['daemonsets']),
      rule(['delete'], ['extensions'], ['daemonsets']),
      rule(['patch'], ['extensions'], ['daemonsets'], { resourceNames: [''] }),
      rule(['get'], ['extensions'], ['daemonsets'], { resourceNames: ['foo'] }),
      rule(['list'], ['extensions'], ['daemonsets'], { resourceNames: ['foo'] }),
      rule(['educate'], [''], ['dolphins']),
      // nil verbs are preserved in non-merge cases.
      rule([], [''], ['pirates']),
      // merging into a nil Verbs string set
      rule([], [''], ['pods']),
      rule(['create'], [''], ['pods']),
    ],
    expected: [
      rule(['create', 'delete'], ['extensions'], ['daemonsets']),
      rule(['patch'], ['extensions'], ['daemonsets'], { resourceNames: [''] }),
      rule(['get', 'list'], ['extensions'], ['daemonsets'], { resourceNames: ['foo'] }),
      rule(['get', 'list', 'update', 'patch'], [''], ['builds']),
      rule(['educate'], [''], ['dolphins']),
      rule([], [''], ['pirates']),
      rule(['create'], [''], ['pods']),
    ],
  },
  'complex multi-group': {
    rules: [
      rule(['get'], ['', 'builds.openshift.io'], ['builds']),
      rule(['list'], ['', 'builds.openshift.io'], ['builds']),
    ],
    expected: [
      rule(['get'], ['', 'builds.openshift.io'], ['builds']),
      rule(['list'], ['', 'builds.openshift.io'], ['builds']),
    ],
  },
  'complex multi-resource': {
    rules: [rule(['get'], [''], ['builds', 'images']), rule(['list'], [''], ['builds', 'images'])],
    expected: [
      rule(['get'], [''], ['builds', 'images']),
      rule(['list'], [''], ['builds', 'images']),
    ],
  },
  'complex named-resource': {
    rules: [
      rule(['get'], [''], ['builds'], { resourceNames: ['mybuild'] }),
      rule(['list'], [''], ['builds'], { resourceNames: ['mybuild2'] }),
    ],
    expected: [
      rule(['get'], [''], ['builds'], { resourceNames: ['mybuild'] }),
      rule(['list'], [''], ['builds'], { resourceNames: ['mybuild2'] }),
    ],
  },
  'complex non-resource': {
    rules: [
      rule(['get'], [''], ['builds'], { nonResourceURLs: ['/'] }),
      rule(['get'], [''], ['builds'], { nonResourceURLs: ['/foo'] }),
    ],
    expected: [
      rule(['get'], [''], ['builds'], { nonResourceURLs: ['/'] }),
      rule(['get'], [''], ['builds'], { nonResourceURLs: ['/foo'] }),
    ],
  },
};

describe('policy_compact_test.go TestCompactRules', () => {
  for (const [name, c] of Object.entries(compactCases)) {
    it(name, () => {
      const original = structuredClone(c.rules);
      const compacted = compactRules(c.rules);
      expect(c.rules, 'CompactRules mutated rules').toEqual(original);
      expect(rulesCover(compacted, c.rules).covered).toBe(true);
      expect(rulesCover(c.rules, compacted).covered).toBe(true);
      expect(sorted(compacted)).toEqual(sorted(c.expected));
    });
  }
});

/** A simple rule merges with a copy of itself that has another verb; a complex one never merges. */
const isSimple = (r: PolicyRule): boolean =>
  compactRules([r, { ...r, verbs: ['other'] }]).length === 1;

describe('policy_compact_test.go TestIsSimpleResourceRule', () => {
  const cases: [string, PolicyRule, boolean][] = [
    ['simple, no verbs', rule([], [''], ['builds']), true],
    ['simple, one verb', rule(['get'], [''], ['builds']), true],
    [
      'simple, one empty resource name',
      rule(['get'], [''], ['builds'], { resourceNames: [''] }),
      true,
    ],
    [
      'simple, one resource name',
      rule(['get'], [''], ['builds'], { resourceNames: ['foo'] }),
      true,
    ],
    ['simple, multi verb', rule(['get', 'list'], [''], ['builds']), true],
    ['complex, empty', { verbs: [] }, false],
    ['complex, no group', rule(['get'], [], ['builds']), false],
    ['complex, multi group', rule(['get'], ['a', 'b'], ['builds']), false],
    ['complex, no resource', rule(['get'], [''], []), false],
    ['complex, multi resource', rule(['get'], [''], ['builds', 'images']), false],
    [
      'complex, resource names',
      rule(['get'], [''], ['builds'], { resourceNames: ['foo', 'bar'] }),
      false,
    ],
    [
      'complex, non-resource urls',
      rule(['get'], [''], ['builds'], { nonResourceURLs: ['/'] }),
      false,
    ],
    // Beyond the table: isSimpleResourceRule copies ResourceNames into the rule it DeepEquals against,
    // so an empty resourceNames list is as simple as an absent one; an empty nonResourceURLs is not.
    [
      'simple, empty resource names list',
      rule(['get'], [''], ['builds'], { resourceNames: [] }),
      true,
    ],
    [
      'complex, empty non-resource urls list',
      rule(['get'], [''], ['builds'], { nonResourceURLs: [] }),
      false,
    ],
  ];
  for (const [name, r, simple] of cases) {
    it(name, () => {
      expect(isSimple(r)).toBe(simple);
    });
  }
  it('empty and absent resourceNames are the same simple resource', () => {
    expect(
      compactRules([
        rule(['get'], [''], ['builds']),
        rule(['list'], [''], ['builds'], { resourceNames: [] }),
      ]),
    ).toEqual([rule(['get', 'list'], [''], ['builds'])]);
  });
});
