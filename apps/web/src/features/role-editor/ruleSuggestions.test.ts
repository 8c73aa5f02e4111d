import { describe, expect, it } from 'vitest';
import { resourceSuggestions, verbSuggestions } from './ruleSuggestions.js';
import type { DiscoveredGroup } from '../../api/discovery.js';

const discovery: DiscoveredGroup[] = [
  {
    group: '',
    resources: [
      { name: 'nodes', namespaced: false, verbs: ['get', 'list'] },
      { name: 'pods', namespaced: true, verbs: ['get', 'list'] },
      { name: 'pods/log', namespaced: true, verbs: ['get'] },
    ],
  },
  {
    group: 'rbac.authorization.k8s.io',
    resources: [{ name: 'roles', namespaced: true, verbs: ['get'] }],
  },
];

describe('rule editor suggestions', () => {
  it('offers resources and subresources of the chosen groups, only namespaced ones for a Role', () => {
    expect(resourceSuggestions(discovery, [''], false)).toEqual(['nodes', 'pods', 'pods/log']);
    expect(resourceSuggestions(discovery, [''], true)).toEqual(['pods', 'pods/log']);
    expect(resourceSuggestions(discovery, ['*'], true)).toEqual(['pods', 'pods/log', 'roles']);
  });

  it('adds the verbs Kubernetes checks explicitly, such as bind and escalate on roles', () => {
    expect(verbSuggestions(discovery, ['rbac.authorization.k8s.io'], ['roles'])).toEqual(
      expect.arrayContaining(['bind', 'escalate', 'get']),
    );
    expect(verbSuggestions(discovery, [''], ['pods'])).not.toContain('escalate');
  });
});
