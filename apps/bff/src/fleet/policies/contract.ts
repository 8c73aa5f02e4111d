// HTTP contract of AccessPolicies (issue 16 items 2–4, /work/policy-spec.md): zod/mini schemas of
// what /api/fleet/policies takes and answers, and the types derived from them. A pure module the web
// app imports as `@gatehouse/bff/contract/fleet/policies` (rules: ../../contract.ts, top).
//
// Routes:
//   GET  /api/fleet/policies                → policiesResponse
//   POST /api/fleet/policies                { name, spec }               → 201 accessPolicy (422 field errors)
//   GET  /api/fleet/policies/:name          → policyDetail
//   PUT  /api/fleet/policies/:name          { spec, resourceVersion }    → accessPolicy (409 on conflict)
//   POST /api/fleet/policies/plan           { name?, spec?, remove? }    → policyPlan
//   POST /api/fleet/policies/:name/apply    { digest, remove? }          → applyResponse (409 applyConflict)
import { z } from 'zod/mini';
import { impactResponse } from '../../analysis/contract.js';
import { apiErrorBody, policyRule } from '../../contract.js';

export const policyGroup = 'gatehouse.dev';
export const policyVersion = 'v1alpha1';
export const policyApiVersion = `${policyGroup}/${policyVersion}`;
export const policyKind = 'AccessPolicy';
export const policyPlural = 'accesspolicies';
/** On every object a policy compiles to, and on built-in policies. */
export const policyLabel = 'gatehouse.dev/policy';
export const builtinLabel = 'gatehouse.dev/builtin';
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const generationAnnotation = 'gatehouse.dev/policy-generation';
export const builtinPolicies = ['gatehouse-admin', 'gatehouse-developer', 'gatehouse-viewer'];
/** Prefix of the ClusterRoles and bindings a policy compiles to: `gatehouse-policy:<P>:<i>`. */
export const objectPrefix = 'gatehouse-policy';

// --- Requests (validating) ---

/** A DNS subdomain (so no ':' or '/'), short enough that `gatehouse-policy:<name>:<i>` fits 253. */
export const policyName = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(220),
    z.regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
      'must be a DNS subdomain: lower case letters, digits, - and .',
    ),
  );

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const labelKey = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(317),
    z.regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'a label key'),
  );
const labelValue = z
  .string()
  .check(
    z.maxLength(63),
    z.regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, 'a label value'),
  );

const selectorRequirementInput = z
  .strictObject({
    key: labelKey,
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
    values: z.optional(z.array(labelValue).check(z.maxLength(100))),
  })
  .check(
    z.superRefine((r, ctx) => {
      const has = (r.values?.length ?? 0) > 0;
      const needs = r.operator === 'In' || r.operator === 'NotIn';
      if (needs !== has)
        ctx.addIssue({
          code: 'custom',
          path: ['values'],
          message: needs
            ? `must be non-empty when operator is ${r.operator}`
            : `must be empty when operator is ${r.operator}`,
        });
    }),
  );

export const labelSelectorInput = z.strictObject({
  matchLabels: z.optional(z.record(labelKey, labelValue)),
  matchExpressions: z.optional(z.array(selectorRequirementInput).check(z.maxLength(20))),
});

/** Clusters or namespaces: exactly one of names (`["*"]` = all) or a label selector. */
const targetInput = z
  .strictObject({
    names: z.optional(z.array(text(253)).check(z.minLength(1), z.maxLength(1000))),
    selector: z.optional(labelSelectorInput),
  })
  .check(
    z.superRefine((t, ctx) => {
      if ((t.names === undefined) === (t.selector === undefined))
        ctx.addIssue({ code: 'custom', message: 'exactly one of names or selector' });
      if (t.names && t.names.includes('*') && t.names.length > 1)
        ctx.addIssue({ code: 'custom', path: ['names'], message: '"*" stands alone' });
      if (t.names && new Set(t.names).size !== t.names.length)
        ctx.addIssue({ code: 'custom', path: ['names'], message: 'a name is given twice' });
    }),
  );

export const placementInput = z.strictObject({ clusters: targetInput, namespaces: targetInput });

const ruleInput = z.strictObject({
  verbs: z.array(text(64)).check(z.minLength(1)),
  apiGroups: z.optional(z.array(z.string().check(z.maxLength(253)))),
  resources: z.optional(z.array(text(253))),
  resourceNames: z.optional(z.array(text(253))),
  nonResourceURLs: z.optional(z.array(text(1024))),
});

export const statementInput = z
  .strictObject({
    clusterRole: z.optional(
      z.string().check(z.minLength(1), z.maxLength(253), z.regex(/^[^/%]+$/, 'no / or %')),
    ),
    rules: z.optional(z.array(ruleInput).check(z.minLength(1), z.maxLength(100))),
    placements: z.array(placementInput).check(z.minLength(1), z.maxLength(50)),
  })
  .check(
    z.superRefine((s, ctx) => {
      if ((s.clusterRole === undefined) === (s.rules === undefined))
        ctx.addIssue({ code: 'custom', message: 'exactly one of clusterRole or rules' });
    }),
  );

export const subjectInput = z
  .strictObject({
    kind: z.enum(['User', 'Group', 'ServiceAccount']),
    name: z
      .string()
      .check(z.minLength(1), z.maxLength(256), z.regex(/^[^\s/]+$/, 'no spaces or slashes')),
    namespace: z.optional(z.string().check(z.minLength(1), z.maxLength(63))),
  })
  .check(
    z.superRefine((s, ctx) => {
      if (s.kind === 'ServiceAccount' && s.namespace === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['namespace'],
          message: 'required for a ServiceAccount',
        });
      if (s.kind !== 'ServiceAccount' && s.namespace !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['namespace'],
          message: 'only a ServiceAccount has a namespace',
        });
    }),
  );

/** An AccessPolicy's spec as a person writes it (built-ins, with no subjects, are never written). */
export const policySpecInput = z.strictObject({
  description: z.optional(z.string().check(z.maxLength(1000))),
  subjects: z.array(subjectInput).check(z.minLength(1), z.maxLength(100)),
  statements: z.array(statementInput).check(z.minLength(1), z.maxLength(50)),
});
export type PolicySpecInput = z.input<typeof policySpecInput>;

export const policyParams = z.object({ name: policyName });

/** POST /api/fleet/policies */
export const createPolicyBody = z.strictObject({ name: policyName, spec: policySpecInput });
export type CreatePolicyRequest = z.input<typeof createPolicyBody>;

/** PUT /api/fleet/policies/:name */
export const updatePolicyBody = z.strictObject({
  spec: policySpecInput,
  resourceVersion: text(64),
});
export type UpdatePolicyRequest = z.input<typeof updatePolicyBody>;

/**
 * POST /api/fleet/policies/plan: the saved policy (`name`), a draft (`spec`, with `name` when it
 * edits a saved one), or the saved policy's removal (`name` + `remove`).
 */
export const planBody = z
  .strictObject({
    name: z.optional(policyName),
    spec: z.optional(policySpecInput),
    remove: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((b, ctx) => {
      if (b.name === undefined && b.spec === undefined)
        ctx.addIssue({ code: 'custom', message: 'a name, a spec or both' });
      if (b.remove && (b.name === undefined || b.spec !== undefined))
        ctx.addIssue({ code: 'custom', path: ['remove'], message: 'removal takes a name only' });
    }),
  );
export type PlanRequest = z.input<typeof planBody>;

/** POST /api/fleet/policies/:name/apply */
export const applyBody = z.strictObject({
  digest: z.string().check(z.minLength(1), z.maxLength(128)),
  remove: z.optional(z.boolean()),
});
export type ApplyRequest = z.input<typeof applyBody>;

// --- Responses (descriptive) ---

export const labelSelector = z.object({
  matchLabels: z.optional(z.record(z.string(), z.string())),
  matchExpressions: z.optional(
    z.array(
      z.object({
        key: z.string(),
        operator: z.string(),
        values: z.optional(z.array(z.string())),
      }),
    ),
  ),
});
export type LabelSelector = z.infer<typeof labelSelector>;

export const placementTarget = z.object({
  names: z.optional(z.array(z.string())),
  selector: z.optional(labelSelector),
});
export type PlacementTarget = z.infer<typeof placementTarget>;

export const placement = z.object({ clusters: placementTarget, namespaces: placementTarget });
export type Placement = z.infer<typeof placement>;

export const statement = z.object({
  clusterRole: z.optional(z.string()),
  rules: z.optional(z.array(policyRule)),
  placements: z.array(placement),
});
export type Statement = z.infer<typeof statement>;

export const policySubject = z.object({
  kind: z.enum(['User', 'Group', 'ServiceAccount']),
  name: z.string(),
  namespace: z.optional(z.string()),
});
export type PolicySubject = z.infer<typeof policySubject>;

export const policySpec = z.object({
  description: z.optional(z.string()),
  subjects: z.array(policySubject),
  statements: z.array(statement),
});
export type PolicySpec = z.infer<typeof policySpec>;

export const clusterStates = ['Applied', 'Failed', 'Drifted', 'Pending', 'NotApplied'] as const;
export const clusterState = z.enum(clusterStates);
export type ClusterState = z.infer<typeof clusterState>;

/** One cluster's entry in an AccessPolicy's status, as stored on the home cluster. */
export const statusEntry = z.object({
  cluster: z.string(),
  state: clusterState,
  appliedGeneration: z.optional(z.number()),
  message: z.optional(z.string()),
  pendingNamespaces: z.optional(z.array(z.string())),
  lastAppliedBy: z.optional(z.string()),
  lastAppliedAt: z.optional(z.string()),
});
export type StatusEntry = z.infer<typeof statusEntry>;

export const policyStatus = z.object({
  observedGeneration: z.optional(z.number()),
  clusters: z.optional(z.array(statusEntry)),
});
export type PolicyStatus = z.infer<typeof policyStatus>;

export const objectKind = z.enum(['ClusterRole', 'ClusterRoleBinding', 'RoleBinding']);
export type ObjectKind = z.infer<typeof objectKind>;

/** A managed object differing from its compiled form (edited by hand), or missing. */
export const driftObject = z.object({
  kind: objectKind,
  namespace: z.optional(z.string()),
  name: z.string(),
  /** Unified diff lines, actual (-) to compiled (+). */
  diff: z.array(z.string()),
  missing: z.boolean(),
});
export type DriftObject = z.infer<typeof driftObject>;

/**
 * A cluster's status, computed live: the stored entry checked against the cluster (drift, pending
 * namespaces). `access` says whether the cluster could be checked as the person asking.
 */
export const clusterStatus = z.extend(statusEntry, {
  access: z.enum(['ok', 'no-access', 'unreachable']),
  /** Why no-access (the API server's reason) or unreachable. */
  reason: z.optional(z.string()),
  /** Whether a placement selects the cluster. */
  targeted: z.boolean(),
  /** Detail only: each drifted object with its diff. */
  drift: z.optional(z.array(driftObject)),
});
export type ClusterStatus = z.infer<typeof clusterStatus>;

export const accessPolicy = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({
    name: z.string(),
    generation: z.number(),
    resourceVersion: z.string(),
    labels: z.optional(z.record(z.string(), z.string())),
    creationTimestamp: z.optional(z.string()),
  }),
  spec: policySpec,
  status: z.optional(policyStatus),
});
export type AccessPolicy = z.infer<typeof accessPolicy>;

export const policySummary = z.object({
  name: z.string(),
  description: z.optional(z.string()),
  builtin: z.boolean(),
  generation: z.number(),
  subjects: z.array(policySubject),
  statementCount: z.number(),
  clusters: z.array(clusterStatus),
});
export type PolicySummary = z.infer<typeof policySummary>;

/** GET /api/fleet/policies */
export const policiesResponse = z.object({
  policies: z.array(policySummary),
  /** May create AccessPolicies on the home cluster. */
  canCreate: z.boolean(),
});
export type PoliciesResponse = z.infer<typeof policiesResponse>;

/** GET /api/fleet/policies/:name */
export const policyDetail = z.object({
  policy: accessPolicy,
  builtin: z.boolean(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  /** With `drift` per cluster. */
  clusters: z.array(clusterStatus),
});
export type PolicyDetail = z.infer<typeof policyDetail>;

/** A ClusterRole or binding a policy compiles to, as sent to (or read from) a cluster. */
export const rbacObject = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.optional(z.string()),
    labels: z.optional(z.record(z.string(), z.string())),
    annotations: z.optional(z.record(z.string(), z.string())),
  }),
  rules: z.optional(z.array(policyRule)),
  roleRef: z.optional(z.object({ apiGroup: z.string(), kind: z.string(), name: z.string() })),
  subjects: z.optional(z.array(policySubject)),
});
export type RbacObject = z.infer<typeof rbacObject>;

export const planObject = z.object({
  kind: objectKind,
  name: z.string(),
  namespace: z.optional(z.string()),
  object: rbacObject,
});
export type PlanObject = z.infer<typeof planObject>;

export const clusterPlan = z.object({
  cluster: z.string(),
  state: z.enum(['ok', 'no-access', 'unreachable']),
  /** The API server's reason (no-access) or why it could not be reached. */
  reason: z.optional(z.string()),
  /** Whether a placement selects the cluster (an unselected one only sees deletes). */
  targeted: z.boolean(),
  creates: z.array(planObject),
  /** `obj` is the compiled form; `diff` the unified lines from what the cluster holds. */
  updates: z.array(z.object({ obj: planObject, diff: z.array(z.string()) })),
  /** Managed objects no longer desired (narrowed placement, removal), as read. */
  deletes: z.array(planObject),
  unchanged: z.number(),
  /** Named namespaces that do not exist on the cluster: reported, never created. */
  missingNamespaces: z.array(z.string()),
  /** Why applying here would fail (a roleRef ClusterRole missing, …). */
  blockers: z.array(z.string()),
  /** Who gains and loses what there (the access analysis' impact), when the person may analyse it. */
  impact: z.optional(impactResponse),
});
export type ClusterPlan = z.infer<typeof clusterPlan>;

/** POST /api/fleet/policies/plan */
export const policyPlan = z.object({
  /** Hash of the whole plan: apply takes it back. */
  digest: z.string(),
  name: z.optional(z.string()),
  remove: z.boolean(),
  /** The generation the objects are annotated with. */
  generation: z.number(),
  clusters: z.array(clusterPlan),
});
export type PolicyPlan = z.infer<typeof policyPlan>;

export const applyStep = z.object({
  action: z.enum(['create', 'update', 'delete']),
  kind: z.string(),
  namespace: z.optional(z.string()),
  name: z.string(),
  ok: z.boolean(),
  /** Done, then undone because a later step on the same cluster failed. */
  rolledBack: z.optional(z.boolean()),
  error: z.optional(z.string()),
});
export type ApplyStep = z.infer<typeof applyStep>;

export const clusterApplyResult = z.object({
  cluster: z.string(),
  outcome: z.enum(['applied', 'failed', 'rolled-back', 'skipped', 'unchanged']),
  reason: z.optional(z.string()),
  steps: z.array(applyStep),
});
export type ClusterApplyResult = z.infer<typeof clusterApplyResult>;

/** POST /api/fleet/policies/:name/apply */
export const applyResponse = z.object({
  clusters: z.array(clusterApplyResult),
  /** The status written on the home cluster (absent after a removal, or if writing it failed). */
  policy: z.optional(policyStatus),
  /** Removal: whether the AccessPolicy itself was deleted. */
  deleted: z.optional(z.boolean()),
  /** Why the status could not be written, when it could not. */
  statusError: z.optional(z.string()),
});
export type ApplyResponse = z.infer<typeof applyResponse>;

/** 409 from apply: the plan changed since it was shown; here is the fresh one. */
export const applyConflict = z.extend(apiErrorBody, { plan: policyPlan });
export type ApplyConflict = z.infer<typeof applyConflict>;

/** `error.details` of a 422: the fields refused, as the API server words them. */
export const invalidDetails = z.object({
  name: z.optional(z.string()),
  kind: z.optional(z.string()),
  causes: z.array(z.object({ reason: z.string(), message: z.string(), field: z.string() })),
});
export type InvalidDetails = z.infer<typeof invalidDetails>;
