// The BFF's HTTP contract: response and request types the web app imports (`import type` only).
import type { PolicyRule } from '@gatehouse/policy';

export type { PolicyRule };
export type * from './projects/contract.js';

export type AuthMode = 'oidc' | 'token' | 'demo';

/** Every error outside /k8s. `reason` is the Kubernetes reason when a cluster gave one. */
export interface ApiErrorBody {
  error: { message: string; reason?: string; code: number; details?: unknown };
}

/** Errors under /k8s: Kubernetes `Status`, passed through from the cluster or made by the BFF. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  code: number;
  details?: { name?: string; group?: string; kind?: string };
}

export interface ClusterRef {
  id: string;
  name: string;
}

/** GET /api/auth/config */
export interface AuthConfigResponse {
  modes: AuthMode[];
  demoUsers: Array<{ name: string; description: string }>;
  csrfToken: string;
  clusters: ClusterRef[];
}

/** POST /api/auth/demo */
export interface DemoSignInRequest {
  user: string;
}

/** POST /api/auth/token */
export interface TokenSignInRequest {
  token: string;
  cluster?: string;
}

export interface UserInfo {
  name: string;
  groups: string[];
}

/** Rules from a SelfSubjectRulesReview made as the user. */
export interface RuleSet {
  resourceRules: PolicyRule[];
  nonResourceRules: PolicyRule[];
  incomplete: boolean;
  evaluationError?: string;
}

export interface NamespaceCapabilities {
  name: string;
  /** Value of the namespace's `gatehouse.dev/project` label. */
  project?: string;
  /** The namespace's own rules review; absent: exactly the cluster-wide rules (no RoleBinding of theirs there). */
  rules?: RuleSet;
}

/**
 * The namespaces are all of them when the user may list them, else those where a RoleBinding grants
 * them something. Only those with a project or rules of their own are sent as entries; the rest (in a
 * large cluster nearly all, for a cluster-wide viewer) are bare names, so the payload grows with the
 * person's own bindings and not with namespaces × cluster-wide rules.
 */
export interface ClusterCapabilities {
  /** Rules that hold in every namespace and for cluster-scoped resources. */
  cluster: RuleSet;
  /** Namespaces with a project or with rules of their own, sorted by name. */
  namespaces: NamespaceCapabilities[];
  /** Every other namespace, sorted by name: no project, and the cluster-wide rules only. */
  plainNamespaces: string[];
}

/** GET /api/session */
export interface SessionResponse {
  user: UserInfo;
  authMode: AuthMode;
  csrfToken: string;
  clusters: Array<ClusterRef & { capabilities: ClusterCapabilities }>;
}

/** GET /api/healthz (no session needed) */
export interface HealthResponse {
  status: 'ok';
  /** Where the clusters come from. */
  mode: 'embedded' | 'kubeconfig' | 'in-cluster';
  /** Each cluster and whether the BFF's own credentials were accepted at the last check. */
  clusters: Array<{ id: string; credentials: CredentialState; checkedAt?: string }>;
}

/** GET /api/readyz (no session needed): 200 when this replica can take traffic, else 503. */
export interface ReadyResponse {
  status: 'ready' | 'not-ready';
  replica: string;
  /** Where console state lives: the data directory, or gatehouse-system of the home cluster. */
  store: 'dir' | 'cluster';
  /** The replica holding the sweeper Lease as last seen ('' when none), with the cluster store. */
  sweeper?: string;
  /** What does not work right now; with status ready, what runs degraded. */
  problems: string[];
}

/** GET /api/clusters */
export type ClustersResponse = Array<
  ClusterRef & {
    server: string;
    /** The cluster's labels (config clusterLabels), which placements select clusters by. */
    labels: Record<string, string>;
    /** The cluster holding fleet objects (AccessPolicies). */
    home: boolean;
    healthy: boolean;
    version?: string;
    error?: string;
    /** `rejected`: the cluster refused the BFF's credentials; `unavailable`: the BFF could not get any. */
    credentials: CredentialState;
    /** The BFF's user name there (from SelfSubjectReview, where served). */
    identity?: string;
    credentialsProblem?: string;
  }
>;

export type CredentialState = 'ok' | 'rejected' | 'unavailable' | 'unreachable' | 'unknown';

/**
 * How an attempt ended: `success`; `denied` by authorization (the cluster's, or the BFF's own CSRF,
 * allowlist, visibility and grant checks); `rejected` as invalid input; `failure` when something
 * broke (the cluster unreachable, a redirect, an internal error).
 */
export type AuditStatus = 'success' | 'denied' | 'rejected' | 'failure';

/** One line of the audit log: one per attempt, allowed or not. */
export interface AuditEntry {
  time: string;
  requestId: string;
  /** The person, as signed in; empty for an attempt without a session (a failed sign-in). */
  user: string;
  groups: string[];
  /** `controller`: the BFF's own expiry sweep, acting as gatehouse-controller with no person behind it. */
  authMode: AuthMode | 'controller' | 'none';
  /** The client address (after --trust-proxy hops). */
  sourceIp?: string;
  /** Which BFF replica recorded it (host name). */
  replica?: string;
  /** Absent for sign-in and sign-out. */
  cluster?: string;
  verb: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** The change was only checked (`dryRun=All`), nothing was stored. */
  dryRun?: boolean;
  /** Set on the steps that undo a multi-step change that failed, and on its final record. */
  rollback?: boolean;
  /** The HTTP route, for attempts the BFF refused before any cluster call. */
  path?: string;
  outcome: { code: number; status: AuditStatus; reason?: string; message?: string };
  /** For a successful write of one RBAC object: the object before and after, for a diff. */
  change?: AuditChange;
}

/** What the audit log keeps of an RBAC object: its name and what it grants. */
export interface RbacObjectSnapshot {
  kind: string;
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  rules?: unknown[];
  aggregationRule?: unknown;
  roleRef?: unknown;
  subjects?: unknown[];
}

/**
 * `before` null: the object did not exist (a create); `after` null: it is gone (a delete). A side
 * is absent when it could not be read. `truncated`: too large to keep, nothing recorded.
 */
export interface AuditChange {
  before?: RbacObjectSnapshot | null;
  after?: RbacObjectSnapshot | null;
  truncated?: boolean;
}

/** GET /api/audit?limit=N&cluster=ID */
export interface AuditQuery {
  limit: number;
  cluster?: string;
  user?: string;
  resource?: string;
  namespace?: string;
  name?: string;
  status?: AuditStatus;
  since?: string;
  until?: string;
}

export interface AuditResponse {
  entries: AuditEntry[];
  /**
   * Where this replica read them: its audit file, or (without one) the records it wrote itself
   * since it started. The durable copy of every replica's records is in the cluster's logs.
   */
  source: 'file' | 'memory';
  replica: string;
}
