// Kubernetes RBAC objects exactly as the API server serializes them (rbac.authorization.k8s.io/v1).

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  ownerReferences?: unknown[] | null;
  finalizers?: string[] | null;
  [field: string]: unknown;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[] | null;
  resources?: string[] | null;
  resourceNames?: string[] | null;
  nonResourceURLs?: string[] | null;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

export interface AggregationRule {
  clusterRoleSelectors?: LabelSelector[] | null;
}

export interface Role {
  apiVersion?: string;
  kind?: 'Role';
  metadata: ObjectMeta;
  rules?: PolicyRule[] | null;
}

export interface ClusterRole {
  apiVersion?: string;
  kind?: 'ClusterRole';
  metadata: ObjectMeta;
  rules?: PolicyRule[] | null;
  aggregationRule?: AggregationRule | null;
}

export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

export interface RoleBinding {
  apiVersion?: string;
  kind?: 'RoleBinding';
  metadata: ObjectMeta;
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

export interface ClusterRoleBinding {
  apiVersion?: string;
  kind?: 'ClusterRoleBinding';
  metadata: ObjectMeta;
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

/** A write to one of the four RBAC kinds; `kind` tells them apart. */
export type RbacObject =
  | (Role & { kind: 'Role' })
  | (ClusterRole & { kind: 'ClusterRole' })
  | (RoleBinding & { kind: 'RoleBinding' })
  | (ClusterRoleBinding & { kind: 'ClusterRoleBinding' });

export interface RbacSnapshot {
  clusterRoles: ClusterRole[];
  roles: Role[];
  clusterRoleBindings: ClusterRoleBinding[];
  roleBindings: RoleBinding[];
}

/** The authenticated user as the authenticator produced it (groups included, e.g. system:authenticated). */
export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export interface ResourceRequest {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  name?: string;
  /** "" or absent: a cluster-scoped resource or an all-namespaces list/watch. */
  namespace?: string;
}

export interface NonResourceRequest {
  verb: string;
  path: string;
}

export type AuthorizationRequest = ResourceRequest | NonResourceRequest;

export type BindingKind = 'ClusterRoleBinding' | 'RoleBinding';

/** One binding → role → rule that allows a request. */
export interface Match {
  bindingKind: BindingKind;
  bindingName: string;
  /** The RoleBinding's namespace; "" for a ClusterRoleBinding. */
  bindingNamespace: string;
  roleKind: string;
  roleName: string;
  /** The first subject of the binding that applies to the user, as the API server reports it. */
  subject: Subject;
  ruleIndex: number;
  rule: PolicyRule;
}

/** A binding that applied to the user and was consulted for a request. */
export interface ConsideredBinding {
  bindingKind: BindingKind;
  bindingName: string;
  bindingNamespace: string;
  roleKind: string;
  roleName: string;
  subject: Subject;
  /** False when the roleRef did not resolve (missing role or unsupported kind). */
  roleFound: boolean;
}

export interface Decision {
  allowed: boolean;
  /** The RBAC authorizer's reason, word for word ("RBAC: allowed by ..." or "" / "RBAC: <errors>"). */
  reason: string;
  /** Every binding → role → rule that allows the request, in the API server's visiting order. */
  matches: Match[];
  /** Every binding that applied to the user for this request, in visiting order (shared, read-only). */
  considered: readonly ConsideredBinding[];
  /** roleRef resolution errors met while visiting, worded like the API server (shared, read-only). */
  errors: readonly string[];
}

/** authorization.k8s.io/v1 ResourceRule (empty lists omitted, as serialized). */
export interface ResourceRuleInfo {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRuleInfo {
  verbs: string[];
  nonResourceURLs: string[];
}

/** The status of a SelfSubjectRulesReview. */
export interface SubjectRules {
  resourceRules: ResourceRuleInfo[];
  nonResourceRules: NonResourceRuleInfo[];
  incomplete: boolean;
  evaluationError?: string;
}

/** A subject allowed by whoCan, with the binding and role that allow it. */
export interface SubjectMatch {
  kind: string;
  name: string;
  /** ServiceAccount namespace (defaulted from a RoleBinding's namespace); absent for users and groups. */
  namespace?: string;
  bindingKind: BindingKind;
  bindingName: string;
  bindingNamespace: string;
  roleKind: string;
  roleName: string;
  ruleIndex: number;
}

export interface WriteCheck {
  allowed: boolean;
  /** Why: the escalation error text as the API server words it, or what allowed the write. */
  reason: string;
  /** Atomic rules the user lacks (empty when allowed or when the refusal is not about rules). */
  missing: PolicyRule[];
  /** True when a binding's roleRef does not resolve: the API server answers NotFound. */
  notFound?: boolean;
}

export interface FieldError {
  /** Field path as the API server reports it, e.g. "rules[0].verbs". */
  field: string;
  /** Error body, e.g. "Required value: verbs must contain at least one value". */
  message: string;
  /** StatusCause reason, e.g. "FieldValueRequired". */
  type: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: FieldError[];
}
