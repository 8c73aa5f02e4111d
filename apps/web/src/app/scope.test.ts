import { describe, expect, it } from 'vitest';
import { groupByProject, scopeTarget } from './scope.js';
import { allNamespaces } from '../access/personas.testdata.js';

describe('scopeTarget', () => {
  it('keeps the namespaced page when switching namespace', () => {
    expect(scopeTarget('/c/dev/ns/payments/roles', 'dev', 'payments-staging')).toBe(
      '/c/dev/ns/payments-staging/roles',
    );
    expect(scopeTarget('/c/dev/rolebindings', 'dev', 'payments')).toBe(
      '/c/dev/ns/payments/rolebindings',
    );
  });
  it('goes to the namespace overview from cluster pages and details', () => {
    expect(scopeTarget('/c/dev/clusterroles', 'dev', 'payments')).toBe('/c/dev/ns/payments');
    expect(scopeTarget('/c/dev/ns/payments/roles/x', 'dev', undefined)).toBe('/c/dev/roles');
  });
});

describe('groupByProject', () => {
  it('groups projects first and loose namespaces last', () => {
    const groups = groupByProject(allNamespaces.map(([name, project]) => ({ name, project })));
    expect(groups.map((g) => g.project)).toEqual(['data', 'deliveries', 'payments', undefined]);
    expect(groups[2]?.namespaces).toEqual(['payments', 'payments-staging']);
  });
});
