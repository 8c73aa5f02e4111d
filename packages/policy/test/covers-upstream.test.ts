// The cases of Kubernetes' policy_comparator_test.go (component-helpers, commit d7ce957d), restated.
import { describe, expect, it } from 'vitest';
import { rulesCover } from '../src/index.js';
import type { PolicyRule } from '../src/index.js';

const r = (
  apiGroups: string[],
  verbs: string[],
  resources: string[],
  extra: Partial<PolicyRule> = {},
): PolicyRule => ({ apiGroups, verbs, resources, ...extra });
const u = (nonResourceURLs: string[], verbs: string[]): PolicyRule => ({ nonResourceURLs, verbs });

const cases: [string, PolicyRule[], PolicyRule[], PolicyRule[]][] = [
  ['exact match', [r(['v1'], ['get'], ['builds'])], [r(['v1'], ['get'], ['builds'])], []],
  [
    'subresource wildcard',
    [r(['v1'], ['get'], ['*/scale'])],
    [r(['v1'], ['get'], ['foo/scale'])],
    [],
  ],
  [
    'multiple rules covering a single rule',
    [
      r(['v1'], ['delete'], ['deployments']),
      r(['v1'], ['delete'], ['builds']),
      r(['v1'], ['update'], ['builds', 'deployments']),
    ],
    [r(['v1'], ['delete', 'update'], ['builds', 'deployments'])],
    [],
  ],
  [
    'multiple API groups covering a single rule',
    ['group1', 'group2'].flatMap((g) => [
      r([g], ['delete'], ['deployments']),
      r([g], ['delete'], ['builds']),
      r([g], ['update'], ['builds', 'deployments']),
    ]),
    [r(['group1', 'group2'], ['delete', 'update'], ['builds', 'deployments'])],
    [],
  ],
  [
    'single rule covering multiple API groups',
    [r(['group1', 'group2'], ['delete', 'update'], ['builds', 'deployments'])],
    ['group1', 'group2'].flatMap((g) => [
      r([g], ['delete'], ['deployments']),
      r([g], ['delete'], ['builds']),
      r([g], ['update'], ['builds', 'deployments']),
    ]),
    [],
  ],
  [
    'missing a single verb/resource combination',
    [r(['v1'], ['delete', 'update'], ['builds', 'deployments']), r(['v1'], ['delete'], ['pods'])],
    [r(['v1'], ['delete', 'update'], ['builds', 'deployments', 'pods'])],
    [r(['v1'], ['update'], ['pods'])],
  ],
  [
    'apiGroup * covering several',
    [r(['*'], ['get'], ['roles'])],
    [r(['group1', 'group2'], ['get'], ['roles'])],
    [],
  ],
  [
    'enumeration not covering apiGroup *',
    [r(['dummy-group'], ['get'], ['roles'])],
    [r(['*'], ['get'], ['roles'])],
    [r(['*'], ['get'], ['roles'])],
  ],
  ['apiGroup * covering *', [r(['*'], ['get'], ['roles'])], [r(['*'], ['get'], ['roles'])], []],
  [
    'verb * covering several',
    [r(['v1'], ['*'], ['roles'])],
    [r(['v1'], ['watch', 'list'], ['roles'])],
    [],
  ],
  [
    'enumeration not covering verb *',
    [r(['v1'], ['get', 'list', 'watch', 'create', 'update', 'delete', 'exec'], ['roles'])],
    [r(['v1'], ['*'], ['roles'])],
    [r(['v1'], ['*'], ['roles'])],
  ],
  ['verb * covering *', [r(['v1'], ['*'], ['roles'])], [r(['v1'], ['*'], ['roles'])], []],
  [
    'resource * covering several',
    [r(['v1'], ['get'], ['*'])],
    [r(['v1'], ['get'], ['resourcegroup:deployments'])],
    [],
  ],
  [
    'enumeration not covering resource *',
    [r(['v1'], ['get'], ['roles', 'resourcegroup:deployments'])],
    [r(['v1'], ['get'], ['*'])],
    [r(['v1'], ['get'], ['*'])],
  ],
  ['resource * covering *', [r(['v1'], ['get'], ['*'])], [r(['v1'], ['get'], ['*'])], []],
  [
    'empty resourceNames covering several',
    [r(['v1'], ['get'], ['pods'], { resourceNames: [] })],
    [r(['v1'], ['get'], ['pods'], { resourceNames: ['foo', 'bar'] })],
    [],
  ],
  [
    'enumeration not covering empty resourceNames',
    [r(['v1'], ['get'], ['pods'], { resourceNames: ['foo', 'bar'] })],
    [r(['v1'], ['get'], ['pods'], { resourceNames: [] })],
    [r(['v1'], ['get'], ['pods'])],
  ],
  ['nonResourceURLs', [u(['/apis'], ['*'])], [u(['/apis'], ['*'])], []],
  ['nonResourceURLs *', [u(['*'], ['*'])], [u(['/apis', '/apis/v1', '/'], ['*'])], []],
  [
    'star after prefix does not cover the prefix',
    [u(['/apis/*'], ['*'])],
    [u(['/apis', '/apis/v1'], ['get'])],
    [u(['/apis'], ['get'])],
  ],
  ['star after prefix', [u(['/apis/*'], ['*'])], [u(['/apis/v1/foo', '/apis/v1'], ['get'])], []],
  [
    'nonResourceURLs with other fields',
    [r(['v1'], ['get'], ['builds'], { nonResourceURLs: ['/apis'] })],
    [r(['v1'], ['get'], ['builds'], { nonResourceURLs: ['/apis'] })],
    [],
  ],
  [
    'nonResourceURLs with other fields, failing',
    [r(['v1'], ['get'], ['builds'])],
    [r(['v1'], ['get'], ['builds'], { nonResourceURLs: ['/apis'] })],
    [u(['/apis'], ['get'])],
  ],
];

describe('rulesCover: upstream cases', () => {
  it.each(cases)('%s', (_name, owner, servant, uncovered) => {
    const got = rulesCover(owner, servant);
    expect(got.covered).toBe(uncovered.length === 0);
    expect(got.uncovered).toEqual(uncovered);
  });

  it.each([
    ['*', '', true],
    ['*', '/', true],
    ['*', '/api', true],
    ['/*', '', false],
    ['/*', '/', true],
    ['/*', '/foo', true],
    ['/api', '/api', true],
    ['/apis', '/api', false],
    ['/api/v1', '/api', false],
    ['/api/v1', '/api/v1', true],
    ['/api/*', '/api/v1', true],
    ['/api/*', '/api', false],
    ['/api/*/*', '/api/v1', false],
    ['/*/v1/*', '/api/v1', false],
  ])('URL %s covers %s: %s', (owner, requested, want) => {
    expect(rulesCover([u([owner], ['get'])], [u([requested], ['get'])]).covered).toBe(want);
  });
});
