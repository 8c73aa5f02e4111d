// HTTP contract of projects, collaborators and kubeconfigs (re-exported by ../contract.ts).

export type CollaboratorKind = 'User' | 'Group';

export interface CollaboratorSubject {
  kind: CollaboratorKind;
  name: string;
}

/** An access level offered when inviting: a name people use, realised by a ClusterRole. */
export interface AccessLevel {
  name: string;
  clusterRole: string;
  description: string;
}

export interface Collaborator {
  subject: CollaboratorSubject;
  /** A configured level name, or the ClusterRole's name for a custom role. */
  level: string;
  clusterRole: string;
  /** Namespaces of the project where a RoleBinding grants this level. */
  namespaces: string[];
  /** Bound in every namespace of the project. */
  complete: boolean;
  invitedBy?: string;
  invitedAt?: string;
  /** ISO time after which Gatehouse removes the access. */
  expiresAt?: string;
  bindings: Array<{ namespace: string; name: string }>;
}

export interface ProjectSummary {
  name: string;
  /** Namespaces that claim the project and that its record (on the home namespace) lists. */
  namespaces: string[];
  /**
   * Namespaces labelled with the project that its record does not list: anyone who may update a
   * namespace can label it, so these are shown and never invited into, issued for or deleted.
   */
  unverifiedNamespaces?: string[];
  /** The signed-in user's levels in the project (through them or their groups). */
  myLevels: string[];
}

export interface ProjectsResponse {
  projects: ProjectSummary[];
  /** Whether the user may create namespaces, hence projects. */
  canCreate: boolean;
}

export interface ProjectDetail extends ProjectSummary {
  collaborators: Collaborator[];
  levels: AccessLevel[];
  /** Levels the user's own permissions cover in every namespace (predicted with packages/policy). */
  grantableLevels: string[];
  unverifiedNamespaces: string[];
  /** May create and delete RoleBindings in every namespace of the project. */
  canManage: boolean;
  canDelete: boolean;
  /** May change the project's record (update its home namespace): add, verify and remove namespaces. */
  canEditNamespaces: boolean;
  /** Page to send people to for their own kubeconfig; carries no secret. */
  kubeconfigLink: string;
}

/** POST /api/clusters/:cluster/projects */
export interface CreateProjectRequest {
  name: string;
  namespaces: string[];
}

/** POST /api/clusters/:cluster/projects/:project/collaborators */
export interface InviteRequest {
  subjects: CollaboratorSubject[];
  level: string;
  expiresAt?: string;
}

/** POST /api/clusters/:cluster/projects/:project/collaborators/level */
export interface ChangeLevelRequest {
  subject: CollaboratorSubject;
  level: string;
}

/** POST /api/clusters/:cluster/projects/:project/collaborators/remove */
export interface RemoveCollaboratorRequest {
  subject: CollaboratorSubject;
}

/** POST /api/clusters/:cluster/projects/:project/delete (typed confirmation) */
export interface DeleteProjectRequest {
  confirm: string;
}

export type StepOp = 'create' | 'update' | 'delete';

export interface ChangeStepReport {
  op: StepOp;
  kind: 'RoleBinding' | 'Namespace';
  namespace?: string;
  name: string;
  description: string;
  status: 'done' | 'failed' | 'rolled-back' | 'rollback-failed' | 'not-run';
  error?: string;
}

/** What a multi-step change did: all of it, none of it (rolled back), or, if a rollback failed, which parts remain. */
export interface ChangeReport {
  outcome: 'completed' | 'rolled-back' | 'partial';
  message: string;
  steps: ChangeStepReport[];
  /** Present after an invitation: the link to send. */
  kubeconfigLink?: string;
  /** After a removal or a deleted project: kubeconfig files revoked because their membership ended. */
  revokedKubeconfigs?: string[];
}

export interface IssuedKubeconfig {
  id: string;
  cluster: string;
  project: string;
  namespace: string;
  issuedAt: string;
  expiresAt: string;
  status: 'active' | 'expired';
}

/** GET /api/kubeconfigs */
export interface KubeconfigsResponse {
  kubeconfigs: IssuedKubeconfig[];
  /** Clusters where listing failed, with why. */
  errors: Array<{ cluster: string; message: string }>;
}

/** POST /api/kubeconfigs/revoke-all, POST /api/kubeconfigs/:cluster/:id/revoke */
export interface RevokeResponse {
  revoked: string[];
  /** Revoke-all only: clusters where revoking failed (unreachable, refused), with why; the rest were revoked. */
  errors: Array<{ cluster: string; message: string }>;
  /**
   * Revoke-all only: the person's kubeconfig identities (`cluster/ServiceAccount`) deleted because no
   * file of theirs was left, with the bindings made for them alone.
   */
  identities?: string[];
}

/** GET /api/clusters/:cluster/kubeconfig/info?project= — what the download page shows before downloading. */
export interface KubeconfigInfo {
  cluster: string;
  /** '' for a namespace file (…/kubeconfig/info?namespace=): `namespaces` is that one namespace. */
  project: string;
  namespaces: string[];
  mode: 'token' | 'oidc';
  /** Token lifetime the file will have, seconds. */
  tokenSeconds: number;
  maxTokenSeconds: number;
  contextName: string;
  myLevels: string[];
  /** Whether the cluster serves SelfSubjectReview, which `kubectl auth whoami` needs (1.27 on). */
  whoami: boolean;
}
