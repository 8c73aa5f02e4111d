// HTTP contract of fleet analysis (/api/fleet/who-can, check, compare, copy-binding): the per-cluster
// analysis questions asked of several clusters at once, each cluster answering for itself. A pure
// module the web app imports as `@gatehouse/bff/contract/fleet/access` (rules: ../../contract.ts).
import { z } from 'zod/mini';
import { policyRule, roleRef, subject } from '../../contract.js';
import {
  accessCheckResponse,
  impactResponse,
  requestChecked,
  requestFields,
  subjectChecked,
  subjectFields,
  whoCanResponse,
} from '../../analysis/contract.js';

// --- Requests ---

const clusterId = z.string().check(z.minLength(1), z.maxLength(253));
const name = z.string().check(z.minLength(1), z.maxLength(253));
const namespace = z
  .string()
  .check(z.maxLength(63), z.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name'));

/** `clusters=a,b`: only these clusters (every configured cluster when absent). */
const clustersField = z.pipe(
  z.optional(z.string().check(z.maxLength(4096))),
  z.transform((s: string | undefined) =>
    s === undefined
      ? undefined
      : [
          ...new Set(
            s
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean),
          ),
        ],
  ),
);

/** GET /api/fleet/who-can: the per-cluster who-can query, plus `clusters`. */
export const fleetWhoCanQuery = z
  .strictObject({ ...requestFields, clusters: clustersField })
  .check(requestChecked);
export type FleetWhoCanQuery = z.output<typeof fleetWhoCanQuery>;

/** GET /api/fleet/check: the per-cluster check query, plus `clusters`. */
export const fleetCheckQuery = z
  .strictObject({ ...subjectFields, ...requestFields, clusters: clustersField })
  .check(subjectChecked, requestChecked);
export type FleetCheckQuery = z.output<typeof fleetCheckQuery>;

/** GET /api/fleet/compare: one subject's effective access on cluster `a` beside cluster `b`. */
export const fleetCompareQuery = z
  .strictObject({ ...subjectFields, a: clusterId, b: clusterId })
  .check(subjectChecked);
export type FleetCompareQuery = z.output<typeof fleetCompareQuery>;

const bindingSource = z
  .strictObject({
    cluster: clusterId,
    kind: z.enum(['RoleBinding', 'ClusterRoleBinding']),
    namespace: z.optional(namespace),
    name,
  })
  .check(
    z.superRefine((v: { kind: string; namespace?: string | undefined }, ctx) => {
      if (v.kind === 'RoleBinding' && !v.namespace)
        ctx.addIssue({
          code: 'custom',
          path: ['namespace'],
          message: 'a RoleBinding needs a namespace',
        });
      if (v.kind === 'ClusterRoleBinding' && v.namespace)
        ctx.addIssue({
          code: 'custom',
          path: ['namespace'],
          message: 'a ClusterRoleBinding has no namespace',
        });
    }),
  );

const copyFields = {
  source: bindingSource,
  targets: z.array(clusterId).check(z.minLength(1), z.maxLength(100)),
};

/** POST /api/fleet/copy-binding/plan */
export const copyPlanBody = z.strictObject(copyFields);
export type CopyPlanBody = z.output<typeof copyPlanBody>;

/** POST /api/fleet/copy-binding/apply: the plan's digest, so nothing else than what was read is applied. */
export const copyApplyBody = z.strictObject({
  ...copyFields,
  digest: z.string().check(z.minLength(1), z.maxLength(128)),
});
export type CopyApplyBody = z.output<typeof copyApplyBody>;

// --- Responses ---

/** A cluster that did not give a result: the user may not ask there, or it could not be reached. */
const noResult = [
  z.object({
    cluster: z.string(),
    state: z.literal('no-access'),
    /** The HTTP status the answer came with (401 or 403). */
    code: z.number(),
    /** Why, as the API server or the analysis gate said it. */
    message: z.string(),
  }),
  z.object({ cluster: z.string(), state: z.literal('unreachable'), message: z.string() }),
] as const;

/** One cluster's answer: `result`, or why there is none. */
export function perCluster<T extends z.ZodMiniType>(result: T) {
  return z.discriminatedUnion('state', [
    z.object({ cluster: z.string(), state: z.literal('result'), result }),
    ...noResult,
  ]);
}

export type ClusterAnswer<T> =
  | { cluster: string; state: 'result'; result: T }
  | { cluster: string; state: 'no-access'; code: number; message: string }
  | { cluster: string; state: 'unreachable'; message: string };

/** GET /api/fleet/who-can: one column per cluster, in the order asked (configuration order by default). */
export const fleetWhoCanResponse = z.object({ clusters: z.array(perCluster(whoCanResponse)) });
export type FleetWhoCanResponse = z.infer<typeof fleetWhoCanResponse>;

/** GET /api/fleet/check */
export const fleetCheckResponse = z.object({ clusters: z.array(perCluster(accessCheckResponse)) });
export type FleetCheckResponse = z.infer<typeof fleetCheckResponse>;

/** A binding that names the subject on one side of a comparison. */
export const compareBinding = z.object({
  kind: z.enum(['ClusterRoleBinding', 'RoleBinding']),
  name: z.string(),
  namespace: z.optional(z.string()),
  roleRef,
});
export type CompareBinding = z.infer<typeof compareBinding>;

/**
 * One normalised permission set: one API group, resource (or non-resource URL) and resource name,
 * with its verbs, in `namespace` ("" = through ClusterRoleBindings, everywhere). Rules are split into
 * such pieces on both sides before they are compared, so equal permissions match however the roles
 * spell them; `*` stays `*` (it is not expanded to the verbs a cluster happens to serve).
 */
export const compareRule = z.object({
  namespace: z.string(),
  rule: policyRule,
  /** Indexes into the side's `bindings` of the bindings granting it. */
  a: z.array(z.number()),
  b: z.array(z.number()),
});
export type CompareRule = z.infer<typeof compareRule>;

const compareSide = z.object({
  user: z.object({ name: z.string(), groups: z.array(z.string()) }),
  bindings: z.array(compareBinding),
  errors: z.array(z.string()),
  complete: z.boolean(),
});
export type CompareSide = z.infer<typeof compareSide>;

/** GET /api/fleet/compare */
export const fleetCompareResponse = z.object({
  a: perCluster(compareSide),
  b: perCluster(compareSide),
  /** Present when both sides answered. */
  diff: z.optional(
    z.object({
      onlyA: z.array(compareRule),
      onlyB: z.array(compareRule),
      both: z.array(compareRule),
    }),
  ),
});
export type FleetCompareResponse = z.infer<typeof fleetCompareResponse>;

/** The binding as it would be written (server-owned fields dropped). */
export const copiedBinding = z.object({
  apiVersion: z.string(),
  kind: z.enum(['RoleBinding', 'ClusterRoleBinding']),
  metadata: z.object({
    name: z.string(),
    namespace: z.optional(z.string()),
    labels: z.optional(z.record(z.string(), z.string())),
    annotations: z.optional(z.record(z.string(), z.string())),
  }),
  roleRef,
  subjects: z.optional(z.array(subject)),
});
export type CopiedBinding = z.infer<typeof copiedBinding>;

export const blockerKind = z.enum([
  'role-missing',
  'namespace-missing',
  'role-ref-differs',
  'no-access',
  'source-cluster',
]);
export type BlockerKind = z.infer<typeof blockerKind>;

export const copyDiff = z.object({
  subjectsAdded: z.array(subject),
  subjectsRemoved: z.array(subject),
  /** Labels and annotations whose value changes (`from` absent: added). */
  metadata: z.array(
    z.object({
      field: z.enum(['labels', 'annotations']),
      key: z.string(),
      from: z.optional(z.string()),
      to: z.string(),
    }),
  ),
});
export type CopyDiff = z.infer<typeof copyDiff>;

export const copyTargetPlan = z.object({
  action: z.enum(['create', 'update', 'unchanged', 'blocked']),
  /** For `update`: what changes. */
  diff: z.optional(copyDiff),
  /** For `blocked`: what stops it, each named. */
  blockers: z.array(z.object({ kind: blockerKind, message: z.string() })),
  /** Who gains what on that cluster (create and update), from the objects the user may read there. */
  impact: z.optional(impactResponse),
  /** Why the impact could not be computed (the user may not analyse that cluster). */
  impactUnavailable: z.optional(z.string()),
});
export type CopyTargetPlan = z.infer<typeof copyTargetPlan>;

/** POST /api/fleet/copy-binding/plan (and the `details` of apply's 409). */
export const copyPlanResponse = z.object({
  source: z.object({ cluster: z.string(), binding: copiedBinding }),
  targets: z.array(perCluster(copyTargetPlan)),
  /** Apply takes it back: a plan that changed in between is answered 409 with the new plan. */
  digest: z.string(),
});
export type CopyPlanResponse = z.infer<typeof copyPlanResponse>;

/** POST /api/fleet/copy-binding/apply: each cluster's fate. */
export const copyApplyResponse = z.object({
  digest: z.string(),
  results: z.array(
    z.object({
      cluster: z.string(),
      status: z.enum(['applied', 'unchanged', 'failed', 'skipped']),
      action: z.optional(z.enum(['create', 'update'])),
      /** failed: the API server's reason; skipped: the blocker or missing answer. */
      message: z.optional(z.string()),
      code: z.optional(z.number()),
      reason: z.optional(z.string()),
    }),
  ),
});
export type CopyApplyResponse = z.infer<typeof copyApplyResponse>;
