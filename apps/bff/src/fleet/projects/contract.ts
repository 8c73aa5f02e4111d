// HTTP contract of fleet projects (issue 16 item 5): a project is the same-named project on several
// clusters, each cluster's record the source of truth there. Collaborator changes are planned per
// cluster and applied to every cluster of the project, all or nothing. A pure module the web app
// imports as `@gatehouse/bff/contract/fleet/projects` (rules: ../../contract.ts, top).
import { z } from 'zod/mini';
import { queryInt } from '../../contract.js';
import {
  accessLevel,
  changeReport,
  collaborator,
  dnsLabel,
  existingSubject,
  level,
  projectDetail,
  stepOp,
  subjectSchema,
} from '../../projects/contract.js';

// --- Requests ---

/** GET/POST /api/fleet/projects/:name… */
export const fleetProjectParams = z.strictObject({ name: dnsLabel });

/** One collaborator change, made on every namespace of every cluster of the project. */
export const fleetCollaboratorChange = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('invite'),
    subjects: z.array(subjectSchema).check(z.minLength(1), z.maxLength(50)),
    level,
    expiresAt: z.optional(z.iso.datetime({ offset: true })),
  }),
  z.strictObject({ kind: z.literal('change-level'), subject: subjectSchema, level }),
  z.strictObject({ kind: z.literal('remove'), subject: existingSubject }),
]);
export type FleetCollaboratorChange = z.infer<typeof fleetCollaboratorChange>;

/** POST /api/fleet/projects/:name/collaborators/plan */
export const fleetPlanBody = z.strictObject({ change: fleetCollaboratorChange });
export type FleetPlanRequest = z.infer<typeof fleetPlanBody>;

/** POST /api/fleet/projects/:name/collaborators/apply: the plan's digest, as read. */
export const fleetApplyBody = z.strictObject({
  change: fleetCollaboratorChange,
  digest: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'the digest of a plan')),
});
export type FleetApplyRequest = z.infer<typeof fleetApplyBody>;

/** GET /api/fleet/projects/:name/kubeconfig: a YAML file with one context per cluster. */
export const fleetKubeconfigQuery = z.strictObject({
  expirationSeconds: z.optional(queryInt(600)),
});

// --- Responses ---

/**
 * How the project stands on one cluster for the signed-in user: `ok` (the project as they see it),
 * `no-access` (they may not see it there; `message` is the API server's reason) or `unreachable`
 * (the cluster did not answer; `message` says why).
 */
export const clusterState = z.enum(['ok', 'no-access', 'unreachable']);
export type ClusterState = z.infer<typeof clusterState>;

export const fleetProjectOnCluster = z.object({
  cluster: z.string(),
  state: clusterState,
  message: z.optional(z.string()),
  namespaces: z.array(z.string()),
  unverifiedNamespaces: z.optional(z.array(z.string())),
  /** The person's levels there (none: not a collaborator there). */
  myLevels: z.array(z.string()),
  collaborators: z.array(collaborator),
});
export type FleetProjectOnCluster = z.infer<typeof fleetProjectOnCluster>;

export const fleetProjectSummary = z.object({
  name: z.string(),
  /** The clusters the project exists on, in the fleet's order, each as the person sees it. */
  clusters: z.array(fleetProjectOnCluster),
});
export type FleetProjectSummary = z.infer<typeof fleetProjectSummary>;

const fleetCluster = z.object({
  id: z.string(),
  name: z.string(),
  /** Whether the cluster answered; when not, `message` says why and its projects are unknown. */
  reachable: z.boolean(),
  message: z.optional(z.string()),
});

/** GET /api/fleet/projects: the projects the person sees on at least one cluster. */
export const fleetProjectsResponse = z.object({
  clusters: z.array(fleetCluster),
  projects: z.array(fleetProjectSummary),
});
export type FleetProjectsResponse = z.infer<typeof fleetProjectsResponse>;

export const fleetProjectDetailOnCluster = z.object({
  cluster: z.string(),
  state: clusterState,
  message: z.optional(z.string()),
  /** The cluster's own project detail, as GET /api/clusters/:cluster/projects/:project answers it. */
  project: z.optional(projectDetail),
});
export type FleetProjectDetailOnCluster = z.infer<typeof fleetProjectDetailOnCluster>;

/** GET /api/fleet/projects/:name */
export const fleetProjectDetail = z.object({
  name: z.string(),
  clusters: z.array(fleetProjectDetailOnCluster),
  levels: z.array(accessLevel),
  /** Clusters where the person is a collaborator: the fleet kubeconfig has a context for each. */
  kubeconfigClusters: z.array(z.string()),
  /** The fleet kubeconfig download (GET, a YAML file). */
  kubeconfigUrl: z.string(),
});
export type FleetProjectDetail = z.infer<typeof fleetProjectDetail>;

const bindingShape = z.object({
  clusterRole: z.string(),
  subjects: z.array(z.object({ kind: z.string(), name: z.string() })),
});

export const fleetPlanStep = z.object({
  op: stepOp,
  kind: z.enum(['RoleBinding', 'Namespace']),
  namespace: z.optional(z.string()),
  name: z.string(),
  description: z.string(),
  /** The diff: the binding before (update, delete) and after (create, update). */
  before: z.optional(bindingShape),
  after: z.optional(bindingShape),
});
export type FleetPlanStep = z.infer<typeof fleetPlanStep>;

/**
 * One cluster's part of a plan: `ready` (these steps), `unchanged` (already so there), `refused`
 * (the change may not be made there: `message`, with `code` and `reason` as an apply would answer),
 * `no-access` or `unreachable`.
 */
export const fleetPlanCluster = z.object({
  cluster: z.string(),
  status: z.enum(['ready', 'unchanged', 'refused', 'no-access', 'unreachable']),
  message: z.optional(z.string()),
  code: z.optional(z.number()),
  reason: z.optional(z.string()),
  steps: z.array(fleetPlanStep),
});
export type FleetPlanCluster = z.infer<typeof fleetPlanCluster>;

/** POST …/collaborators/plan, and the details of apply's 409 when the plan changed. */
export const fleetPlan = z.object({
  project: z.string(),
  /** Whether apply would run: every cluster ready or unchanged, and one at least ready. */
  applicable: z.boolean(),
  message: z.string(),
  clusters: z.array(fleetPlanCluster),
  /** What apply must be given: changes whenever any cluster's plan or what it was read from does. */
  digest: z.string(),
});
export type FleetPlan = z.infer<typeof fleetPlan>;

/** What became of one cluster's part of an applied change. */
export const fleetClusterResult = z.object({
  cluster: z.string(),
  status: z.enum(['applied', 'unchanged', 'failed', 'rolled-back', 'rollback-failed', 'not-run']),
  /** failed: the API server's reason; rolled-back: why; not-run: that it was not tried. */
  message: z.optional(z.string()),
  reason: z.optional(z.string()),
  code: z.optional(z.number()),
  /** The cluster's steps and each one's fate. */
  report: z.optional(changeReport),
});
export type FleetClusterResult = z.infer<typeof fleetClusterResult>;

/** POST …/collaborators/apply, and the details of its error when a cluster failed. */
export const fleetChangeReport = z.object({
  outcome: z.enum(['completed', 'rolled-back', 'partial']),
  message: z.string(),
  clusters: z.array(fleetClusterResult),
  /** After an invitation: the page to send the invited people to for their fleet kubeconfig. */
  kubeconfigLink: z.optional(z.string()),
});
export type FleetChangeReport = z.infer<typeof fleetChangeReport>;
