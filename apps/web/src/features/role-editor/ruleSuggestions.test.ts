import { describe, expect, it } from 'vitest';
import {
  closestNames,
  editDistance,
  resourceSuggestions,
  ruleNameWarnings,
  verbSuggestions,
} from './ruleSuggestions.js';
import type { DiscoveredGroup } from '../../api/discovery.js';

const discovery: DiscoveredGroup[] = [
  {
    group: '',
    resources: [
      { name: 'nodes', namespaced: false, verbs: ['get', 'list'] },
      { name: 'pods', namespaced: true, verbs: ['get', 'list', 'create', 'delete'] },
      { name: 'pods/exec', namespaced: true, verbs: ['create', 'get'] },
      { name: 'pods/log', namespaced: true, verbs: ['get'] },
    ],
  },
  {
    group: 'apps',
    resources: [
      { name: 'deployments', namespaced: true, verbs: ['get', 'list', 'patch'] },
      { name: 'deployments/scale', namespaced: true, verbs: ['get', 'patch', 'update'] },
      { name: 'daemonsets', namespaced: true, verbs: ['get'] },
    ],
  },
  { group: 'apiextensions.k8s.io', resources: [] },
  {
    group: 'rbac.authorization.k8s.io',
    resources: [{ name: 'roles', namespaced: true, verbs: ['get'] }],
  },
  {
    group: 'widgets.example.com',
    resources: [{ name: 'widgets', namespaced: true, verbs: ['get', 'list'] }],
  },
];

describe('rule editor suggestions', () => {
  it('offers resources and subresources of the chosen groups, only namespaced ones for a Role', () => {
    expect(resourceSuggestions(discovery, [''], false)).toEqual([
      'nodes',
      'pods',
      'pods/exec',
      'pods/log',
    ]);
    expect(resourceSuggestions(discovery, [''], true)).toEqual(['pods', 'pods/exec', 'pods/log']);
    expect(resourceSuggestions(discovery, ['apps'], true)).toContain('deployments/scale');
    expect(resourceSuggestions(discovery, ['*'], true)).toContain('widgets');
  });

  it('offers the verbs discovery lists for a served resource, and only those', () => {
    expect(verbSuggestions(discovery, [''], ['pods/log'])).toEqual(['get']);
    expect(verbSuggestions(discovery, [''], ['pods/exec'])).toEqual(['get', 'create']);
    expect(verbSuggestions(discovery, ['', 'apps'], ['pods/log', 'deployments'])).toEqual([
      'get',
      'list',
      'patch',
    ]);
  });

  it('falls back to the standard verbs for *, */sub and resources discovery does not know', () => {
    for (const resources of [['*'], ['*/scale'], ['pods', 'gizmos'], []])
      expect(verbSuggestions(discovery, [''], resources)).toEqual(
        expect.arrayContaining(['get', 'list', 'watch', 'deletecollection']),
      );
  });

  it('adds the verbs Kubernetes checks explicitly, such as bind and escalate on roles', () => {
    expect(verbSuggestions(discovery, ['rbac.authorization.k8s.io'], ['roles'])).toEqual([
      'get',
      'bind',
      'escalate',
    ]);
    expect(verbSuggestions(discovery, [''], ['pods'])).not.toContain('escalate');
  });
});

describe('closest served names', () => {
  it('measures edits', () => {
    expect(editDistance('deploymnets', 'deployments')).toBe(2);
    expect(editDistance('', 'pods')).toBe(4);
    expect(editDistance('pods', 'pods')).toBe(0);
  });

  it('ranks names the typed text begins, shortest first, then near misses', () => {
    const groups = discovery.map((g) => g.group);
    expect(closestNames('ap', groups)).toEqual(['apps', 'apiextensions.k8s.io']);
    expect(closestNames('dep', ['daemonsets', 'deployments', 'deployments/scale'])).toEqual([
      'deployments',
      'deployments/scale',
    ]);
    expect(closestNames('deploymnets', ['daemonsets', 'deployments'])).toEqual(['deployments']);
    expect(closestNames('pod', ['pods', 'pods/log', 'nodes'])[0]).toBe('pods');
    expect(closestNames('rbac.authorisation.k8s.io', groups)).toEqual([
      'rbac.authorization.k8s.io',
    ]);
    expect(closestNames('zzzzzz', ['pods', 'nodes'])).toEqual([]);
    // Two letters are a prefix, not a near miss of every group starting with "a".
    expect(closestNames('ap', ['authentication.k8s.io', 'authorization.k8s.io', 'apps'])).toEqual([
      'apps',
    ]);
  });
});

describe('names discovery does not serve', () => {
  it('flags a typo in an API group with the closest served groups', () => {
    expect(ruleNameWarnings(discovery, ['ap'], ['deployments'])).toEqual([
      {
        field: 'apiGroups',
        value: 'ap',
        message: 'API group ap is not served by this cluster.',
        suggestions: ['apps', 'apiextensions.k8s.io'],
      },
    ]);
  });

  it('flags a typo in a resource with the closest resources of the chosen groups', () => {
    const [w] = ruleNameWarnings(discovery, ['apps'], ['dep']);
    expect(w).toMatchObject({
      field: 'resources',
      value: 'dep',
      suggestions: ['deployments', 'deployments/scale'],
    });
    expect(w?.message).toBe('dep is not served by apps.');
  });

  it('says which group serves a resource named under the wrong one', () => {
    const [w] = ruleNameWarnings(discovery, [''], ['deployments']);
    expect(w?.message).toBe('deployments is not served by core (""); it is in apps.');
  });

  it('accepts *, served subresources, */sub patterns and CRD resources', () => {
    expect(ruleNameWarnings(discovery, ['*'], ['*'])).toEqual([]);
    expect(ruleNameWarnings(discovery, ['', 'apps'], ['pods/log', '*/scale'])).toEqual([]);
    expect(ruleNameWarnings(discovery, ['widgets.example.com'], ['widgets'])).toEqual([]);
    expect(ruleNameWarnings(discovery, ['*'], ['widgets', 'deployments/scale'])).toEqual([]);
  });

  it('flags a */sub pattern no served resource has', () => {
    expect(ruleNameWarnings(discovery, [''], ['*/scale'])[0]?.value).toBe('*/scale');
  });

  it('flags nothing while discovery is unknown', () => {
    expect(ruleNameWarnings([], ['ap'], ['dep'])).toEqual([]);
  });
});
