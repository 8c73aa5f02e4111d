import type { PolicyRule } from '@gatehouse/policy';
import type { Capabilities, RuleSet } from '../api/session.js';

// Rules as SelfSubjectRulesReview reports them for the demo seed's people (see devcluster contract).
const basicUser: PolicyRule[] = [
  {
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
];
const discovery: PolicyRule[] = [
  {
    verbs: ['get'],
    nonResourceURLs: [
      '/api',
      '/api/*',
      '/apis',
      '/apis/*',
      '/healthz',
      '/livez',
      '/readyz',
      '/version',
      '/version/',
    ],
  },
];

// The aggregated `admin` ClusterRole, abridged to the groups that matter here.
const admin: PolicyRule[] = [
  {
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    apiGroups: [''],
    resources: ['pods', 'services', 'configmaps', 'secrets', 'serviceaccounts'],
  },
  {
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['rolebindings', 'roles'],
  },
  { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces'] },
];
// The aggregated `edit` ClusterRole: workloads, no RBAC.
const edit: PolicyRule[] = [
  {
    verbs: ['create', 'delete', 'deletecollection', 'patch', 'update', 'get', 'list', 'watch'],
    apiGroups: [''],
    resources: ['pods', 'services', 'configmaps', 'secrets'],
  },
  {
    verbs: ['create', 'delete', 'deletecollection', 'patch', 'update', 'get', 'list', 'watch'],
    apiGroups: ['apps'],
    resources: ['deployments', 'statefulsets'],
  },
  { verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] },
];
const clusterAdmin: PolicyRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];

function set(
  resourceRules: PolicyRule[],
  nonResourceRules: PolicyRule[] = discovery,
  incomplete = false,
): RuleSet {
  return { resourceRules, nonResourceRules, incomplete };
}

export const allNamespaces = [
  ['payments', 'payments'],
  ['payments-staging', 'payments'],
  ['deliveries', 'deliveries'],
  ['data', 'data'],
  ['data-lake', 'data'],
  ['gatehouse-system', undefined],
  ['default', undefined],
] as const;

export const personas: Record<'alice' | 'bob' | 'joe' | 'carol', Capabilities> = {
  // A cluster admin bound by a ClusterRoleBinding only: no namespace with rules of her own.
  alice: {
    cluster: set([...clusterAdmin, ...basicUser], [{ verbs: ['*'], nonResourceURLs: ['*'] }]),
    namespaces: [],
    namespaceCount: allNamespaces.length,
  },
  bob: {
    cluster: set(basicUser),
    namespaces: [
      { name: 'payments', project: 'payments', rules: set([...admin, ...basicUser]) },
      { name: 'payments-staging', project: 'payments', rules: set([...admin, ...basicUser]) },
      // bob is in group devel too, which is developer (edit) in deliveries.
      { name: 'deliveries', project: 'deliveries', rules: set([...edit, ...basicUser]) },
    ],
    namespaceCount: 3,
  },
  joe: {
    cluster: set(basicUser),
    namespaces: [
      { name: 'deliveries', project: 'deliveries', rules: set([...edit, ...basicUser]) },
    ],
    namespaceCount: 1,
  },
  carol: { cluster: set(basicUser), namespaces: [], namespaceCount: 0 },
};

/** A user whose rules review came back incomplete (an authorizer webhook could not be evaluated). */
export const partiallyKnown: Capabilities = {
  cluster: {
    ...set(basicUser, discovery, true),
    evaluationError: 'webhook authorizer unavailable',
  },
  namespaces: [
    {
      name: 'payments',
      project: 'payments',
      rules: set([...admin, ...basicUser], discovery, true),
    },
  ],
  namespaceCount: 1,
};
