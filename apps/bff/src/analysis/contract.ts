// HTTP contract of access analysis (/api/clusters/:cluster/access/*); the web app imports these types only.
import type {
  AuthorizationRequest,
  ChangeImpact,
  ConsideredBinding,
  Match,
  PolicyRule,
  RbacFinding,
  RoleRef,
  Subject,
  SubjectMatch,
} from '@gatehouse/policy';

export type { ChangeImpact, RbacFinding };

/** Whose access is analysed. `Self` is the signed-in user with their own groups. */
export type SubjectKind = 'User' | 'Group' | 'ServiceAccount' | 'Self';

export interface SubjectQuery {
  subjectKind: SubjectKind;
  subjectName?: string;
  /** ServiceAccounts only. */
  subjectNamespace?: string;
  /** Users only: the groups the authenticator would give them (comma separated in the query). */
  groups?: string[];
}

/** The identity the API server sees for a subject. */
export interface AnalysedUser {
  name: string;
  groups: string[];
}

/** GET /api/clusters/:cluster/access/check */
export interface AccessCheckResponse {
  user: AnalysedUser;
  request: AuthorizationRequest;
  policy: {
    allowed: boolean;
    /** The RBAC authorizer's reason, word for word. */
    reason: string;
    explanation: string[];
    matches: Match[];
    considered: ConsideredBinding[];
    errors: string[];
    /** system:masters is allowed before RBAC is asked, as kube-apiserver's privileged-groups authorizer does. */
    privilegedGroup: boolean;
  };
  /** The API server's own SubjectAccessReview (SelfSubjectAccessReview for `Self`), made as the signed-in user. */
  apiServer:
    | {
        answered: true;
        allowed: boolean;
        denied: boolean;
        reason: string;
        evaluationError?: string;
      }
    | { answered: false; code: number; message: string };
  /** null when the API server's answer is unavailable. A false here is a bug in Gatehouse's engine. */
  agree: boolean | null;
}

/** GET /api/clusters/:cluster/access/who-can */
export interface WhoCanResponse {
  request: AuthorizationRequest;
  /** Through ClusterRoleBindings: in every namespace. */
  clusterWide: SubjectMatch[];
  /** Through RoleBindings of the request's namespace. */
  namespaced: SubjectMatch[];
  /** Groups allowed everything before RBAC is asked. */
  privilegedGroups: string[];
}

export interface MatrixResourceType {
  apiGroup: string;
  resource: string;
  namespaced: boolean;
}

/** GET /api/clusters/:cluster/access/matrix: bit i of a mask = verbs[i]; one mask per resource type. */
export interface AccessMatrixResponse {
  user: AnalysedUser;
  verbs: string[];
  resources: MatrixResourceType[];
  namespaces: Array<{ name: string; project?: string }>;
  /** What ClusterRoleBindings grant: the cluster-scoped row, and every namespace's row unless listed below. */
  clusterWide: number[];
  /** Namespaces whose RoleBindings add to the cluster-wide row. */
  namespaced: Record<string, number[]>;
}

export interface SubjectBinding {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  namespace?: string;
  roleRef: RoleRef;
  roleFound: boolean;
}

/** GET /api/clusters/:cluster/access/subject */
export interface SubjectViewResponse {
  user: AnalysedUser;
  /** Every binding with a subject entry naming this subject (for users, also their given groups). */
  bindings: SubjectBinding[];
  /** Rules held through ClusterRoleBindings, compacted. */
  clusterRules: PolicyRule[];
  /** Rules added by RoleBindings, per namespace. */
  namespaces: Array<{ namespace: string; rules: PolicyRule[] }>;
  errors: string[];
}

/** GET /api/clusters/:cluster/access/risks */
export interface RisksResponse {
  findings: RbacFinding[];
}

/** POST /api/clusters/:cluster/access/impact */
export interface ImpactRequest {
  operation: 'create' | 'update' | 'delete';
  object: Record<string, unknown>;
}

export type ImpactResponse = ChangeImpact;

export type { Subject };
