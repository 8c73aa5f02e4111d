// fast-check generators over small vocabularies, so that random snapshots and requests collide often.
import fc from 'fast-check';
import type {
  AuthorizationRequest,
  PolicyRule,
  RbacSnapshot,
  Subject,
  UserInfo,
} from '../src/index.js';

const verbs = ['get', 'list', 'create', '*', 'GET', 'escalate', 'bind'];
const groups = ['', 'apps', '*', 'rbac.authorization.k8s.io'];
const resources = [
  'pods',
  'pods/log',
  '*',
  '*/log',
  'deployments',
  'deployments/scale',
  '*/scale',
  'pods/*',
  'roles',
  'clusterroles',
];
const names = ['a', 'b', '', '*'];
const urls = ['/healthz', '/api/*', '*', '/api', '/apis/v1', '/a**', '/*/v1', ''];
export const namespaces = ['ns1', 'ns2', 'ns3'];
const userNames = [
  'alice',
  'bob',
  'system:serviceaccount:ns1:app',
  'system:serviceaccount:ns2:app',
  'system:serviceaccount::app',
];
const groupNames = ['devs', 'ops', 'system:serviceaccounts:ns1', 'system:authenticated'];
const roleNames = ['r1', 'r2', 'r3', 'missing'];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const subset = <T>(xs: readonly T[], max = 3) => fc.uniqueArray(pick(xs), { maxLength: max });

export const resourceRule: fc.Arbitrary<PolicyRule> = fc.record(
  {
    verbs: subset(verbs),
    apiGroups: subset(groups),
    resources: subset(resources),
    resourceNames: subset(names, 2),
  },
  { requiredKeys: ['verbs'] },
);
export const urlRule: fc.Arbitrary<PolicyRule> = fc.record({
  verbs: subset(verbs),
  nonResourceURLs: subset(urls),
});
export const policyRule: fc.Arbitrary<PolicyRule> = fc.oneof(
  { arbitrary: resourceRule, weight: 3 },
  { arbitrary: urlRule, weight: 1 },
);

export const subject: fc.Arbitrary<Subject> = fc.oneof(
  pick(userNames.slice(0, 2)).map((name) => ({ kind: 'User', name })),
  pick(groupNames).map((name) => ({ kind: 'Group', name })),
  fc
    .record({ name: pick(['app', 'other']), namespace: pick(['', 'ns1', 'ns2']) })
    .map(({ name, namespace }) => ({ kind: 'ServiceAccount', name, namespace })),
  pick(['Robot', 'user']).map((kind) => ({ kind, name: 'alice' })),
);

const roleKind = fc.oneof(
  { arbitrary: fc.constant('ClusterRole'), weight: 4 },
  { arbitrary: fc.constant('Role'), weight: 2 },
  { arbitrary: fc.constant('Foo'), weight: 1 },
);

export const snapshotArb: fc.Arbitrary<RbacSnapshot> = fc
  .record({
    clusterRoles: fc.uniqueArray(
      fc.record({
        name: pick(roleNames.slice(0, 3)),
        rules: fc.array(policyRule, { maxLength: 10 }),
      }),
      {
        selector: (r) => r.name,
        maxLength: 3,
      },
    ),
    roles: fc.uniqueArray(
      fc.record({
        ns: pick(namespaces),
        name: pick(roleNames.slice(0, 3)),
        rules: fc.array(resourceRule, { maxLength: 9 }),
      }),
      {
        selector: (r) => `${r.ns}/${r.name}`,
        maxLength: 5,
      },
    ),
    crbs: fc.array(
      fc.record({
        role: pick(roleNames),
        kind: roleKind,
        subjects: fc.array(subject, { maxLength: 3 }),
      }),
      { maxLength: 5 },
    ),
    rbs: fc.array(
      fc.record({
        ns: pick(namespaces),
        role: pick(roleNames),
        kind: roleKind,
        subjects: fc.array(subject, { maxLength: 3 }),
      }),
      { maxLength: 8 },
    ),
  })
  .map(({ clusterRoles, roles, crbs, rbs }) => ({
    clusterRoles: clusterRoles.map((r) => ({ metadata: { name: r.name }, rules: r.rules })),
    roles: roles.map((r) => ({ metadata: { name: r.name, namespace: r.ns }, rules: r.rules })),
    clusterRoleBindings: crbs.map((b, i) => ({
      metadata: { name: `crb${i}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: b.kind, name: b.role },
      subjects: b.subjects,
    })),
    roleBindings: rbs.map((b, i) => ({
      metadata: { name: `rb${i}`, namespace: b.ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: b.kind, name: b.role },
      subjects: b.subjects,
    })),
  }));

export const userArb: fc.Arbitrary<UserInfo> = fc.record({
  name: pick(userNames),
  groups: subset(groupNames),
});

export const requestArb: fc.Arbitrary<AuthorizationRequest> = fc.oneof(
  fc.record(
    {
      verb: pick(verbs.filter((v) => v !== '*').concat(['watch'])),
      apiGroup: pick(['', 'apps', 'rbac.authorization.k8s.io', 'other']),
      resource: pick(['pods', 'deployments', 'roles', 'clusterroles', 'secrets']),
      subresource: pick(['log', 'scale', '*', 'status']),
      name: pick(['a', 'b', 'c']),
      namespace: pick(['', ...namespaces]),
    },
    { requiredKeys: ['verb', 'apiGroup', 'resource'] },
  ),
  fc.record({
    verb: pick(['get', 'post', 'GET']),
    path: pick(['/healthz', '/api', '/api/', '/api/v1', '/apis/v1', '/a', '/ab', '', '*', '/x/v1']),
  }),
);
