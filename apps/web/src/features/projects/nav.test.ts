import { describe, expect, it } from 'vitest';
import type { Capabilities } from '../../api/session.js';
import { personas } from '../../access/personas.testdata.js';
import { visibleProjectNav } from './nav.js';

const ids = (caps: Capabilities) => visibleProjectNav(caps).map((e) => `${e.id}:${e.capability}`);

// joe as SelfSubjectRulesReview reports him in deliveries: the aggregated edit role includes view's read of namespaces.
const joe: Capabilities = {
  ...personas.joe,
  namespaces: [
    {
      name: 'deliveries',
      project: 'deliveries',
      rules: {
        resourceRules: [
          { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces', 'pods'] },
        ],
        nonResourceRules: [],
        incomplete: false,
      },
    },
  ],
};

describe('projects navigation by permission, per persona', () => {
  it('shows Projects and My kubeconfigs to collaborators of any project and to cluster admins', () => {
    expect(ids(personas.alice)).toEqual(['projects:allowed', 'kubeconfigs:allowed']);
    expect(ids(personas.bob)).toEqual(['projects:allowed', 'kubeconfigs:allowed']);
    expect(ids(joe)).toEqual(['projects:allowed', 'kubeconfigs:allowed']);
  });

  it('hides them from carol, who collaborates nowhere', () => {
    expect(ids(personas.carol)).toEqual([]);
  });

  it('says unknown rather than guessing when the rules review was incomplete', () => {
    const partial: Capabilities = {
      cluster: { ...personas.carol.cluster, incomplete: true },
      namespaces: [],
      namespaceCount: 0,
    };
    expect(ids(partial)).toEqual(['projects:unknown', 'kubeconfigs:unknown']);
  });
});
