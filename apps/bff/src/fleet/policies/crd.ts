// The AccessPolicy CustomResourceDefinition, the built-in policies and the policy-author ClusterRole:
// what deploy/base ships (test/fleet-policies-compile.test.ts checks the YAML there is exactly this)
// and what the BFF creates on the embedded home devcluster at start.
import {
  builtinLabel,
  builtinPolicies,
  policyApiVersion,
  policyGroup,
  policyKind,
  policyPlural,
  policyVersion,
} from './contract.js';

type Json = Record<string, unknown>;
/** A manifest as kubectl applies it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

const str = { type: 'string' };
const strings = { type: 'array', items: str };
const selector: Json = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: str },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: str,
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: strings,
        },
      },
    },
  },
};
const target: Json = { type: 'object', properties: { names: strings, selector } };

export const accessPolicyCrd: Manifest = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: `${policyPlural}.${policyGroup}`,
    labels: { 'app.kubernetes.io/name': 'gatehouse', 'app.kubernetes.io/part-of': 'gatehouse' },
  },
  spec: {
    group: policyGroup,
    scope: 'Cluster',
    names: {
      plural: policyPlural,
      singular: 'accesspolicy',
      kind: policyKind,
      listKind: `${policyKind}List`,
      shortNames: ['ap'],
    },
    versions: [
      {
        name: policyVersion,
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Description', type: 'string', jsonPath: '.spec.description' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: str,
              kind: str,
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['subjects', 'statements'],
                properties: {
                  description: str,
                  subjects: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['kind', 'name'],
                      properties: {
                        kind: { type: 'string', enum: ['User', 'Group', 'ServiceAccount'] },
                        name: str,
                        namespace: str,
                      },
                    },
                  },
                  statements: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['placements'],
                      properties: {
                        clusterRole: str,
                        rules: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: ['verbs'],
                            properties: {
                              verbs: strings,
                              apiGroups: strings,
                              resources: strings,
                              resourceNames: strings,
                              nonResourceURLs: strings,
                            },
                          },
                        },
                        placements: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: ['clusters', 'namespaces'],
                            properties: { clusters: target, namespaces: target },
                          },
                        },
                      },
                    },
                  },
                },
              },
              status: {
                type: 'object',
                properties: {
                  observedGeneration: { type: 'integer', format: 'int64' },
                  clusters: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['cluster', 'state'],
                      properties: {
                        cluster: str,
                        state: {
                          type: 'string',
                          enum: ['Applied', 'Failed', 'Drifted', 'Pending', 'NotApplied'],
                        },
                        appliedGeneration: { type: 'integer', format: 'int64' },
                        message: str,
                        pendingNamespaces: strings,
                        lastAppliedBy: str,
                        lastAppliedAt: { type: 'string', format: 'date-time' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const everywhere = [{ clusters: { names: ['*'] }, namespaces: { names: ['*'] } }];
const builtinRoles: Record<string, { clusterRole: string; description: string }> = {
  'gatehouse-admin': {
    clusterRole: 'admin',
    description: 'Admin: the admin ClusterRole in every namespace of every cluster',
  },
  'gatehouse-developer': {
    clusterRole: 'edit',
    description: 'Developer: the edit ClusterRole in every namespace of every cluster',
  },
  'gatehouse-viewer': {
    clusterRole: 'view',
    description: 'Viewer: the view ClusterRole in every namespace of every cluster',
  },
};

/** Komodor's Admin / Developer / Viewer as templates: no subjects, never applied as they are. */
export const builtinPolicyObjects: Manifest[] = builtinPolicies.map((name) => ({
  apiVersion: policyApiVersion,
  kind: policyKind,
  metadata: { name, labels: { [builtinLabel]: 'true' } },
  spec: {
    description: builtinRoles[name]!.description,
    subjects: [],
    statements: [{ clusterRole: builtinRoles[name]!.clusterRole, placements: everywhere }],
  },
}));

/** Bound (on the home cluster) to whoever may write AccessPolicies. */
export const policyAuthorRole: Manifest = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: {
    name: 'gatehouse:policy-author',
    labels: { 'app.kubernetes.io/name': 'gatehouse', 'app.kubernetes.io/part-of': 'gatehouse' },
  },
  rules: [
    {
      apiGroups: [policyGroup],
      resources: [policyPlural],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    },
    {
      apiGroups: [policyGroup],
      resources: [`${policyPlural}/status`],
      verbs: ['get', 'update', 'patch'],
    },
  ],
};
