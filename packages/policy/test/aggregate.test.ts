// Behaviour of pkg/controller/clusterroleaggregation (its _test.go cases and label-selector semantics).
import { describe, expect, it } from 'vitest';
import { aggregateClusterRoles } from '../src/index.js';
import type { ClusterRole, LabelSelector, PolicyRule } from '../src/index.js';
import { clusterRole } from './helpers.js';

const rule = (resource: string, verbs = ['get']): PolicyRule => ({
  apiGroups: [''],
  resources: [resource],
  verbs,
});
const aggregated = (
  name: string,
  selectors: LabelSelector[],
  rules: PolicyRule[] = [],
): ClusterRole => ({
  ...clusterRole(name, rules),
  aggregationRule: { clusterRoleSelectors: selectors },
});
const rulesOf = (roles: ClusterRole[], name: string) =>
  roles.find((r) => r.metadata.name === name)?.rules;

describe('aggregateClusterRoles', () => {
  it('unions matched roles by selector order then name order, de-duplicated, skipping itself', () => {
    const roles = [
      aggregated(
        'target',
        [{ matchLabels: { b: 'true' } }, { matchLabels: { a: 'true' } }],
        [rule('own')],
      ),
      clusterRole('z-a', [rule('za')], { a: 'true' }),
      clusterRole('a-a', [rule('aa'), rule('shared')], { a: 'true' }),
      clusterRole('m-b', [rule('shared'), rule('mb')], { b: 'true', a: 'true' }),
    ];
    const out = aggregateClusterRoles(roles);
    expect(rulesOf(out, 'target')).toEqual([rule('shared'), rule('mb'), rule('aa'), rule('za')]);
    // the input is left untouched; unchanged roles are returned as they were
    expect(roles[0]?.rules).toEqual([rule('own')]);
    expect(out[1]).toBe(roles[1]);
  });

  it('de-duplicates by exact equality (verb order matters; empty equals absent)', () => {
    const out = aggregateClusterRoles([
      aggregated('t', [{ matchLabels: { x: '1' } }]),
      clusterRole('a', [rule('p', ['get', 'list']), { ...rule('q'), resourceNames: [] }], {
        x: '1',
      }),
      clusterRole('b', [rule('p', ['list', 'get']), rule('q')], { x: '1' }),
    ]);
    expect(rulesOf(out, 't')).toEqual([
      rule('p', ['get', 'list']),
      { ...rule('q'), resourceNames: [] },
      rule('p', ['list', 'get']),
    ]);
  });

  it('strips hand-written rules and yields [] when nothing matches', () => {
    const out = aggregateClusterRoles([
      aggregated('t', [{ matchLabels: { none: 'x' } }], [rule('own')]),
    ]);
    expect(rulesOf(out, 't')).toEqual([]);
  });

  it('an empty selector matches every ClusterRole', () => {
    const out = aggregateClusterRoles([
      aggregated('t', [{}]),
      clusterRole('a', [rule('a')]),
      clusterRole('b', [rule('b')]),
    ]);
    expect(rulesOf(out, 't')).toEqual([rule('a'), rule('b')]);
  });

  it('matchExpressions In, NotIn, Exists, DoesNotExist', () => {
    const roles = [
      clusterRole('one', [rule('one')], { tier: 'a', x: '1' }),
      clusterRole('two', [rule('two')], { tier: 'b' }),
      clusterRole('three', [rule('three')], {}),
    ];
    const run = (sel: LabelSelector) =>
      rulesOf(aggregateClusterRoles([aggregated('t', [sel]), ...roles]), 't');
    expect(
      run({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }),
    ).toEqual([rule('one'), rule('two')]);
    expect(run({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a'] }] })).toEqual([
      rule('three'),
      rule('two'),
    ]);
    expect(run({ matchExpressions: [{ key: 'x', operator: 'Exists' }] })).toEqual([rule('one')]);
    expect(
      run({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }], matchLabels: {} }),
    ).toEqual([rule('three')]);
    expect(
      run({
        matchLabels: { tier: 'a' },
        matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }],
      }),
    ).toEqual([]);
  });

  it('an invalid selector leaves the role as it is (the controller fails to sync it)', () => {
    const t = aggregated(
      't',
      [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }],
      [rule('own')],
    );
    expect(
      rulesOf(aggregateClusterRoles([t, clusterRole('a', [rule('a')], { a: 'x' })]), 't'),
    ).toEqual([rule('own')]);
  });

  it('chains converge to the fixed point, and removed roles disappear', () => {
    const roles = [
      aggregated('admin', [{ matchLabels: { 'to-admin': 'true' } }]),
      {
        ...aggregated('edit', [{ matchLabels: { 'to-edit': 'true' } }]),
        metadata: { name: 'edit', labels: { 'to-admin': 'true' } },
      },
      {
        ...aggregated('view', [{ matchLabels: { 'to-view': 'true' } }]),
        metadata: { name: 'view', labels: { 'to-edit': 'true' } },
      },
      clusterRole('v1', [rule('v1')], { 'to-view': 'true' }),
      clusterRole('e1', [rule('e1')], { 'to-edit': 'true' }),
    ];
    const out = aggregateClusterRoles(roles);
    expect(rulesOf(out, 'view')).toEqual([rule('v1')]);
    expect(rulesOf(out, 'edit')).toEqual([rule('e1'), rule('v1')]);
    expect(rulesOf(out, 'admin')).toEqual([rule('e1'), rule('v1')]);
    const again = aggregateClusterRoles(out.filter((r) => r.metadata.name !== 'v1'));
    expect(rulesOf(again, 'admin')).toEqual([rule('e1')]);
  });

  it('cycles settle instead of looping forever', () => {
    const a = {
      ...aggregated('a', [{ matchLabels: { g: 'b' } }]),
      metadata: { name: 'a', labels: { g: 'a' } },
    };
    const b = {
      ...aggregated('b', [{ matchLabels: { g: 'a' } }]),
      metadata: { name: 'b', labels: { g: 'b' } },
    };
    const out = aggregateClusterRoles([a, b, clusterRole('c', [rule('c')], { g: 'a' })]);
    expect(rulesOf(out, 'a')).toEqual([rule('c')]);
    expect(rulesOf(out, 'b')).toEqual([rule('c')]);
  });
});
