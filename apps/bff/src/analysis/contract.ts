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
  /** Users only: also take the groups of their last sign-in to Gatehouse ("true"). */
  signInGroups?: boolean;
}

/** The user's last sign-in to Gatehouse, as recorded. */
export interface SignInSeen {
  /** ISO time. */
  at: string;
  authMode: 'oidc' | 'token' | 'demo';
  issuer?: string;
  /** Token and demo sign-ins: the cluster whose authenticator named the groups. */
  cluster?: string;
  /** As the authenticator gave them. */
  groups: string[];
}

/**
 * Where a User's groups came from. Kubernetes keeps no list of a user's groups: the authenticator
 * supplies them on each request, so Gatehouse can only know what was typed and what it saw at sign-in.
 */
export interface GroupSources {
  /** What the person asking typed. */
  typed: string[];
  /** Added as the API server adds them for every authenticated user (system:authenticated). */
  implied: string[];
  /**
   * `none`: no sign-in recorded. `hidden`: the person asking may not see recorded groups (see the
   * BFF README, "Sign-in groups"). `seen`: the record, with whether its groups were used.
   */
  signIn:
    | { status: 'none' }
    | { status: 'hidden' }
    | ({ status: 'seen'; used: boolean; otherCluster: boolean } & SignInSeen);
  /** Groups named in bindings that the user may belong to, not in `user.groups`: candidates, not facts. */
  candidates: string[];
  /** False when neither typed nor recorded groups were used: results may miss group access. */
  known: boolean;
}

/** The identity the API server sees for a subject. */
export interface AnalysedUser {
  name: string;
  groups: string[];
}

/** GET /api/clusters/:cluster/access/check */
export interface AccessCheckResponse {
  user: AnalysedUser;
  /** Users only. */
  groupSources?: GroupSources;
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
  /**
   * For each Group in the answer: the people whose last sign-in to Gatehouse carried it (at most 50,
   * with the total). Absent when the person asking may not see recorded groups, when no Group is in
   * the answer, or when the records could not be read.
   */
  signedInMembers?: Record<string, { users: string[]; total: number }>;
}

export interface MatrixResourceType {
  apiGroup: string;
  resource: string;
  namespaced: boolean;
}

/** GET /api/clusters/:cluster/access/matrix: bit i of a mask = verbs[i]; one mask per resource type. */
export interface AccessMatrixResponse {
  user: AnalysedUser;
  /** Users only. */
  groupSources?: GroupSources;
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
  /** Users only. */
  groupSources?: GroupSources;
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

/** One proposed write. */
export interface ImpactChange {
  operation: 'create' | 'update' | 'delete';
  object: Record<string, unknown>;
}

/** POST /api/clusters/:cluster/access/impact: one write, or several applied in order as one change. */
export type ImpactRequest = ImpactChange | { changes: ImpactChange[] };

/**
 * The groups a User was analysed with: system:authenticated always; `session` = the person asking,
 * with their own groups; `sign-in` = the groups of their last sign-in to Gatehouse; `none` = no sign-in
 * recorded and `hidden` = the person asking may not see recorded groups (groups unknown: a loss
 * shown may still be held through a group).
 */
export interface UserGroups {
  groups: string[];
  source: 'session' | 'sign-in' | 'none' | 'hidden';
  /** ISO time of the sign-in, for `sign-in`. */
  at?: string;
}

/**
 * The change's impact; for Groups, the people seen in them at sign-in, as in who-can; for Users,
 * the groups they were analysed with.
 */
export type ImpactResponse = ChangeImpact & {
  userGroups: Record<string, UserGroups>;
  signedInMembers?: Record<string, { users: string[]; total: number }>;
};

export type { Subject };

/** A binding that names a directory entry. */
export interface DirectoryBinding {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  namespace?: string;
  roleRef: RoleRef;
}

/** One subject of the directory: named in a binding the person asking may list, or seen at sign-in. */
export interface DirectoryEntry {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  /** ServiceAccounts only. */
  namespace?: string;
  /** Where Gatehouse knows it from. */
  sources: Array<'binding' | 'sign-in'>;
  /** The first bindings naming it (kind, namespace, name order); `bindingCount` counts them all. */
  bindings: DirectoryBinding[];
  bindingCount: number;
  /** Users and ServiceAccounts: their last sign-in to Gatehouse, when the person asking may see it. */
  lastSignIn?: SignInSeen;
  /** Groups: the people whose last sign-in carried it, for those who may see everyone's sign-ins. */
  members?: { users: string[]; total: number };
}

/** GET /api/clusters/:cluster/access/subjects */
export interface SubjectDirectoryResponse {
  /** Matching entries, name prefix matches first, at most `limit`. */
  entries: DirectoryEntry[];
  /** Entries matching the filters, before `limit`. */
  total: number;
  /** True when some bindings could not be read: subjects named only there are not listed. */
  partial: boolean;
  /** Whose sign-ins are shown: everyone's, or only the person asking's own. */
  signIns: 'all' | 'own';
}
