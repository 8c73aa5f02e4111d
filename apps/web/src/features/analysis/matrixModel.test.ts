import { describe, expect, it } from 'vitest';
import type { AccessMatrix } from './api.js';
import { cellVerbs, defaultFilters, matrixView } from './matrixModel.js';

const matrix: AccessMatrix = {
  user: { name: 'joe', groups: ['devel'] },
  verbs: ['get', 'list', 'create'],
  resources: [
    { apiGroup: '', resource: 'pods', namespaced: true },
    { apiGroup: '', resource: 'nodes', namespaced: false },
    { apiGroup: 'apps', resource: 'deployments', namespaced: true },
  ],
  namespaces: [
    { name: 'deliveries', project: 'deliveries' },
    { name: 'payments', project: 'payments' },
  ],
  clusterWide: [0b011, 0b001, 0],
  namespaced: { deliveries: [0b111, 0b001, 0b111] },
  scope: { complete: true, namespaces: 'all', missing: [], unreadableRoles: [] },
};

describe('matrixView', () => {
  it('shows the cluster scope first, then namespaces, and only types granted somewhere', () => {
    const v = matrixView(matrix, defaultFilters);
    expect(v.rows.map((r) => r.scope)).toEqual(['', 'deliveries', 'payments']);
    expect(v.rows.find((r) => r.scope === 'deliveries')?.ownGrants).toBe(true);
    expect(v.columns).toEqual([0, 1, 2]);
  });

  it('filters namespaces by name or project, types by group, name and verb', () => {
    expect(
      matrixView(matrix, { ...defaultFilters, namespace: 'pay' }).rows.map((r) => r.scope),
    ).toEqual(['', 'payments']);
    expect(
      matrixView(matrix, { ...defaultFilters, onlyOwnGrants: true }).rows.map((r) => r.scope),
    ).toEqual(['', 'deliveries']);
    expect(matrixView(matrix, { ...defaultFilters, apiGroup: 'apps' }).columns).toEqual([2]);
    expect(matrixView(matrix, { ...defaultFilters, resource: 'nod' }).columns).toEqual([1]);
    // create is granted only on pods and deployments, in deliveries.
    expect(matrixView(matrix, { ...defaultFilters, verb: 'create' }).columns).toEqual([0, 2]);
  });

  it('reads cells from the namespace row or the cluster-wide row; cluster-scoped types only at cluster scope', () => {
    expect(cellVerbs(matrix, 'deliveries', 2)).toEqual(['get', 'list', 'create']);
    expect(cellVerbs(matrix, 'payments', 0)).toEqual(['get', 'list']);
    expect(cellVerbs(matrix, 'payments', 1)).toBeNull();
    expect(cellVerbs(matrix, '', 1)).toEqual(['get']);
  });
});
