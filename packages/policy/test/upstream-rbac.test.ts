// plugin/pkg/auth/authorizer/rbac/rbac_test.go (commit 00bdb3fa), restated case by case: TestAuthorizer
// through the whole authorizer, TestRuleMatches through ruleAllows (its RuleAllows).
import { describe, expect, it } from 'vitest';
import { createAuthorizer, ruleAllows } from '../src/index.js';
import type {
  AuthorizationRequest,
  PolicyRule,
  RbacSnapshot,
  Subject,
  UserInfo,
} from '../src/index.js';
import { clusterRole, crb, group, rb, snapshot, user } from './helpers.js';

/** newRule: each argument split on "," as the Go helper does, so "" becomes [""]. */
function newRule(verbs: string, apiGroups: string, resources: string, urls: string): PolicyRule {
  return {
    verbs: verbs.split(','),
    apiGroups: apiGroups.split(','),
    resources: resources.split(','),
    nonResourceURLs: urls.split(','),
  };
}

/** "User:admin" / "Group:admins", as newClusterRoleBinding parses subjects. */
function subjects(...specs: string[]): Subject[] {
  return specs.map((s) => {
    const [kind, name = ''] = s.split(':', 2);
    return kind === 'User' ? user(name) : group(name);
  });
}

/** defaultAttributes{user, groups, verb, resource, subresource, namespace, apiGroup}: no name. */
function attrs(
  name: string,
  groups: string,
  verb: string,
  resource: string,
  subresource: string,
  namespace: string,
  apiGroup: string,
): [UserInfo, AuthorizationRequest] {
  return [
    { name, groups: groups.split(',') },
    { verb, resource, subresource, namespace, apiGroup, name: '' },
  ];
}

function nonResource(
  u: Partial<UserInfo>,
  verb: string,
  path: string,
): [UserInfo, AuthorizationRequest] {
  return [
    { name: u.name ?? '', groups: u.groups ?? [] },
    { verb, path },
  ];
}

interface AuthorizerCase {
  name: string;
  snapshot: RbacSnapshot;
  shouldPass: [UserInfo, AuthorizationRequest][];
  shouldFail: [UserInfo, AuthorizationRequest][];
}

const authorizerCases: AuthorizerCase[] = [
  {
    name: 'case 0: RoleBinding in ns1 to ClusterRole admin',
    snapshot: snapshot({
      clusterRoles: [clusterRole('admin', [newRule('*', '*', '*', '*')])],
      roleBindings: [
        rb('ns1', 'b', 'ClusterRole', 'admin', subjects('User:admin', 'Group:admins')),
      ],
    }),
    shouldPass: [
      attrs('admin', '', 'get', 'Pods', '', 'ns1', ''),
      attrs('admin', '', 'watch', 'Pods', '', 'ns1', ''),
      attrs('admin', 'group1', 'watch', 'Foobar', '', 'ns1', ''),
      attrs('joe', 'admins', 'watch', 'Foobar', '', 'ns1', ''),
      attrs('joe', 'group1,admins', 'watch', 'Foobar', '', 'ns1', ''),
    ],
    shouldFail: [
      attrs('admin', '', 'GET', 'Pods', '', 'ns2', ''),
      attrs('admin', '', 'GET', 'Nodes', '', '', ''),
      attrs('admin', 'admins', 'GET', 'Pods', '', 'ns2', ''),
      attrs('admin', 'admins', 'GET', 'Nodes', '', '', ''),
    ],
  },
  {
    name: 'case 1: non-resource-url tests',
    snapshot: snapshot({
      clusterRoles: [
        clusterRole('non-resource-url-getter', [newRule('get', '', '', '/apis')]),
        clusterRole('non-resource-url', [newRule('*', '', '', '/apis')]),
        clusterRole('non-resource-url-prefix', [newRule('get', '', '', '/apis/*')]),
      ],
      clusterRoleBindings: [
        crb('a', 'non-resource-url-getter', subjects('User:foo', 'Group:bar')),
        crb('b', 'non-resource-url', subjects('User:admin', 'Group:admin')),
        crb('c', 'non-resource-url-prefix', subjects('User:prefixed', 'Group:prefixed')),
      ],
    }),
    shouldPass: [
      nonResource({ name: 'foo' }, 'get', '/apis'),
      nonResource({ groups: ['bar'] }, 'get', '/apis'),
      nonResource({ name: 'admin' }, 'get', '/apis'),
      nonResource({ groups: ['admin'] }, 'get', '/apis'),
      nonResource({ name: 'admin' }, 'watch', '/apis'),
      nonResource({ groups: ['admin'] }, 'watch', '/apis'),
      nonResource({ name: 'prefixed' }, 'get', '/apis/v1'),
      nonResource({ groups: ['prefixed'] }, 'get', '/apis/v1'),
      nonResource({ name: 'prefixed' }, 'get', '/apis/v1/foobar'),
      nonResource({ groups: ['prefixed'] }, 'get', '/apis/v1/foorbar'),
    ],
    shouldFail: [
      nonResource({ name: 'foo' }, 'watch', '/apis'),
      nonResource({ groups: ['bar'] }, 'watch', '/apis'),
      nonResource({ name: 'foo' }, 'get', '/api/v1'),
      nonResource({ groups: ['bar'] }, 'get', '/api/v1'),
      nonResource({ name: 'admin' }, 'get', '/api/v1'),
      nonResource({ groups: ['admin'] }, 'get', '/api/v1'),
      nonResource({ name: 'prefixed' }, 'get', '/api/v1'),
      nonResource({ groups: ['prefixed'] }, 'get', '/api/v1'),
    ],
  },
  {
    name: 'case 2: subresource resolution, rule names pods',
    snapshot: snapshot({
      clusterRoles: [clusterRole('admin', [newRule('*', '*', 'pods', '*')])],
      roleBindings: [
        rb('ns1', 'b', 'ClusterRole', 'admin', subjects('User:admin', 'Group:admins')),
      ],
    }),
    shouldPass: [attrs('admin', '', 'get', 'pods', '', 'ns1', '')],
    shouldFail: [attrs('admin', '', 'get', 'pods', 'status', 'ns1', '')],
  },
  {
    name: 'case 3: subresource resolution, rule names pods/status',
    snapshot: snapshot({
      clusterRoles: [clusterRole('admin', [newRule('*', '*', 'pods/status', '*')])],
      roleBindings: [
        rb('ns1', 'b', 'ClusterRole', 'admin', subjects('User:admin', 'Group:admins')),
      ],
    }),
    shouldPass: [attrs('admin', '', 'get', 'pods', 'status', 'ns1', '')],
    shouldFail: [attrs('admin', '', 'get', 'pods', '', 'ns1', '')],
  },
];

describe('rbac_test.go TestAuthorizer', () => {
  for (const c of authorizerCases) {
    it(c.name, () => {
      const authz = createAuthorizer(c.snapshot);
      for (const [u, req] of c.shouldPass)
        expect(authz.authorize(u, req).allowed, JSON.stringify([u, req])).toBe(true);
      for (const [u, req] of c.shouldFail)
        expect(authz.authorize(u, req).allowed, JSON.stringify([u, req])).toBe(false);
    });
  }
});

const res = (
  verb: string,
  apiGroup: string,
  resource: string,
  subresource = '',
): AuthorizationRequest => ({
  verb,
  apiGroup,
  resource,
  subresource,
});
const url = (verb: string, path: string): AuthorizationRequest => ({ verb, path });

/** Every verb × group × resource tuple of a TestRuleMatches case, with the expected answer. */
function grid(
  expected: (verb: string, group: string, resource: string) => boolean,
  sub?: (resource: string, group: string) => string,
): [AuthorizationRequest, boolean][] {
  const out: [AuthorizationRequest, boolean][] = [];
  for (const verb of ['verb1', 'verb2'])
    for (const resource of ['resource1', 'resource2'])
      for (const g of ['group1', 'group2'])
        out.push([
          res(verb, g, resource, sub ? sub(resource, g) : ''),
          expected(verb, g, resource),
        ]);
  return out;
}

const fooPaths = ['/foo', '/foo/bar', '/foo/baz', '/foo/bar/one', '/foo/baz/one'];

const ruleMatchCases: {
  name: string;
  rule: PolicyRule;
  requests: [AuthorizationRequest, boolean][];
}[] = [
  {
    name: 'star verb, exact match other',
    rule: { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] },
    requests: grid((_v, g, r) => g === 'group1' && r === 'resource1'),
  },
  {
    name: 'star group, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] },
    requests: grid((v, _g, r) => v === 'verb1' && r === 'resource1'),
  },
  {
    name: 'star resource, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] },
    requests: grid((v, g) => v === 'verb1' && g === 'group1'),
  },
  {
    name: 'tuple expansion',
    rule: {
      verbs: ['verb1', 'verb2'],
      apiGroups: ['group1', 'group2'],
      resources: ['resource1', 'resource2'],
    },
    requests: grid(() => true),
  },
  {
    name: 'subresource expansion',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] },
    // The Go table pairs group2 with subresource2 and every other tuple with subresource1.
    requests: grid(
      (_v, g, r) => r === 'resource1' && g === 'group1',
      (r, g) => (r === 'resource1' && g === 'group2' ? 'subresource2' : 'subresource1'),
    ),
  },
  {
    name: 'star nonresource, exact match other',
    rule: { verbs: ['verb1'], nonResourceURLs: ['*'] },
    requests: [
      ...fooPaths.map((p): [AuthorizationRequest, boolean] => [url('verb1', p), true]),
      ...fooPaths.map((p): [AuthorizationRequest, boolean] => [url('verb2', p), false]),
    ],
  },
  {
    name: 'star nonresource subpath',
    rule: { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] },
    requests: [
      [url('verb1', '/foo'), false],
      [url('verb1', '/foo/bar'), true],
      [url('verb1', '/foo/baz'), true],
      [url('verb1', '/foo/bar/one'), true],
      [url('verb1', '/foo/baz/one'), true],
      [url('verb1', '/notfoo'), false],
      [url('verb1', '/notfoo/bar'), false],
      [url('verb1', '/notfoo/baz'), false],
      [url('verb1', '/notfoo/bar/one'), false],
      [url('verb1', '/notfoo/baz/one'), false],
    ],
  },
  {
    name: 'star verb, exact nonresource',
    rule: { verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] },
    requests: ['verb1', 'verb2'].flatMap((verb) =>
      fooPaths.map((p): [AuthorizationRequest, boolean] => [
        url(verb, p),
        p === '/foo' || p === '/foo/bar/one',
      ]),
    ),
  },
];

describe('rbac_test.go TestRuleMatches', () => {
  for (const c of ruleMatchCases) {
    it(c.name, () => {
      for (const [request, expected] of c.requests)
        expect(ruleAllows(c.rule, request), JSON.stringify(request)).toBe(expected);
    });
  }
});
