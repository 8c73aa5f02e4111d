// HTTP contract of access analysis (/api/clusters/:cluster/access/*): zod/mini schemas of the
// queries and bodies the routes take and of what they answer, and the types derived from them. A pure
// module the web app imports as `@gatehouse/bff/contract/analysis` (rules: ../contract.ts, top).
import type { AuthorizationRequest, ChangeImpact, RbacFinding } from '@gatehouse/policy';
import { z } from 'zod/mini';
import { authMode, policyRule, queryInt, roleRef, subject } from '../contract.js';

export type { ChangeImpact, RbacFinding };
export type { Subject } from '../contract.js';

// --- Requests ---

const name = z.string().check(z.minLength(1), z.maxLength(253));
const namespace = z
  .string()
  .check(
    z.maxLength(63),
    z.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$|^$/, 'must be a namespace name'),
  );

/** Whose access is analysed. `Self` is the signed-in user with their own groups. */
export const subjectKind = z.enum(['User', 'Group', 'ServiceAccount', 'Self']);
export type SubjectKind = z.infer<typeof subjectKind>;

/** The subject fields of a query (fleet routes take them too). */
export const subjectFields = {
  subjectKind,
  subjectName: z.optional(name),
  /** ServiceAccounts only. */
  subjectNamespace: z.optional(namespace),
  /** Users only: the groups the authenticator would give them, comma separated. */
  groups: z.pipe(
    z.optional(z.string().check(z.maxLength(8192))),
    z.transform((s: string | undefined) =>
      (s ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  ),
  /** Users only: also analyse with the groups of their last sign-in to Gatehouse. */
  signInGroups: z.optional(z.enum(['true', 'false'])),
};

/** The request fields of a query (fleet routes take them too). */
export const requestFields = {
  verb: z.string().check(z.minLength(1), z.maxLength(64)),
  apiGroup: z._default(z.string().check(z.maxLength(253)), ''),
  resource: z.optional(z.string().check(z.maxLength(253))),
  subresource: z.optional(z.string().check(z.maxLength(253))),
  resourceName: z.optional(z.string().check(z.maxLength(253))),
  namespace: z.optional(namespace),
  /** A non-resource URL instead of a resource. */
  path: z.optional(
    z.string().check(z.maxLength(2048), z.regex(/^\//, 'a non-resource URL starts with /')),
  ),
};

export interface SubjectInput {
  subjectKind: SubjectKind;
  subjectName?: string | undefined;
  subjectNamespace?: string | undefined;
}

export const subjectChecked = z.superRefine((v: SubjectInput, ctx) => {
  if (v.subjectKind !== 'Self' && !v.subjectName)
    ctx.addIssue({
      code: 'custom',
      path: ['subjectName'],
      message: `a ${v.subjectKind} needs a name`,
    });
  if (v.subjectKind === 'ServiceAccount' && !v.subjectNamespace)
    ctx.addIssue({
      code: 'custom',
      path: ['subjectNamespace'],
      message: 'a ServiceAccount needs a namespace',
    });
});

export const requestChecked = z.superRefine((v: { resource?: string; path?: string }, ctx) => {
  if ((v.resource === undefined) === (v.path === undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['resource'],
      message: 'give either a resource or a non-resource path',
    });
});

/** GET …/access/subject */
export const subjectQuery = z.strictObject(subjectFields).check(subjectChecked);
export type SubjectQuery = z.output<typeof subjectQuery>;
/** GET …/access/who-can */
export const requestQuery = z.strictObject(requestFields).check(requestChecked);
export type RequestQuery = z.output<typeof requestQuery>;
/** GET …/access/check */
export const checkQuery = z
  .strictObject({ ...subjectFields, ...requestFields })
  .check(subjectChecked, requestChecked);
export type CheckQuery = z.output<typeof checkQuery>;
/** GET …/access/matrix (format=csv answers text/csv instead of JSON) */
export const matrixQuery = z
  .strictObject({
    ...subjectFields,
    format: z._default(z.enum(['json', 'csv']), 'json'),
    // The web page's filters, applied to the CSV export.
    namespaceFilter: z.optional(z.string().check(z.maxLength(253))),
    resourceFilter: z.optional(z.string().check(z.maxLength(253))),
    apiGroup: z.optional(z.string().check(z.maxLength(253))),
    onlyOwnGrants: z.optional(z.enum(['true', 'false'])),
  })
  .check(subjectChecked);
export type MatrixQuery = z.output<typeof matrixQuery>;

const proposedChange = z.strictObject({
  operation: z.enum(['create', 'update', 'delete']),
  object: z.looseObject({
    kind: z.enum(['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding']),
    metadata: z.looseObject({ name, namespace: z.optional(namespace) }),
  }),
});
export type ProposedChangeInput = z.output<typeof proposedChange>;

/** Most writes made together: one RoleBinding per namespace of a large project. */
export const maxImpactChanges = 500;

/**
 * POST …/access/impact: one write, or several applied in order and analysed as one change (a roleRef
 * swap is a delete and a create; a project level change re-creates a binding per namespace).
 */
export const impactBody = z.union([
  proposedChange,
  z.strictObject({
    changes: z.array(proposedChange).check(z.minLength(1), z.maxLength(maxImpactChanges)),
  }),
]);
export type ImpactRequest = z.input<typeof impactBody>;
export type ImpactBody = z.output<typeof impactBody>;

/** GET …/access/subjects: the subject directory's search. */
export const directoryQuery = z.strictObject({
  /** Part of the name (or namespace/name of a ServiceAccount), any case. */
  query: z._default(z.string().check(z.maxLength(253)), ''),
  kind: z.optional(z.enum(['User', 'Group', 'ServiceAccount'])),
  limit: z._default(queryInt(1, 5000), 100),
});
export type DirectoryQuery = z.output<typeof directoryQuery>;

// --- Responses ---

/** The user's last sign-in to Gatehouse, as recorded. */
export const signInSeen = z.object({
  /** ISO time. */
  at: z.string(),
  authMode,
  issuer: z.optional(z.string()),
  /** Token and demo sign-ins: the cluster whose authenticator named the groups. */
  cluster: z.optional(z.string()),
  /** As the authenticator gave them. */
  groups: z.array(z.string()),
});
export type SignInSeen = z.infer<typeof signInSeen>;

/**
 * Where a User's groups came from. Kubernetes keeps no list of a user's groups: the authenticator
 * supplies them on each request, so Gatehouse can only know what was typed and what it saw at sign-in.
 */
export const groupSources = z.object({
  /** What the person asking typed. */
  typed: z.array(z.string()),
  /** Added as the API server adds them for every authenticated user (system:authenticated). */
  implied: z.array(z.string()),
  /**
   * `none`: no sign-in recorded. `hidden`: the person asking may not see recorded groups (see the
   * BFF README, "Sign-in groups"). `seen`: the record, with whether its groups were used.
   */
  signIn: z.discriminatedUnion('status', [
    z.object({ status: z.literal('none') }),
    z.object({ status: z.literal('hidden') }),
    z.extend(signInSeen, {
      status: z.literal('seen'),
      used: z.boolean(),
      otherCluster: z.boolean(),
    }),
  ]),
  /** Groups named in bindings that the user may belong to, not in `user.groups`: candidates, not facts. */
  candidates: z.array(z.string()),
  /** False when neither typed nor recorded groups were used: results may miss group access. */
  known: z.boolean(),
});
export type GroupSources = z.infer<typeof groupSources>;

/**
 * What an answer was computed from. Analysis is served from the RBAC objects the signed-in user may
 * read (asked of the cluster as them); `complete: false` marks an answer computed from part of the
 * cluster's RBAC — a Denied in it may be incomplete, as grants may come from objects not read.
 */
export const analysisScope = z.object({
  complete: z.boolean(),
  /** Namespaces whose Roles and RoleBindings were read ("all" = every namespace). */
  namespaces: z.union([z.literal('all'), z.array(z.string())]),
  /** Cluster-wide lists the user may not make (e.g. ClusterRoleBindings in all namespaces). */
  missing: z.array(z.object({ apiGroup: z.string(), resource: z.string(), namespace: z.string() })),
  /**
   * ClusterRoles that readable bindings refer to but the user may not get: what those bindings grant
   * is not known here (not "not found": whether they exist is not known either).
   */
  unreadableRoles: z.array(z.string()),
});
export type AnalysisScope = z.infer<typeof analysisScope>;

/** The identity the API server sees for a subject. */
export const analysedUser = z.object({ name: z.string(), groups: z.array(z.string()) });
export type AnalysedUser = z.infer<typeof analysedUser>;

/** A request as @gatehouse/policy's AuthorizationRequest: a resource, or a non-resource path. */
export const authorizationRequest = z.union([
  z.object({ verb: z.string(), path: z.string() }),
  z.object({
    verb: z.string(),
    apiGroup: z.string(),
    resource: z.string(),
    subresource: z.optional(z.string()),
    name: z.optional(z.string()),
    namespace: z.optional(z.string()),
  }),
]);

export const bindingKind = z.enum(['ClusterRoleBinding', 'RoleBinding']);
const bindingRole = {
  bindingKind,
  bindingName: z.string(),
  /** The RoleBinding's namespace; "" for a ClusterRoleBinding. */
  bindingNamespace: z.string(),
  roleKind: z.string(),
  roleName: z.string(),
};
/** One binding → role → rule that allows a request (policy's Match). */
export const match = z.object({
  ...bindingRole,
  subject,
  ruleIndex: z.number(),
  rule: policyRule,
});
/** A binding that applied to the user and was consulted (policy's ConsideredBinding). */
export const consideredBinding = z.object({ ...bindingRole, subject, roleFound: z.boolean() });

/** GET /api/clusters/:cluster/access/check */
export const accessCheckResponse = z.object({
  user: analysedUser,
  /** Users only. */
  groupSources: z.optional(groupSources),
  request: authorizationRequest,
  policy: z.object({
    allowed: z.boolean(),
    /** The RBAC authorizer's reason, word for word. */
    reason: z.string(),
    explanation: z.array(z.string()),
    matches: z.array(match),
    considered: z.array(consideredBinding),
    errors: z.array(z.string()),
    /** system:masters is allowed before RBAC is asked, as kube-apiserver's privileged-groups authorizer does. */
    privilegedGroup: z.boolean(),
  }),
  /** The API server's own SubjectAccessReview (SelfSubjectAccessReview for `Self`), made as the signed-in user. */
  apiServer: z.union([
    z.object({
      answered: z.literal(true),
      allowed: z.boolean(),
      denied: z.boolean(),
      reason: z.string(),
      evaluationError: z.optional(z.string()),
    }),
    z.object({ answered: z.literal(false), code: z.number(), message: z.string() }),
  ]),
  /**
   * null when the API server's answer is unavailable, or when Gatehouse's Denied came from a partial
   * picture (it cannot disagree with what it could not read). Otherwise a false is a bug in the engine.
   */
  agree: z.nullable(z.boolean()),
  scope: analysisScope,
});
export type AccessCheckResponse = z.infer<typeof accessCheckResponse>;

/** For each Group: the people whose last sign-in to Gatehouse carried it (at most 50, with the total). */
export const signedInMembers = z.record(
  z.string(),
  z.object({ users: z.array(z.string()), total: z.number() }),
);
export type SignedInMembers = z.infer<typeof signedInMembers>;

/** One subject allowed, and through which binding → role → rule (policy's SubjectMatch). */
export const subjectMatch = z.object({
  kind: z.string(),
  name: z.string(),
  /** ServiceAccount namespace (defaulted from a RoleBinding's namespace); absent for users and groups. */
  namespace: z.optional(z.string()),
  ...bindingRole,
  ruleIndex: z.number(),
});
export type SubjectMatch = z.infer<typeof subjectMatch>;

/** GET /api/clusters/:cluster/access/who-can */
export const whoCanResponse = z.object({
  request: authorizationRequest,
  /** Through ClusterRoleBindings: in every namespace. */
  clusterWide: z.array(subjectMatch),
  /** Through RoleBindings of the request's namespace. */
  namespaced: z.array(subjectMatch),
  /** Groups allowed everything before RBAC is asked. */
  privilegedGroups: z.array(z.string()),
  /**
   * Absent when the person asking may not see recorded groups, when no Group is in the answer, or
   * when the records could not be read.
   */
  signedInMembers: z.optional(signedInMembers),
  scope: analysisScope,
});
export type WhoCanResponse = z.infer<typeof whoCanResponse>;

export const matrixResourceType = z.object({
  apiGroup: z.string(),
  resource: z.string(),
  namespaced: z.boolean(),
});
export type MatrixResourceType = z.infer<typeof matrixResourceType>;

/** GET /api/clusters/:cluster/access/matrix: bit i of a mask = verbs[i]; one mask per resource type. */
export const accessMatrixResponse = z.object({
  user: analysedUser,
  /** Users only. */
  groupSources: z.optional(groupSources),
  verbs: z.array(z.string()),
  resources: z.array(matrixResourceType),
  namespaces: z.array(z.object({ name: z.string(), project: z.optional(z.string()) })),
  /** What ClusterRoleBindings grant: the cluster-scoped row, and every namespace's row unless listed below. */
  clusterWide: z.array(z.number()),
  /** Namespaces whose RoleBindings add to the cluster-wide row. */
  namespaced: z.record(z.string(), z.array(z.number())),
  /** Only the namespaces whose bindings the user may read are in `namespaces`. */
  scope: analysisScope,
});
export type AccessMatrixResponse = z.infer<typeof accessMatrixResponse>;

export const subjectBinding = z.object({
  kind: bindingKind,
  name: z.string(),
  namespace: z.optional(z.string()),
  roleRef,
  roleFound: z.boolean(),
  /** The role is a ClusterRole the user may not get (then roleFound is false: it was not read). */
  roleUnreadable: z.optional(z.literal(true)),
});
export type SubjectBinding = z.infer<typeof subjectBinding>;

/** GET /api/clusters/:cluster/access/subject */
export const subjectViewResponse = z.object({
  user: analysedUser,
  /** Users only. */
  groupSources: z.optional(groupSources),
  /** Every binding with a subject entry naming this subject (for users, also their given groups). */
  bindings: z.array(subjectBinding),
  /** Rules held through ClusterRoleBindings, compacted. */
  clusterRules: z.array(policyRule),
  /** Rules added by RoleBindings, per namespace. */
  namespaces: z.array(z.object({ namespace: z.string(), rules: z.array(policyRule) })),
  errors: z.array(z.string()),
  scope: analysisScope,
});
export type SubjectViewResponse = z.infer<typeof subjectViewResponse>;

/** An RBAC object a finding is about (policy's ObjectRef). */
export const objectRef = z.object({
  kind: z.enum(['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding']),
  name: z.string(),
  namespace: z.optional(z.string()),
});
export type ObjectRef = z.infer<typeof objectRef>;

/** A risky-permission finding (policy's RbacFinding). */
export const finding = z.object({
  id: z.string(),
  check: z.string(),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  title: z.string(),
  why: z.string(),
  fix: z.string(),
  object: objectRef,
  role: z.optional(objectRef),
  subjects: z.array(subject),
  bootstrap: z.boolean(),
});
export type Finding = z.infer<typeof finding>;

/** GET /api/clusters/:cluster/access/risks */
export const risksResponse = z.object({
  findings: z.array(finding),
  /** Findings are on the readable objects only. */
  scope: analysisScope,
});
export type RisksResponse = z.infer<typeof risksResponse>;

/**
 * The groups a User was analysed with: system:authenticated always; `session` = the person asking,
 * with their own groups; `sign-in` = the groups of their last sign-in to Gatehouse; `none` = no sign-in
 * recorded and `hidden` = the person asking may not see recorded groups (groups unknown: a loss
 * shown may still be held through a group).
 */
export const userGroups = z.object({
  groups: z.array(z.string()),
  source: z.enum(['session', 'sign-in', 'none', 'hidden']),
  /** ISO time of the sign-in, for `sign-in`. */
  at: z.optional(z.string()),
});
export type UserGroups = z.infer<typeof userGroups>;

const scopedRules = z.object({
  /** "" = through ClusterRoleBindings, in every namespace and cluster-wide. */
  namespace: z.string(),
  rules: z.array(policyRule),
});

/** A binding that names a directory entry, or one left pointing at a role a change removes. */
export const bindingRef = z.object({
  kind: bindingKind,
  name: z.string(),
  namespace: z.optional(z.string()),
  roleRef,
});
export type DirectoryBinding = z.infer<typeof bindingRef>;

/**
 * POST …/access/impact: the change's impact (policy's ChangeImpact); for Groups, the people seen in
 * them at sign-in, as in who-can; for Users, the groups they were analysed with.
 */
export const impactResponse = z.object({
  subjects: z.array(
    z.object({ subject, gained: z.array(scopedRules), lost: z.array(scopedRules) }),
  ),
  /** Bindings left pointing at a role the change removes (or written pointing at a missing one). */
  danglingBindings: z.array(bindingRef),
  /** ClusterRoles other than the ones written whose aggregated rules would grow or shrink. */
  aggregatedRoles: z.array(
    z.object({ name: z.string(), gained: z.array(policyRule), lost: z.array(policyRule) }),
  ),
  userGroups: z.record(z.string(), userGroups),
  signedInMembers: z.optional(signedInMembers),
  scope: analysisScope,
});
export type ImpactResponse = z.infer<typeof impactResponse>;

/** One subject of the directory: named in a binding the person asking may list, or seen at sign-in. */
export const directoryEntry = z.object({
  kind: z.enum(['User', 'Group', 'ServiceAccount']),
  name: z.string(),
  /** ServiceAccounts only. */
  namespace: z.optional(z.string()),
  /** Where Gatehouse knows it from. */
  sources: z.array(z.enum(['binding', 'sign-in'])),
  /** The first bindings naming it (kind, namespace, name order); `bindingCount` counts them all. */
  bindings: z.array(bindingRef),
  bindingCount: z.number(),
  /** Users and ServiceAccounts: their last sign-in to Gatehouse, when the person asking may see it. */
  lastSignIn: z.optional(signInSeen),
  /** Groups: the people whose last sign-in carried it, for those who may see everyone's sign-ins. */
  members: z.optional(z.object({ users: z.array(z.string()), total: z.number() })),
});
export type DirectoryEntry = z.infer<typeof directoryEntry>;

/** GET /api/clusters/:cluster/access/subjects */
export const subjectDirectoryResponse = z.object({
  /** Matching entries, name prefix matches first, at most `limit`. */
  entries: z.array(directoryEntry),
  /** Entries matching the filters, before `limit`. */
  total: z.number(),
  /** True when some bindings could not be read: subjects named only there are not listed. */
  partial: z.boolean(),
  /** Whose sign-ins are shown: everyone's, or only the person asking's own. */
  signIns: z.enum(['all', 'own']),
});
export type SubjectDirectoryResponse = z.infer<typeof subjectDirectoryResponse>;

// Compile-time: what @gatehouse/policy computes fits what the contract says is sent.
type Holds<T extends true> = T;
export type PolicyFits = Holds<
  AuthorizationRequest extends z.input<typeof authorizationRequest>
    ? RbacFinding extends Finding
      ? ChangeImpact extends Pick<
          ImpactResponse,
          'subjects' | 'danglingBindings' | 'aggregatedRoles'
        >
        ? true
        : false
      : false
    : false
>;
