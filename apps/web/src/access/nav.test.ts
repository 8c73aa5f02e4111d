import { describe, expect, it } from 'vitest';
import { visibleNav, navCapability, navEntryById } from './nav.js';
import { personas, partiallyKnown } from './personas.testdata.js';

const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

describe('navigation by permission, per persona', () => {
  it('alice (cluster admin) sees every access-control page', () => {
    expect(ids(visibleNav(personas.alice))).toEqual([
      'clusterroles',
      'clusterrolebindings',
      'roles',
      'rolebindings',
      'access-check',
      'access-who-can',
      'access-matrix',
      'access-subject',
      'access-risks',
      'access-subjects',
      'audit',
    ]);
  });

  it('bob (admin of payments) sees Roles and RoleBindings but no ClusterRoles', () => {
    // The subject directory and the audit log too: they show him what he may list (payments).
    expect(ids(visibleNav(personas.bob))).toEqual([
      'roles',
      'rolebindings',
      'access-subjects',
      'audit',
    ]);
    expect(navCapability(personas.bob, navEntryById('clusterroles'))).toBe('denied');
  });

  it('bob sees namespaced pages in payments but not in deliveries', () => {
    expect(ids(visibleNav(personas.bob, 'payments-staging'))).toEqual([
      'roles',
      'rolebindings',
      'access-subjects',
      'audit',
    ]);
    // Cluster pages whatever the namespace chosen: the directory and the audit log, not per namespace.
    expect(ids(visibleNav(personas.bob, 'deliveries'))).toEqual(['access-subjects', 'audit']);
  });

  it('joe (developer in deliveries, role edit) sees no RBAC pages at all', () => {
    expect(ids(visibleNav(personas.joe))).toEqual([]);
    expect(ids(visibleNav(personas.joe, 'deliveries'))).toEqual([]);
  });

  it('carol (no access) sees nothing', () => {
    expect(ids(visibleNav(personas.carol))).toEqual([]);
  });

  it('shows entries as unknown, not hidden or shown, when the rules review was incomplete', () => {
    const entries = visibleNav(partiallyKnown);
    expect(entries.find((e) => e.id === 'clusterroles')?.capability).toBe('unknown');
    // Rules that are present still allow outright.
    expect(entries.find((e) => e.id === 'roles')?.capability).toBe('allowed');
  });
});
