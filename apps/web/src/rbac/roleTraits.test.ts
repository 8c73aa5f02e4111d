import { describe, expect, it } from 'vitest';
import type { RoleObject } from '../api/rbacSchemas.js';
import { aggregationSources, readOnlyReason } from './roleTraits.js';

const role = (
  name: string,
  labels: Record<string, string> = {},
  extra: Partial<RoleObject> = {},
): RoleObject => ({ metadata: { name, labels }, rules: [], ...extra });

describe('role traits', () => {
  it('explains why built-in and system roles are read-only', () => {
    expect(
      readOnlyReason(role('admin', { 'kubernetes.io/bootstrapping': 'rbac-defaults' }).metadata),
    ).toMatch(/built-in/);
    expect(readOnlyReason(role('system:custom').metadata)).toMatch(/reserved/);
    expect(readOnlyReason(role('payments-reader').metadata)).toBeNull();
  });

  it('finds the ClusterRoles an aggregated role collects, by matchLabels and matchExpressions', () => {
    const monitoring = role(
      'monitoring',
      {},
      {
        aggregationRule: {
          clusterRoleSelectors: [
            { matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } },
            { matchExpressions: [{ key: 'tier', operator: 'In', values: ['ops'] }] },
          ],
        },
      },
    );
    const all = [
      monitoring,
      role('a', { 'example.com/aggregate-to-monitoring': 'true' }),
      role('b', { tier: 'ops' }),
      role('c', { tier: 'dev' }),
    ];
    expect(aggregationSources(monitoring, all).map((r) => r.metadata.name)).toEqual(['a', 'b']);
  });
});

describe('aggregationSources matches as the aggregation controller does', () => {
  const role = (name: string, labels?: Record<string, string>): RoleObject => ({
    metadata: { name, ...(labels ? { labels } : {}) },
    rules: [],
  });
  it('an empty selector selects every other ClusterRole (LabelSelectorAsSelector of {} is Everything)', () => {
    const agg = { ...role('agg'), aggregationRule: { clusterRoleSelectors: [{}] } };
    const all = [agg, role('a', { x: '1' }), role('b')];
    expect(aggregationSources(agg, all).map((r) => r.metadata.name)).toEqual(['a', 'b']);
  });
  it('an invalid selector selects none', () => {
    const agg = {
      ...role('agg'),
      aggregationRule: {
        clusterRoleSelectors: [{ matchExpressions: [{ key: 'x', operator: 'In' }] }],
      },
    };
    expect(aggregationSources(agg, [agg, role('a', { x: '1' })])).toEqual([]);
  });
});
