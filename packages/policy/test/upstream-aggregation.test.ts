// pkg/controller/clusterroleaggregation/clusterroleaggregation_controller_test.go (commit 1c9cf914),
// TestSyncClusterRole restated: the rules the controller writes into "combined", or none when unchanged.
import { describe, expect, it } from 'vitest';
import { aggregateClusterRoles } from '../src/index.js';
import type { ClusterRole, PolicyRule } from '../src/index.js';
import { clusterRole } from './helpers.js';

const hammerRules = (): PolicyRule[] => [
  { verbs: ['hammer'], resources: ['nails'] },
  { verbs: ['hammer'], resources: ['wedges'] },
];
const chiselRules = (): PolicyRule[] => [{ verbs: ['chisel'], resources: ['mortises'] }];
const sawRules = (): PolicyRule[] => [{ verbs: ['saw'], resources: ['boards'] }];

function combinedRole(selectors: Record<string, string>[], ...rules: PolicyRule[][]): ClusterRole {
  return {
    ...clusterRole('combined', rules.flat()),
    aggregationRule: { clusterRoleSelectors: selectors.map((matchLabels) => ({ matchLabels })) },
  };
}

const combined = (roles: ClusterRole[]) => roles.find((r) => r.metadata.name === 'combined');

const cases: { name: string; starting: ClusterRole[]; expected: ClusterRole | undefined }[] = [
  {
    name: 'remove dead rules',
    starting: [
      clusterRole('hammer', hammerRules(), { foo: 'bar' }),
      combinedRole([{ foo: 'bar' }], sawRules()),
    ],
    expected: combinedRole([{ foo: 'bar' }], hammerRules()),
  },
  {
    name: 'strip rules',
    starting: [
      clusterRole('hammer', hammerRules(), { foo: 'not-bar' }),
      combinedRole([{ foo: 'bar' }], hammerRules()),
    ],
    expected: combinedRole([{ foo: 'bar' }]),
  },
  {
    name: 'select properly and put in order',
    starting: [
      clusterRole('hammer', hammerRules(), { foo: 'bar' }),
      clusterRole('chisel', chiselRules(), { foo: 'bar' }),
      clusterRole('saw', sawRules(), { foo: 'not-bar' }),
      combinedRole([{ foo: 'bar' }]),
    ],
    expected: combinedRole([{ foo: 'bar' }], chiselRules(), hammerRules()),
  },
  {
    name: 'select properly with multiple selectors',
    starting: [
      clusterRole('hammer', hammerRules(), { foo: 'bar' }),
      clusterRole('chisel', chiselRules(), { foo: 'bar' }),
      clusterRole('saw', sawRules(), { foo: 'not-bar' }),
      combinedRole([{ foo: 'bar' }, { foo: 'not-bar' }]),
    ],
    expected: combinedRole(
      [{ foo: 'bar' }, { foo: 'not-bar' }],
      chiselRules(),
      hammerRules(),
      sawRules(),
    ),
  },
  {
    name: 'select properly remove duplicates',
    starting: [
      clusterRole('hammer', hammerRules(), { foo: 'bar' }),
      clusterRole('chisel', chiselRules(), { foo: 'bar' }),
      clusterRole('saw', sawRules(), { foo: 'bar' }),
      clusterRole('other-saw', sawRules(), { foo: 'not-bar' }),
      combinedRole([{ foo: 'bar' }, { foo: 'not-bar' }]),
    ],
    expected: combinedRole(
      [{ foo: 'bar' }, { foo: 'not-bar' }],
      chiselRules(),
      hammerRules(),
      sawRules(),
    ),
  },
  {
    name: 'no diff skip',
    starting: [
      clusterRole('hammer', hammerRules(), { foo: 'bar' }),
      combinedRole([{ foo: 'bar' }], hammerRules()),
    ],
    expected: undefined,
  },
];

describe('clusterroleaggregation_controller_test.go TestSyncClusterRole', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = combined(c.starting);
      const after = combined(aggregateClusterRoles(c.starting));
      // "no diff skip": the controller writes nothing, so the very same object comes back.
      if (c.expected === undefined) expect(after).toBe(before);
      else expect(after).toEqual(c.expected);
    });
  }
});

// syncClusterRole reads AggregationRule as a pointer: nil skips the role, non-nil with no selectors
// yields no rules (and the controller clears whatever rules were there).
describe('syncClusterRole: nil vs empty aggregationRule', () => {
  const hammer = clusterRole('hammer', hammerRules(), { foo: 'bar' });
  it('no aggregationRule: rules are left as written', () => {
    const own = clusterRole('combined', sawRules());
    expect(combined(aggregateClusterRoles([hammer, own]))).toBe(own);
  });
  it('aggregationRule without selectors: rules are cleared', () => {
    for (const aggregationRule of [{}, { clusterRoleSelectors: [] }]) {
      const role: ClusterRole = { ...clusterRole('combined', sawRules()), aggregationRule };
      expect(combined(aggregateClusterRoles([hammer, role]))?.rules ?? []).toEqual([]);
    }
  });
  it('an empty selector {} is labels.Everything(): every other role is aggregated', () => {
    const role: ClusterRole = {
      ...clusterRole('combined', []),
      aggregationRule: { clusterRoleSelectors: [{}] },
    };
    const saw = clusterRole('saw', sawRules());
    expect(combined(aggregateClusterRoles([role, saw, hammer]))?.rules).toEqual([
      ...hammerRules(),
      ...sawRules(),
    ]);
  });
});

// LabelSelectorAsSelector builds each requirement with labels.NewRequirement, which validates the key
// (IsQualifiedName) and every value (IsValidLabelValue); on error syncClusterRole returns before writing.
describe('syncClusterRole: a selector LabelSelectorAsSelector rejects leaves the role as it was', () => {
  const hammer = clusterRole('hammer', hammerRules(), { foo: 'bar' });
  const selectors: [string, ClusterRole['aggregationRule']][] = [
    [
      'matchLabels key that is not a qualified name',
      { clusterRoleSelectors: [{ matchLabels: { 'bad key': 'bar' } }] },
    ],
    [
      'matchLabels value that is not a label value',
      { clusterRoleSelectors: [{ matchLabels: { foo: '-bar-' } }] },
    ],
    [
      'matchExpressions key that is not a qualified name',
      { clusterRoleSelectors: [{ matchExpressions: [{ key: 'a/b/c', operator: 'Exists' }] }] },
    ],
    [
      'matchExpressions In value that is not a label value',
      {
        clusterRoleSelectors: [
          { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'x'.repeat(64)] }] },
        ],
      },
    ],
  ];
  for (const [name, aggregationRule] of selectors) {
    it(name, () => {
      const role: ClusterRole = { ...clusterRole('combined', sawRules()), aggregationRule };
      expect(combined(aggregateClusterRoles([hammer, role]))).toBe(role);
    });
  }
});
