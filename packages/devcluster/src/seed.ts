// Seeded identities and the demo organisation (projects payments, deliveries and data).
import type { Registry } from './registry.js';
import { resourceByKind, storeKey } from './resources.js';
import type { KObject } from './object.js';

/**
 * `demo`: the demo organisation (the embedded `dev` cluster); `staging`: the same people on a second
 * cluster seeded differently (the embedded `staging` cluster: bob has no access there); `empty`: only
 * what the BFF's identity needs.
 */
export const SEED_NAMES = ['demo', 'staging', 'empty'] as const;
export type SeedName = (typeof SEED_NAMES)[number];

export interface SeedUser {
  name: string;
  /** The username the API server sees (differs for the BFF's ServiceAccount identity). */
  username: string;
  uid: string;
  groups: string[];
}

const BFF_SA = 'system:serviceaccount:gatehouse-system:gatehouse-bff';

export function seedUsers(seed: SeedName): SeedUser[] {
  const base: SeedUser[] = [
    { name: 'admin', username: 'admin', uid: 'admin-uid', groups: ['system:masters'] },
    {
      name: 'gatehouse-bff',
      username: BFF_SA,
      uid: 'gatehouse-bff-uid',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:gatehouse-system'],
    },
  ];
  if (seed === 'empty') return base;
  return [
    ...base,
    { name: 'alice', username: 'alice', uid: 'alice-uid', groups: ['devel'] },
    { name: 'bob', username: 'bob', uid: 'bob-uid', groups: ['devel', 'qa'] },
    { name: 'joe', username: 'joe', uid: 'joe-uid', groups: ['devel'] },
    { name: 'carol', username: 'carol', uid: 'carol-uid', groups: [] },
  ];
}

const RBAC = 'rbac.authorization.k8s.io';
const PROJECT_LABEL = 'gatehouse.dev/project';
/** `members`: on a project's home namespace, the record of its namespaces Gatehouse trusts. */
const ns = (name: string, project?: string, members?: string[]): KObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name,
    ...(project ? { labels: { [PROJECT_LABEL]: project } } : {}),
    ...(members ? { annotations: { 'gatehouse.dev/namespaces': members.join(',') } } : {}),
  },
});
const user = (name: string): object => ({ kind: 'User', apiGroup: RBAC, name });
const group = (name: string): object => ({ kind: 'Group', apiGroup: RBAC, name });
const sa = (name: string, namespace: string): object => ({
  kind: 'ServiceAccount',
  name,
  namespace,
});
const clusterRole = (
  name: string,
  rules: object[],
  labels?: Record<string, string>,
  extra: object = {},
): KObject => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name, ...(labels ? { labels } : {}) },
  rules,
  ...extra,
});
const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  namespace: string | undefined,
  roleKind: string,
  role: string,
  subjects: object[],
  labels?: Record<string, string>,
): KObject => ({
  apiVersion: `${RBAC}/v1`,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
  roleRef: { apiGroup: RBAC, kind: roleKind, name: role },
  subjects,
});
const collaborator = (project: string, level: string): Record<string, string> => ({
  [PROJECT_LABEL]: project,
  'gatehouse.dev/access-level': level,
});

/**
 * What the BFF's own identity uses, no more: impersonating users and groups (the signed-in person),
 * impersonating gatehouse-controller alone (a Role in gatehouse-system with resourceNames), and
 * reading RBAC objects and namespaces. deploy/base/rbac.yaml is the source of truth; apps/bff/README.md
 * shows the same objects as YAML (both tested against these).
 */
function bffObjects(): KObject[] {
  return [
    ns('gatehouse-system'),
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'gatehouse-bff', namespace: 'gatehouse-system' },
    },
    clusterRole('gatehouse:bff', [
      { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
      {
        apiGroups: [RBAC],
        resources: ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      // Token sign-in on servers without SelfSubjectReview (before 1.27) checks the token this way.
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    ]),
    binding('ClusterRoleBinding', 'gatehouse:bff', undefined, 'ClusterRole', 'gatehouse:bff', [
      sa('gatehouse-bff', 'gatehouse-system'),
    ]),
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'gatehouse:bff-controller', namespace: 'gatehouse-system' },
      rules: [
        {
          apiGroups: [''],
          resources: ['serviceaccounts'],
          resourceNames: ['gatehouse-controller'],
          verbs: ['impersonate'],
        },
      ],
    },
    binding(
      'RoleBinding',
      'gatehouse:bff-controller',
      'gatehouse-system',
      'Role',
      'gatehouse:bff-controller',
      [sa('gatehouse-bff', 'gatehouse-system')],
    ),
    ...controllerObjects(),
  ];
}

/**
 * The identity the BFF impersonates to issue per-person kubeconfigs (ServiceAccounts, per-file
 * Secrets and bound tokens, only in gatehouse-system) and to remove expired invitations (delete
 * RoleBindings: it can take access away, never grant it), and to keep the console state the
 * replicas share in gatehouse-system (gatehouse:state).
 */
function controllerObjects(): KObject[] {
  const controller = sa('gatehouse-controller', 'gatehouse-system');
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'gatehouse-controller', namespace: 'gatehouse-system' },
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'gatehouse:kubeconfig-issuer', namespace: 'gatehouse-system' },
      rules: [
        {
          apiGroups: [''],
          resources: ['serviceaccounts', 'secrets'],
          verbs: ['get', 'list', 'create', 'delete'],
        },
        { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
      ],
    },
    binding(
      'RoleBinding',
      'gatehouse:kubeconfig-issuer',
      'gatehouse-system',
      'Role',
      'gatehouse:kubeconfig-issuer',
      [controller],
    ),
    // Console state shared by the replicas in gatehouse-system: session revocations and sign-in
    // records (ConfigMaps), the session keys (one Secret, created through kubeconfig-issuer's
    // secrets create) and the expiry sweep's leader-election Lease.
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'gatehouse:state', namespace: 'gatehouse-system' },
      rules: [
        {
          apiGroups: [''],
          resources: ['configmaps'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'],
        },
        {
          apiGroups: [''],
          resources: ['secrets'],
          resourceNames: ['gatehouse-session-keys'],
          verbs: ['get', 'watch'],
        },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          resourceNames: ['gatehouse-sweeper'],
          verbs: ['get', 'update'],
        },
      ],
    },
    binding('RoleBinding', 'gatehouse:state', 'gatehouse-system', 'Role', 'gatehouse:state', [
      controller,
    ]),
    clusterRole('gatehouse:access-expiry', [
      { apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['get', 'list', 'delete'] },
    ]),
    binding(
      'ClusterRoleBinding',
      'gatehouse:access-expiry',
      undefined,
      'ClusterRole',
      'gatehouse:access-expiry',
      [controller],
    ),
  ];
}

function demoObjects(): KObject[] {
  const objs: KObject[] = [
    ns('payments', 'payments', ['payments', 'payments-staging']),
    ns('payments-staging', 'payments'),
    ns('deliveries', 'deliveries', ['deliveries']),
    ns('data', 'data', ['data', 'data-lake']),
    ns('data-lake', 'data'),
    binding(
      'ClusterRoleBinding',
      'alice-cluster-admin',
      undefined,
      'ClusterRole',
      'cluster-admin',
      [user('alice')],
    ),
    clusterRole('gatehouse:monitoring', [], undefined, {
      aggregationRule: {
        clusterRoleSelectors: [
          { matchLabels: { 'gatehouse.dev/aggregate-to-monitoring': 'true' } },
        ],
      },
    }),
    clusterRole(
      'gatehouse:monitoring-pods',
      [
        {
          apiGroups: [''],
          resources: ['pods', 'pods/log', 'events'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
      { 'gatehouse.dev/aggregate-to-monitoring': 'true' },
    ),
    clusterRole(
      'gatehouse:monitoring-metrics',
      [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }],
      { 'gatehouse.dev/aggregate-to-monitoring': 'true' },
    ),
    clusterRole('gatehouse:secret-reader', [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
    ]),
    clusterRole(
      'gatehouse:leases-view',
      [
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
      {
        'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      },
    ),
    binding(
      'ClusterRoleBinding',
      'sre-monitoring',
      undefined,
      'ClusterRole',
      'gatehouse:monitoring',
      [group('sre')],
    ),
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'payments-deployer', namespace: 'payments' },
      rules: [
        {
          apiGroups: ['apps'],
          resources: ['deployments'],
          verbs: ['get', 'list', 'watch', 'update', 'patch'],
        },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      ],
    },
    binding('RoleBinding', 'ci-deployer', 'payments', 'Role', 'payments-deployer', [
      sa('ci-deployer', 'payments'),
    ]),
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'etl-config', namespace: 'data' },
      rules: [
        {
          apiGroups: [''],
          resources: ['configmaps'],
          verbs: ['get', 'list', 'update'],
          resourceNames: ['etl-settings'],
        },
      ],
    },
    binding('RoleBinding', 'etl-runner-config', 'data', 'Role', 'etl-config', [
      sa('etl-runner', 'data'),
    ]),
  ];
  for (const n of ['payments', 'payments-staging']) {
    objs.push(
      binding(
        'RoleBinding',
        'gatehouse:payments:admin',
        n,
        'ClusterRole',
        'admin',
        [user('bob')],
        collaborator('payments', 'admin'),
      ),
    );
  }
  objs.push(
    binding(
      'RoleBinding',
      'gatehouse:deliveries:developer',
      'deliveries',
      'ClusterRole',
      'edit',
      [group('devel')],
      collaborator('deliveries', 'developer'),
    ),
  );
  for (const n of ['data', 'data-lake']) {
    objs.push(
      binding(
        'RoleBinding',
        'gatehouse:data:viewer',
        n,
        'ClusterRole',
        'view',
        [group('data-team')],
        collaborator('data', 'viewer'),
      ),
    );
  }
  const sas: [string, string][] = [
    ['ci-deployer', 'payments'],
    ['dispatcher', 'deliveries'],
    ['etl-runner', 'data'],
  ];
  for (const [name, namespace] of sas)
    objs.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
  objs.push(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'payments-settings', namespace: 'payments' },
      data: { currency: 'EUR', provider: 'acme-pay' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'payments-api-key', namespace: 'payments' },
      type: 'Opaque',
      data: { key: Buffer.from('demo-only-key').toString('base64') },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'etl-settings', namespace: 'data' },
      data: { schedule: '0 2 * * *' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dispatcher', namespace: 'deliveries', labels: { app: 'dispatcher' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'dispatcher' } },
        template: {
          metadata: { labels: { app: 'dispatcher' } },
          spec: {
            serviceAccountName: 'dispatcher',
            containers: [{ name: 'dispatcher', image: 'registry.example.com/dispatcher:1.4.2' }],
          },
        },
      },
    },
  );
  objs.push(...runningObjects());
  return objs;
}

/** A node and the dispatcher's pods, running, so lists and describes have something to show. */
function runningObjects(): KObject[] {
  const ready = {
    type: 'Ready',
    status: 'True',
    reason: 'KubeletReady',
    message: 'kubelet is posting ready status',
  };
  const node: KObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'devcluster-node-1',
      labels: {
        'kubernetes.io/hostname': 'devcluster-node-1',
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
      },
    },
    spec: { podCIDR: '10.244.0.0/24' },
    status: {
      conditions: [ready],
      nodeInfo: {
        kubeletVersion: 'v1.32.13',
        osImage: 'Gatehouse devcluster',
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
      addresses: [{ type: 'InternalIP', address: '10.0.0.10' }],
    },
  };
  const pods = ['dispatcher-6d9f7c8b5-k2x7q', 'dispatcher-6d9f7c8b5-p9w4z'].map(
    (name, i): KObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'deliveries',
        labels: { app: 'dispatcher', 'pod-template-hash': '6d9f7c8b5' },
      },
      spec: {
        nodeName: 'devcluster-node-1',
        serviceAccountName: 'dispatcher',
        containers: [{ name: 'dispatcher', image: 'registry.example.com/dispatcher:1.4.2' }],
      },
      status: {
        phase: 'Running',
        podIP: `10.244.0.${11 + i}`,
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: 'dispatcher',
            ready: true,
            restartCount: 0,
            image: 'registry.example.com/dispatcher:1.4.2',
            started: true,
          },
        ],
      },
    }),
  );
  return [node, ...pods];
}

/**
 * The staging cluster of the demo fleet: the same people as `demo`, differently placed. alice is
 * cluster-admin here too; joe develops in deliveries by a binding of his own (not group devel, which
 * bob is in too); bob — admin of payments on dev — has nothing here, so what he may do on one cluster and not the other shows. Namespaces
 * carry a `team` label for placements by selector; ClusterRole gatehouse:release-manager exists
 * only here, gatehouse:secret-reader only on dev.
 */
function stagingObjects(): KObject[] {
  const labelled = (o: KObject, labels: Record<string, string>): KObject => ({
    ...o,
    metadata: { ...o.metadata, labels: { ...(o.metadata.labels ?? {}), ...labels } },
  });
  return [
    labelled(ns('payments', 'payments', ['payments']), { team: 'payments' }),
    labelled(ns('deliveries', 'deliveries', ['deliveries']), { team: 'logistics' }),
    labelled(ns('checkout'), { team: 'payments' }),
    binding(
      'ClusterRoleBinding',
      'alice-cluster-admin',
      undefined,
      'ClusterRole',
      'cluster-admin',
      [user('alice')],
    ),
    clusterRole('gatehouse:release-manager', [
      {
        apiGroups: ['apps'],
        resources: ['deployments', 'deployments/scale'],
        verbs: ['get', 'list', 'watch', 'update', 'patch'],
      },
    ]),
    binding(
      'RoleBinding',
      'gatehouse:deliveries:developer',
      'deliveries',
      'ClusterRole',
      'edit',
      [user('joe')],
      collaborator('deliveries', 'developer'),
    ),
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'dispatcher', namespace: 'deliveries' },
    },
  ];
}

function seedObjects(seed: SeedName): KObject[] {
  if (seed === 'demo') return [...bffObjects(), ...demoObjects()];
  if (seed === 'staging') return [...bffObjects(), ...stagingObjects()];
  return bffObjects();
}

/** Creates the seed's objects that are missing. */
export function applySeed(registry: Registry, seed: SeedName): void {
  const objects = seedObjects(seed);
  for (const o of objects) {
    const t = resourceByKind(String(o.apiVersion), String(o.kind));
    if (!t) throw new Error(`seed: unknown kind ${String(o.kind)}`);
    const namespace = t.namespaced ? o.metadata.namespace : undefined;
    if (registry.store.get(storeKey(t), namespace, o.metadata.name)) continue;
    registry.create(t, namespace, o);
  }
}
