// HTTP contract of projects, collaborators and kubeconfigs: zod/mini schemas of what the routes take
// and answer, and the types derived from them. A pure module the web app imports as
// `@gatehouse/bff/contract/projects` (rules: ../contract.ts, top).
import { z } from 'zod/mini';
import { clusterParams, queryInt } from '../contract.js';
import { describeIdentity, identityProblem, isReservedIdentity } from '../identity.js';

// --- Requests ---

const dnsLabel = z
  .string()
  .check(
    z.maxLength(63),
    z.regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
      'must be a DNS label: lower case letters, digits and -',
    ),
  );
/** Access levels and custom ClusterRole names (which may hold ':'). */
const level = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(253),
    z.regex(/^[A-Za-z0-9:._-]+$/, 'a level or ClusterRole name'),
  );

const notReserved = z.refine<string>(
  (n: string) => !isReservedIdentity(n),
  'names starting with system: are reserved',
);

// Refused as the security notes ask: nobody invites an IdP name into the system: space. Never
// trimmed: a name with invisible or edge characters is refused (see ../identity.ts).
const subjectName = z.string().check(
  z.minLength(1),
  z.maxLength(256),
  z.superRefine((n: string, ctx) => {
    const problem = identityProblem(n);
    if (problem)
      ctx.addIssue({ code: 'custom', message: `the name ${describeIdentity(n)} ${problem}` });
  }),
  z.regex(/^[^\s/]+$/, 'no spaces or slashes'),
  notReserved,
);

export const collaboratorKind = z.enum(['User', 'Group']);
export type CollaboratorKind = z.infer<typeof collaboratorKind>;

/** A subject to invite or change: a name the checks above accept. */
export const subjectSchema = z.strictObject({ kind: collaboratorKind, name: subjectName });

// Removing only matches bindings that exist, so a name with unusual characters that got in some
// other way (kubectl) can still be taken away; it is never trimmed either.
const existingSubject = z.strictObject({
  kind: collaboratorKind,
  name: z.string().check(z.minLength(1), z.maxLength(256), notReserved),
});

export { clusterParams };
export const projectParams = z.extend(clusterParams, { project: dnsLabel });
export const namespaceParams = z.extend(projectParams, { namespace: dnsLabel });
export const revokeParams = z.extend(clusterParams, {
  id: z.string().check(z.minLength(1), z.maxLength(253)),
});

/** POST /api/clusters/:cluster/projects */
export const createProjectBody = z
  .strictObject({
    name: dnsLabel,
    namespaces: z.array(dnsLabel).check(z.minLength(1), z.maxLength(20)),
  })
  .check(
    z.refine(
      (b: { namespaces: string[] }) => new Set(b.namespaces).size === b.namespaces.length,
      'a namespace is named twice',
    ),
  );
export type CreateProjectRequest = z.infer<typeof createProjectBody>;

/** POST /api/clusters/:cluster/projects/:project/collaborators */
export const inviteBody = z.strictObject({
  subjects: z.array(subjectSchema).check(z.minLength(1), z.maxLength(50)),
  level,
  expiresAt: z.optional(z.iso.datetime({ offset: true })),
});
export type InviteRequest = z.infer<typeof inviteBody>;

/** POST /api/clusters/:cluster/projects/:project/collaborators/level */
export const changeLevelBody = z.strictObject({ subject: subjectSchema, level });
export type ChangeLevelRequest = z.infer<typeof changeLevelBody>;

/** POST /api/clusters/:cluster/projects/:project/collaborators/remove */
export const removeBody = z.strictObject({ subject: existingSubject });
export type RemoveCollaboratorRequest = z.infer<typeof removeBody>;

/** POST /api/clusters/:cluster/projects/:project/delete (typed confirmation) */
export const deleteProjectBody = z.strictObject({ confirm: z.string().check(z.maxLength(63)) });
export type DeleteProjectRequest = z.infer<typeof deleteProjectBody>;

/** GET /api/clusters/:cluster/kubeconfig: a YAML file (application/yaml), not JSON. */
export const kubeconfigQuery = z.strictObject({
  /** Without a project: a file for the namespace alone, at `level` (see kubeconfig/namespace.ts). */
  project: z.optional(dnsLabel),
  namespace: z.optional(dnsLabel),
  level: z.optional(level),
  expirationSeconds: z.optional(queryInt(600)),
});

/** GET /api/clusters/:cluster/kubeconfig/info?project= or ?namespace= */
export const kubeconfigInfoQuery = z
  .strictObject({ project: z.optional(dnsLabel), namespace: z.optional(dnsLabel) })
  .check(
    z.refine(
      (q: { project?: string; namespace?: string }) =>
        (q.project === undefined) !== (q.namespace === undefined),
      'a project or a namespace',
    ),
  );

// --- Responses ---

export const collaboratorSubject = z.object({ kind: collaboratorKind, name: z.string() });
export type CollaboratorSubject = z.infer<typeof collaboratorSubject>;

/** An access level offered when inviting: a name people use, realised by a ClusterRole. */
export const accessLevel = z.object({
  name: z.string(),
  clusterRole: z.string(),
  description: z.string(),
});
export type AccessLevel = z.infer<typeof accessLevel>;

export const collaborator = z.object({
  subject: collaboratorSubject,
  /** A configured level name, or the ClusterRole's name for a custom role. */
  level: z.string(),
  clusterRole: z.string(),
  /** Namespaces of the project where a RoleBinding grants this level. */
  namespaces: z.array(z.string()),
  /** Bound in every namespace of the project. */
  complete: z.boolean(),
  invitedBy: z.optional(z.string()),
  invitedAt: z.optional(z.string()),
  /** ISO time after which Gatehouse removes the access. */
  expiresAt: z.optional(z.string()),
  bindings: z.array(z.object({ namespace: z.string(), name: z.string() })),
});
export type Collaborator = z.infer<typeof collaborator>;

export const projectSummary = z.object({
  name: z.string(),
  /** Namespaces that claim the project and that its record (on the home namespace) lists. */
  namespaces: z.array(z.string()),
  /**
   * Namespaces labelled with the project that its record does not list: anyone who may update a
   * namespace can label it, so these are shown and never invited into, issued for or deleted.
   */
  unverifiedNamespaces: z.optional(z.array(z.string())),
  /** The signed-in user's levels in the project (through them or their groups). */
  myLevels: z.array(z.string()),
});
export type ProjectSummary = z.infer<typeof projectSummary>;

/** GET /api/clusters/:cluster/projects */
export const projectsResponse = z.object({
  projects: z.array(projectSummary),
  /** Whether the user may create namespaces, hence projects. */
  canCreate: z.boolean(),
});
export type ProjectsResponse = z.infer<typeof projectsResponse>;

/** GET /api/clusters/:cluster/projects/:project */
export const projectDetail = z.extend(projectSummary, {
  collaborators: z.array(collaborator),
  levels: z.array(accessLevel),
  /** Levels the user's own permissions cover in every namespace (predicted with packages/policy). */
  grantableLevels: z.array(z.string()),
  unverifiedNamespaces: z.array(z.string()),
  /** May create and delete RoleBindings in every namespace of the project. */
  canManage: z.boolean(),
  canDelete: z.boolean(),
  /** May change the project's record (update its home namespace): add, verify and remove namespaces. */
  canEditNamespaces: z.boolean(),
  /** Page to send people to for their own kubeconfig; carries no secret. */
  kubeconfigLink: z.string(),
});
export type ProjectDetail = z.infer<typeof projectDetail>;

export const stepOp = z.enum(['create', 'update', 'delete']);
export type StepOp = z.infer<typeof stepOp>;

export const changeStepReport = z.object({
  op: stepOp,
  kind: z.enum(['RoleBinding', 'ClusterRoleBinding', 'Namespace']),
  namespace: z.optional(z.string()),
  name: z.string(),
  description: z.string(),
  status: z.enum(['done', 'failed', 'rolled-back', 'rollback-failed', 'not-run']),
  error: z.optional(z.string()),
});
export type ChangeStepReport = z.infer<typeof changeStepReport>;

/**
 * What a multi-step change did: all of it, none of it (rolled back), or, if a rollback failed, which
 * parts remain. The answer of every project change, and the `details` of its error when one failed.
 */
export const changeReport = z.object({
  outcome: z.enum(['completed', 'rolled-back', 'partial']),
  message: z.string(),
  steps: z.array(changeStepReport),
  /** Present after an invitation: the link to send. */
  kubeconfigLink: z.optional(z.string()),
  /** After a removal or a deleted project: kubeconfig files revoked because their membership ended. */
  revokedKubeconfigs: z.optional(z.array(z.string())),
});
export type ChangeReport = z.infer<typeof changeReport>;

export const issuedKubeconfig = z.object({
  id: z.string(),
  cluster: z.string(),
  project: z.string(),
  namespace: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['active', 'expired']),
});
export type IssuedKubeconfig = z.infer<typeof issuedKubeconfig>;

const clusterErrors = z.array(z.object({ cluster: z.string(), message: z.string() }));

/** GET /api/kubeconfigs */
export const kubeconfigsResponse = z.object({
  kubeconfigs: z.array(issuedKubeconfig),
  /** Clusters where listing failed, with why. */
  errors: clusterErrors,
});
export type KubeconfigsResponse = z.infer<typeof kubeconfigsResponse>;

/** POST /api/kubeconfigs/revoke-all, POST /api/kubeconfigs/:cluster/:id/revoke */
export const revokeResponse = z.object({
  revoked: z.array(z.string()),
  /** Revoke-all only: clusters where revoking failed (unreachable, refused), with why; the rest were revoked. */
  errors: clusterErrors,
  /**
   * Revoke-all only: the person's kubeconfig identities (`cluster/ServiceAccount`) deleted because no
   * file of theirs was left, with the bindings made for them alone.
   */
  identities: z.optional(z.array(z.string())),
});
export type RevokeResponse = z.infer<typeof revokeResponse>;

/** GET /api/clusters/:cluster/kubeconfig/info — what the download page shows before downloading. */
export const kubeconfigInfo = z.object({
  cluster: z.string(),
  /** '' for a namespace file (…/kubeconfig/info?namespace=): `namespaces` is that one namespace. */
  project: z.string(),
  namespaces: z.array(z.string()),
  mode: z.enum(['token', 'oidc']),
  /** Token lifetime the file will have, seconds. */
  tokenSeconds: z.number(),
  maxTokenSeconds: z.number(),
  contextName: z.string(),
  myLevels: z.array(z.string()),
  /** Whether the cluster serves SelfSubjectReview, which `kubectl auth whoami` needs (1.27 on). */
  whoami: z.boolean(),
});
export type KubeconfigInfo = z.infer<typeof kubeconfigInfo>;
