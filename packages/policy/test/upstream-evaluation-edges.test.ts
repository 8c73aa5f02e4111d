// Edge cases of pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, APIGroupMatches, ResourceMatches,
// ResourceNameMatches, NonResourceURLMatches) that no upstream table pins, each checked through
// ruleAllows and through the indexed authorizer so both paths read the Go code the same way.
import { describe, expect, it } from 'vitest';
import { createAuthorizer, ruleAllows } from '../src/index.js';
import type { AuthorizationRequest, PolicyRule } from '../src/index.js';
import { clusterRole, crb, snapshot, user } from './helpers.js';

const u = { name: 'u', groups: [] };

function both(rule: PolicyRule, request: AuthorizationRequest): boolean {
  const direct = ruleAllows(rule, request);
  const authz = createAuthorizer(
    snapshot({
      clusterRoles: [clusterRole('r', [rule])],
      clusterRoleBindings: [crb('b', 'r', [user('u')])],
    }),
  );
  expect(authz.authorize(u, request).allowed).toBe(direct);
  return direct;
}

const pods = (
  over: Partial<{ apiGroup: string; verb: string; subresource: string; name: string }> = {},
) => ({
  verb: 'get',
  apiGroup: '',
  resource: 'pods',
  ...over,
});

const cases: { name: string; rule: PolicyRule; request: AuthorizationRequest; allowed: boolean }[] =
  [
    // APIGroupMatches loops over rule.APIGroups: an empty list matches nothing, [""] is the core group.
    {
      name: 'apiGroups [] matches no group, not even core',
      rule: { verbs: ['get'], apiGroups: [], resources: ['pods'] },
      request: pods(),
      allowed: false,
    },
    {
      name: 'apiGroups absent matches nothing',
      rule: { verbs: ['get'], resources: ['pods'] },
      request: pods(),
      allowed: false,
    },
    {
      name: 'apiGroups [""] matches the core group',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      request: pods(),
      allowed: true,
    },
    {
      name: 'apiGroups [""] does not match apps',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      request: pods({ apiGroup: 'apps' }),
      allowed: false,
    },
    // VerbMatches: "*" is the only wildcard, comparison is case-sensitive.
    {
      name: 'verbs ["*"] with nonResourceURLs allows any verb on the URL',
      rule: { verbs: ['*'], nonResourceURLs: ['/healthz'] },
      request: { verb: 'post', path: '/healthz' },
      allowed: true,
    },
    {
      name: 'verbs ["*"] with nonResourceURLs grants no resource',
      rule: { verbs: ['*'], nonResourceURLs: ['*'] },
      request: pods(),
      allowed: false,
    },
    {
      name: 'verbs [] match nothing',
      rule: { verbs: [], apiGroups: ['*'], resources: ['*'] },
      request: pods(),
      allowed: false,
    },
    {
      name: 'verb GET is not get',
      rule: { verbs: ['GET'], apiGroups: [''], resources: ['pods'] },
      request: pods(),
      allowed: false,
    },
    // ResourceNameMatches: plain equality, "*" is literal.
    {
      name: 'resourceNames ["*"] does not match name foo',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['*'] },
      request: pods({ name: 'foo' }),
      allowed: false,
    },
    {
      name: 'resourceNames ["*"] matches the literal name *',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['*'] },
      request: pods({ name: '*' }),
      allowed: true,
    },
    {
      name: 'resourceNames never allow a nameless list',
      rule: { verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['foo'] },
      request: pods({ verb: 'list' }),
      allowed: false,
    },
    {
      name: 'resourceNames [""] allow a nameless request',
      rule: { verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: [''] },
      request: pods({ verb: 'list' }),
      allowed: true,
    },
    {
      name: 'resourceNames [] match any name',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: [] },
      request: pods({ name: 'x' }),
      allowed: true,
    },
    // ResourceMatches: "*", exact, and "*/sub" only.
    {
      name: '* matches a subresource',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['*'] },
      request: pods({ subresource: 'log' }),
      allowed: true,
    },
    {
      name: '*/log matches pods/log',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['*/log'] },
      request: pods({ subresource: 'log' }),
      allowed: true,
    },
    {
      name: '*/log does not match pods',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['*/log'] },
      request: pods(),
      allowed: false,
    },
    {
      name: '*/log does not match pods/exec',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['*/log'] },
      request: pods({ subresource: 'exec' }),
      allowed: false,
    },
    {
      name: 'pods/* is literal, not a subresource wildcard',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['pods/*'] },
      request: pods({ subresource: 'log' }),
      allowed: false,
    },
    {
      name: '*/* matches only the subresource named *',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['*/*'] },
      request: pods({ subresource: 'log' }),
      allowed: false,
    },
    {
      name: 'pods does not match pods/log',
      rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      request: pods({ subresource: 'log' }),
      allowed: false,
    },
    // NonResourceURLMatches: "*" alone is everything; only a trailing * is a prefix; no slash normalisation.
    {
      name: '"*" alone matches /',
      rule: { verbs: ['get'], nonResourceURLs: ['*'] },
      request: { verb: 'get', path: '/' },
      allowed: true,
    },
    {
      name: '"*" alone matches any path',
      rule: { verbs: ['get'], nonResourceURLs: ['*'] },
      request: { verb: 'get', path: '/a/b/c' },
      allowed: true,
    },
    {
      name: '"**" trims to "" and matches any path',
      rule: { verbs: ['get'], nonResourceURLs: ['**'] },
      request: { verb: 'get', path: '/x' },
      allowed: true,
    },
    {
      name: '/healthz does not match /healthz/',
      rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      request: { verb: 'get', path: '/healthz/' },
      allowed: false,
    },
    {
      name: '/healthz/ does not match /healthz',
      rule: { verbs: ['get'], nonResourceURLs: ['/healthz/'] },
      request: { verb: 'get', path: '/healthz' },
      allowed: false,
    },
    {
      name: '/apis/* matches /apis/',
      rule: { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      request: { verb: 'get', path: '/apis/' },
      allowed: true,
    },
    {
      name: '/apis/* does not match /apis',
      rule: { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      request: { verb: 'get', path: '/apis' },
      allowed: false,
    },
    {
      name: '/healthz* matches /healthzfoo',
      rule: { verbs: ['get'], nonResourceURLs: ['/healthz*'] },
      request: { verb: 'get', path: '/healthzfoo' },
      allowed: true,
    },
    {
      name: '/*/v1 is literal',
      rule: { verbs: ['get'], nonResourceURLs: ['/*/v1'] },
      request: { verb: 'get', path: '/apis/v1' },
      allowed: false,
    },
    {
      name: 'resource rules never match a path',
      rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      request: { verb: 'get', path: '/healthz' },
      allowed: false,
    },
  ];

describe('evaluation_helpers.go edge cases', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(both(c.rule, c.request)).toBe(c.allowed);
    });
  }
});
