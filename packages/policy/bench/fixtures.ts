// Generated RBAC snapshots sized from real clusters (kind/kubeadm, operator-heavy, multi-tenant).
import type {
  AuthorizationRequest,
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  RbacSnapshot,
  Role,
  RoleBinding,
  Subject,
  UserInfo,
} from '../src/index.js';
import type { ResourceType } from '../src/index.js';

export interface FixtureSize {
  name: string;
  namespaces: number;
  clusterRoles: number;
  clusterRoleBindings: number;
  roleBindings: number;
  resourceTypes: number;
}

export const SIZES: FixtureSize[] = [
  {
    name: 'small',
    namespaces: 5,
    clusterRoles: 75,
    clusterRoleBindings: 55,
    roleBindings: 12,
    resourceTypes: 65,
  },
  {
    name: 'medium',
    namespaces: 300,
    clusterRoles: 600,
    clusterRoleBindings: 400,
    roleBindings: 1500,
    resourceTypes: 300,
  },
  {
    name: 'large',
    namespaces: 10000,
    clusterRoles: 2000,
    clusterRoleBindings: 1500,
    roleBindings: 40000,
    resourceTypes: 900,
  },
];

export interface Fixture {
  size: FixtureSize;
  snapshot: RbacSnapshot;
  namespaces: string[];
  resourceTypes: ResourceType[];
  users: UserInfo[];
  /** A tenant with cluster-wide groups and RoleBindings in many namespaces: the access-matrix subject. */
  matrixUser: UserInfo;
  requests: AuthorizationRequest[];
}

/** mulberry32: a small deterministic PRNG so every run benchmarks the same objects. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CORE = [
  'pods',
  'services',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'persistentvolumeclaims',
  'events',
  'endpoints',
  'limitranges',
  'resourcequotas',
  'replicationcontrollers',
  'nodes',
  'namespaces',
  'persistentvolumes',
];
const BUILTIN: ResourceType[] = [
  ...CORE.map((resource) => ({ apiGroup: '', resource })),
  ...['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'controllerrevisions'].map(
    (resource) => ({ apiGroup: 'apps', resource }),
  ),
  ...['jobs', 'cronjobs'].map((resource) => ({ apiGroup: 'batch', resource })),
  ...['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'].map((resource) => ({
    apiGroup: 'rbac.authorization.k8s.io',
    resource,
  })),
  ...['ingresses', 'networkpolicies', 'ingressclasses'].map((resource) => ({
    apiGroup: 'networking.k8s.io',
    resource,
  })),
  { apiGroup: 'policy', resource: 'poddisruptionbudgets' },
  { apiGroup: 'autoscaling', resource: 'horizontalpodautoscalers' },
  { apiGroup: 'coordination.k8s.io', resource: 'leases' },
  { apiGroup: 'discovery.k8s.io', resource: 'endpointslices' },
  ...['storageclasses', 'volumeattachments', 'csidrivers', 'csinodes'].map((resource) => ({
    apiGroup: 'storage.k8s.io',
    resource,
  })),
  { apiGroup: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
];
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const READ = ['get', 'list', 'watch'];

export function generateFixture(size: FixtureSize, seed = 42): Fixture {
  const rnd = prng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const some = <T>(xs: readonly T[], max: number): T[] => [
    ...new Set(Array.from({ length: 1 + int(max) }, () => pick(xs))),
  ];

  const resourceTypes: ResourceType[] = BUILTIN.slice(
    0,
    Math.min(BUILTIN.length, size.resourceTypes),
  );
  for (let i = 0; resourceTypes.length < size.resourceTypes; i++) {
    resourceTypes.push({
      apiGroup: `g${Math.floor(i / 6)}.operators.example.com`,
      resource: `kind${i}s`,
    });
  }
  const groupsOfTypes = [...new Set(resourceTypes.map((t) => t.apiGroup))];
  const typesIn = (g: string) =>
    resourceTypes.filter((t) => t.apiGroup === g).map((t) => t.resource);
  const namespaces = Array.from(
    { length: size.namespaces },
    (_, i) => (i < 3 ? ['default', 'kube-system', 'kube-public'][i] : `tenant-${i}`) as string,
  );

  const resourceRule = (): PolicyRule => {
    const g = pick(groupsOfTypes);
    const resources = some(typesIn(g), 4);
    if (rnd() < 0.3) resources.push(`${pick(resources)}/status`);
    const rule: PolicyRule = {
      apiGroups: [g],
      resources,
      verbs: rnd() < 0.5 ? [...READ] : some(VERBS, 5),
    };
    if (rnd() < 0.05) rule.resourceNames = [`obj-${int(20)}`];
    return rule;
  };
  const clusterRoles: ClusterRole[] = [
    {
      metadata: { name: 'cluster-admin' },
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ],
    },
    {
      metadata: { name: 'view' },
      rules: groupsOfTypes.map((g) => ({
        apiGroups: [g],
        resources: typesIn(g).filter((r) => r !== 'secrets'),
        verbs: [...READ],
      })),
    },
    {
      metadata: { name: 'edit' },
      rules: groupsOfTypes.map((g) => ({
        apiGroups: [g],
        resources: typesIn(g).filter((r) => !r.startsWith('role')),
        verbs: [...VERBS],
      })),
    },
    {
      metadata: { name: 'admin' },
      rules: groupsOfTypes.map((g) => ({
        apiGroups: [g],
        resources: typesIn(g),
        verbs: [...VERBS],
      })),
    },
    {
      metadata: { name: 'system:discovery' },
      rules: [
        {
          nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/version'],
          verbs: ['get'],
        },
      ],
    },
  ];
  while (clusterRoles.length < size.clusterRoles) {
    const i = clusterRoles.length;
    clusterRoles.push({
      metadata: { name: `operator-${i}:manager` },
      rules: Array.from({ length: 3 + int(12) }, resourceRule),
    });
  }

  const userCount = Math.max(20, Math.floor(size.namespaces / 2));
  const teams = Math.max(5, Math.floor(size.namespaces / 20));
  const userSubject = (): Subject => ({
    kind: 'User',
    apiGroup: 'rbac.authorization.k8s.io',
    name: `user-${int(userCount)}`,
  });
  const groupSubject = (): Subject => ({
    kind: 'Group',
    apiGroup: 'rbac.authorization.k8s.io',
    name: `team-${int(teams)}`,
  });
  const saSubject = (ns: string): Subject => ({
    kind: 'ServiceAccount',
    name: `sa-${int(5)}`,
    namespace: ns,
  });
  const anySubject = (ns: string): Subject =>
    rnd() < 0.4 ? userSubject() : rnd() < 0.6 ? groupSubject() : saSubject(ns);

  const clusterRoleBindings: ClusterRoleBinding[] = [
    {
      metadata: { name: 'cluster-admin' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
      subjects: [{ kind: 'Group', name: 'system:masters' }],
    },
    {
      metadata: { name: 'system:discovery' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'system:discovery',
      },
      subjects: [{ kind: 'Group', name: 'system:authenticated' }],
    },
  ];
  while (clusterRoleBindings.length < size.clusterRoleBindings) {
    const i = clusterRoleBindings.length;
    const roleName = pick(clusterRoles.slice(5)).metadata.name ?? '';
    const subjects = [saSubject(pick(namespaces.slice(0, Math.min(namespaces.length, 30))))];
    if (rnd() < 0.2) subjects.push(groupSubject());
    clusterRoleBindings.push({
      metadata: { name: `crb-${i}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects,
    });
  }

  const roles: Role[] = namespaces
    .filter((_, i) => i % 5 === 0)
    .map((ns) => ({
      metadata: { name: 'app-config', namespace: ns },
      rules: [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: [...READ] }],
    }));
  const roleBindings: RoleBinding[] = [];
  for (let i = 0; i < size.roleBindings; i++) {
    const ns = namespaces[i % namespaces.length] as string;
    const r = rnd();
    const roleRef =
      r < 0.7
        ? {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: pick(['admin', 'edit', 'view']),
          }
        : r < 0.8 && namespaces.indexOf(ns) % 5 === 0
          ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app-config' }
          : {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'ClusterRole',
              name: pick(clusterRoles).metadata.name ?? '',
            };
    roleBindings.push({
      metadata: { name: `rb-${i}`, namespace: ns },
      roleRef,
      subjects: Array.from({ length: 1 + int(3) }, () => anySubject(ns)),
    });
  }

  const users: UserInfo[] = Array.from({ length: 200 }, (_, i) => {
    if (i % 10 === 9) {
      const ns = pick(namespaces);
      return {
        name: `system:serviceaccount:${ns}:sa-${int(5)}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
      };
    }
    return {
      name: `user-${int(userCount)}`,
      groups: [`team-${int(teams)}`, `team-${int(teams)}`, 'system:authenticated'],
    };
  });
  const matrixUser: UserInfo = {
    name: 'user-1',
    groups: ['team-1', 'team-2', 'system:authenticated'],
  };
  const requests: AuthorizationRequest[] = Array.from({ length: 1000 }, () => {
    if (rnd() < 0.1)
      return {
        verb: 'get',
        path: pick(['/api', '/apis/apps/v1', '/healthz', '/metrics', '/version']),
      };
    const t = pick(resourceTypes);
    const namespaced = rnd() < 0.75;
    return {
      verb: pick(VERBS),
      apiGroup: t.apiGroup,
      resource: t.resource,
      ...(rnd() < 0.1 ? { subresource: 'status' } : {}),
      ...(namespaced ? { namespace: pick(namespaces), name: `obj-${int(20)}` } : {}),
    };
  });
  return {
    size,
    snapshot: { clusterRoles, roles, clusterRoleBindings, roleBindings },
    namespaces,
    resourceTypes,
    users,
    matrixUser,
    requests,
  };
}
