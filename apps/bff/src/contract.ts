// The BFF's HTTP contract, once: zod schemas of what each /api route takes and answers, and the types
// derived from them (z.infer). Both sides import it: the route table (./routes.ts) parses requests
// with these schemas and its handlers must return the response types; the web app parses answers
// with the very same schemas (`@gatehouse/bff/contract`, `@gatehouse/bff/contract/<area>` for
// `src/<area>/contract.ts`, e.g. `@gatehouse/bff/contract/analysis` or `…/contract/fleet/clusters`).
//
// Rules for every contract module (this one, analysis/, projects/, fleet/*/):
// - Pure: it imports only `zod/mini`, `@gatehouse/policy` (types, or pure functions) and other pure
//   modules (contract modules, ./identity.ts) — no server code — because the browser bundles it. test/contract.test.ts checks.
// - `zod/mini`, not classic `zod`: the web parses /api/session before first render, and classic's
//   methods pull the whole library into the first load (measured in the repository README,
//   "Development: the HTTP contract", which also says how to add a route).
// - Request schemas validate (they are the BFF's input checks); response schemas describe, without
//   refinements, and are not strict (an older web app ignores a field it does not know yet).
// - A route in ./routes.ts names its `params` (iff its path has any), `query` (GET) or `body`
//   (POST) and its `response`; test/contract.test.ts checks each route has them and walks every
//   route against a devcluster (add a step there), and every test's Browser checks each /api answer.
import { z } from 'zod/mini';

export type * from './projects/contract.js';

// --- Shared pieces ---

/** Kubernetes RBAC shapes as @gatehouse/policy types them (null where the API server may send it). */
export const policyRule = z.object({
  verbs: z.array(z.string()),
  apiGroups: z.nullish(z.array(z.string())),
  resources: z.nullish(z.array(z.string())),
  resourceNames: z.nullish(z.array(z.string())),
  nonResourceURLs: z.nullish(z.array(z.string())),
});
export type PolicyRule = z.infer<typeof policyRule>;

export const subject = z.object({
  kind: z.string(),
  apiGroup: z.optional(z.string()),
  name: z.string(),
  namespace: z.optional(z.string()),
});
export type Subject = z.infer<typeof subject>;

export const roleRef = z.object({ apiGroup: z.string(), kind: z.string(), name: z.string() });
export type RoleRef = z.infer<typeof roleRef>;

/** An integer in a query string (which carries only text), within bounds. */
export const queryInt = (min: number, max?: number) =>
  z.pipe(
    z.coerce.number(),
    max === undefined
      ? z.int().check(z.minimum(min))
      : z.int().check(z.minimum(min), z.maximum(max)),
  );

/** For a route that takes no query or body: anything sent is ignored (not refused), as before. */
export const noInput = z.object({});

/** For a route that answers without a JSON body (204, a redirect, a file): the test checks the status. */
export const noJson = z.undefined();

// --- Errors ---

export const authMode = z.enum(['oidc', 'token', 'demo']);
export type AuthMode = z.infer<typeof authMode>;

/** Every error outside /k8s. `reason` is the Kubernetes reason when a cluster gave one. */
export const apiErrorBody = z.object({
  error: z.object({
    message: z.string(),
    reason: z.optional(z.string()),
    code: z.number(),
    details: z.optional(z.unknown()),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;

/** Errors under /k8s: Kubernetes `Status`, passed through from the cluster or made by the BFF. */
export const kubeStatus = z.object({
  kind: z.literal('Status'),
  apiVersion: z.literal('v1'),
  metadata: z.record(z.string(), z.never()),
  status: z.literal('Failure'),
  message: z.string(),
  reason: z.string(),
  code: z.number(),
  details: z.optional(
    z.object({
      name: z.optional(z.string()),
      group: z.optional(z.string()),
      kind: z.optional(z.string()),
    }),
  ),
});
export type KubeStatus = z.infer<typeof kubeStatus>;

// --- Sign-in and session ---

export const clusterRef = z.object({ id: z.string(), name: z.string() });
export type ClusterRef = z.infer<typeof clusterRef>;

/** GET /api/auth/config */
export const authConfigResponse = z.object({
  modes: z.array(authMode),
  demoUsers: z.array(z.object({ name: z.string(), description: z.string() })),
  csrfToken: z.string(),
  clusters: z.array(clusterRef),
});
export type AuthConfigResponse = z.infer<typeof authConfigResponse>;

/** POST /api/auth/demo */
export const demoSignInRequest = z.strictObject({
  user: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type DemoSignInRequest = z.infer<typeof demoSignInRequest>;

/** POST /api/auth/token */
export const tokenSignInRequest = z.strictObject({
  token: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(16_384),
      z.regex(/^[\x21-\x7e]+$/, 'a bearer token is printable ASCII'),
    ),
  cluster: z.optional(z.string().check(z.maxLength(63))),
});
export type TokenSignInRequest = z.infer<typeof tokenSignInRequest>;

/** GET /api/auth/oidc/login?returnTo= — only a local path: never another origin, `//host` or backslash tricks. */
export const oidcLoginQuery = z.strictObject({
  returnTo: z._default(
    z
      .string()
      .check(
        z.maxLength(2048),
        z.regex(/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/, 'must be a path on this site'),
      ),
    '/',
  ),
});

/** GET /api/auth/oidc/callback: the IdP's answer (code, state, …), read by openid-client from the URL. */
export const oidcCallbackQuery = z.looseObject({});

export const userInfo = z.object({ name: z.string(), groups: z.array(z.string()) });
export type UserInfo = z.infer<typeof userInfo>;

/** Rules from a SelfSubjectRulesReview made as the user. */
export const ruleSet = z.object({
  resourceRules: z.array(policyRule),
  nonResourceRules: z.array(policyRule),
  incomplete: z.boolean(),
  evaluationError: z.optional(z.string()),
});
export type RuleSet = z.infer<typeof ruleSet>;

export const namespaceCapabilities = z.object({
  name: z.string(),
  /** The project the namespace verifiably belongs to (its record lists it, not the label alone). */
  project: z.optional(z.string()),
  /** The namespace's own rules review: the cluster-wide rules plus those of the person's RoleBindings there. */
  rules: ruleSet,
});
export type NamespaceCapabilities = z.infer<typeof namespaceCapabilities>;

/**
 * What the person may do on one cluster, in a size that grows with their own bindings only: the
 * cluster-wide rules once, an entry for each namespace where a RoleBinding of theirs adds rules, and
 * the number of namespaces they may see. Every other namespace holds exactly the cluster-wide rules;
 * GET /api/clusters/:cluster/namespaces finds them by name.
 */
export const clusterCapabilities = z.object({
  /** Rules that hold in every namespace and for cluster-scoped resources. */
  cluster: ruleSet,
  /** Namespaces with rules of their own (a RoleBinding naming the person or a group of theirs), sorted by name. */
  namespaces: z.array(namespaceCapabilities),
  /**
   * How many namespaces the person may see, those listed included: all of them when they may list
   * namespaces, else the ones listed.
   */
  namespaceCount: z.number(),
});
export type ClusterCapabilities = z.infer<typeof clusterCapabilities>;

/** GET /api/session */
export const sessionResponse = z.object({
  user: userInfo,
  authMode,
  csrfToken: z.string(),
  clusters: z.array(z.extend(clusterRef, { capabilities: clusterCapabilities })),
});
export type SessionResponse = z.infer<typeof sessionResponse>;

// --- Health and clusters ---

export const credentialState = z.enum(['ok', 'rejected', 'unavailable', 'unreachable', 'unknown']);
export type CredentialState = z.infer<typeof credentialState>;

/** GET /api/healthz (no session needed) */
export const healthResponse = z.object({
  status: z.literal('ok'),
  /** Where the clusters come from. */
  mode: z.enum(['embedded', 'kubeconfig', 'in-cluster']),
  /** Each cluster and whether the BFF's own credentials were accepted at the last check. */
  clusters: z.array(
    z.object({ id: z.string(), credentials: credentialState, checkedAt: z.optional(z.string()) }),
  ),
});
export type HealthResponse = z.infer<typeof healthResponse>;

/** GET /api/livez: the process answers. */
export const liveResponse = z.object({ status: z.literal('ok') });

/** GET /api/readyz (no session needed): 200 when this replica can take traffic, else 503. */
export const readyResponse = z.object({
  status: z.enum(['ready', 'not-ready']),
  replica: z.string(),
  /** Where console state lives: the data directory, or gatehouse-system of the home cluster. */
  store: z.enum(['dir', 'cluster']),
  /** The replica holding the sweeper Lease as last seen ('' when none), with the cluster store. */
  sweeper: z.optional(z.string()),
  /** What does not work right now; with status ready, what runs degraded. */
  problems: z.array(z.string()),
});
export type ReadyResponse = z.infer<typeof readyResponse>;

/** GET /api/clusters */
export const clustersResponse = z.array(
  z.extend(clusterRef, {
    server: z.string(),
    /** The cluster's labels (config clusterLabels), which placements select clusters by. */
    labels: z.record(z.string(), z.string()),
    /** The cluster holding fleet objects (AccessPolicies). */
    home: z.boolean(),
    healthy: z.boolean(),
    version: z.optional(z.string()),
    error: z.optional(z.string()),
    /** `rejected`: the cluster refused the BFF's credentials; `unavailable`: the BFF could not get any. */
    credentials: credentialState,
    /** The BFF's user name there (from SelfSubjectReview, where served). */
    identity: z.optional(z.string()),
    credentialsProblem: z.optional(z.string()),
  }),
);
export type ClustersResponse = z.infer<typeof clustersResponse>;

/** A route's `:cluster` (and nothing else). */
export const clusterParams = z.object({
  cluster: z.string().check(z.minLength(1), z.maxLength(63)),
});

// --- Namespace search ---

/** GET /api/clusters/:cluster/namespaces?q=&limit= */
export const namespaceSearchQuery = z.strictObject({
  /** Part of the namespace's name, any case; empty: every namespace. */
  q: z._default(z.string().check(z.maxLength(63)), ''),
  limit: z._default(queryInt(1, 200), 50),
});
export type NamespaceSearchQuery = z.output<typeof namespaceSearchQuery>;

export const namespaceMatch = z.object({
  name: z.string(),
  /** The project the namespace verifiably belongs to. */
  project: z.optional(z.string()),
  /** A RoleBinding there names the person (or a group of theirs): it is in the session's entries. */
  own: z.boolean(),
});
export type NamespaceMatch = z.infer<typeof namespaceMatch>;

/**
 * The namespaces the person may see (all when they may list namespaces, else those where a
 * RoleBinding names them) whose name holds `q`: their own first, then names starting with `q`, then
 * by name; at most `limit`, and how many matched in all.
 */
export const namespaceSearchResponse = z.object({
  namespaces: z.array(namespaceMatch),
  total: z.number(),
});
export type NamespaceSearchResponse = z.infer<typeof namespaceSearchResponse>;

// --- Audit log ---

/**
 * How an attempt ended: `success`; `denied` by authorization (the cluster's, or the BFF's own CSRF,
 * allowlist, visibility and grant checks); `rejected` as invalid input; `failure` when something
 * broke (the cluster unreachable, a redirect, an internal error).
 */
export const auditStatuses = ['success', 'denied', 'rejected', 'failure'] as const;
export const auditStatus = z.enum(auditStatuses);
export type AuditStatus = z.infer<typeof auditStatus>;

/** The resources the audit log can be filtered by. */
export const auditResources = [
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'namespaces',
  'serviceaccounts',
  'secrets',
] as const;

/** What the audit log keeps of an RBAC object: its name and what it grants. */
export const rbacObjectSnapshot = z.looseObject({
  kind: z.string(),
  name: z.string(),
  namespace: z.optional(z.string()),
  labels: z.optional(z.record(z.string(), z.string())),
  annotations: z.optional(z.record(z.string(), z.string())),
  resourceVersion: z.optional(z.string()),
  rules: z.optional(z.array(z.unknown())),
  aggregationRule: z.optional(z.unknown()),
  roleRef: z.optional(z.unknown()),
  subjects: z.optional(z.array(z.unknown())),
});
export type RbacObjectSnapshot = z.infer<typeof rbacObjectSnapshot>;

/**
 * `before` null: the object did not exist (a create); `after` null: it is gone (a delete). A side
 * is absent when it could not be read. `truncated`: too large to keep, nothing recorded.
 */
export const auditChange = z.object({
  before: z.optional(z.nullable(rbacObjectSnapshot)),
  after: z.optional(z.nullable(rbacObjectSnapshot)),
  truncated: z.optional(z.boolean()),
});
export type AuditChange = z.infer<typeof auditChange>;

/** One line of the audit log: one per attempt, allowed or not. */
export const auditEntry = z.object({
  time: z.string(),
  requestId: z.string(),
  /** The person, as signed in; empty for an attempt without a session (a failed sign-in). */
  user: z.string(),
  groups: z.array(z.string()),
  /** `controller`: the BFF's own expiry sweep, acting as gatehouse-controller with no person behind it. */
  authMode: z.enum(['oidc', 'token', 'demo', 'controller', 'none']),
  /** The client address (after --trust-proxy hops). */
  sourceIp: z.optional(z.string()),
  /** Which BFF replica recorded it (host name). */
  replica: z.optional(z.string()),
  /** Absent for sign-in and sign-out. */
  cluster: z.optional(z.string()),
  verb: z.string(),
  apiGroup: z.optional(z.string()),
  resource: z.optional(z.string()),
  subresource: z.optional(z.string()),
  namespace: z.optional(z.string()),
  name: z.optional(z.string()),
  /** The change was only checked (`dryRun=All`), nothing was stored. */
  dryRun: z.optional(z.boolean()),
  /** Set on the steps that undo a multi-step change that failed, and on its final record. */
  rollback: z.optional(z.boolean()),
  /** The HTTP route, for attempts the BFF refused before any cluster call. */
  path: z.optional(z.string()),
  outcome: z.object({
    code: z.number(),
    status: auditStatus,
    reason: z.optional(z.string()),
    message: z.optional(z.string()),
  }),
  /** For a successful write of one RBAC object: the object before and after, for a diff. */
  change: z.optional(auditChange),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** GET /api/audit?limit=N&cluster=ID&… */
export const auditQuery = z.strictObject({
  limit: z._default(queryInt(1, 1000), 100),
  cluster: z.optional(z.string().check(z.maxLength(63))),
  /** Part of the person's name, any case. */
  user: z.optional(z.string().check(z.maxLength(256))),
  resource: z.optional(z.enum(auditResources)),
  namespace: z.optional(z.string().check(z.maxLength(63))),
  /** Part of the object's name, any case. */
  name: z.optional(z.string().check(z.maxLength(253))),
  status: z.optional(auditStatus),
  since: z.optional(z.iso.datetime({ offset: true })),
  until: z.optional(z.iso.datetime({ offset: true })),
});
export type AuditQuery = z.output<typeof auditQuery>;

export const auditResponse = z.object({
  entries: z.array(auditEntry),
  /**
   * Where this replica read them: its audit file, or (without one) the records it wrote itself
   * since it started. The durable copy of every replica's records is in the cluster's logs.
   */
  source: z.enum(['file', 'memory']),
  replica: z.string(),
});
export type AuditResponse = z.infer<typeof auditResponse>;
