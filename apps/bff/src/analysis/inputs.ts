// Inputs of the analysis endpoints, validated at the HTTP edge.
import {
  serviceAccountGroups,
  serviceAccountUsername,
  type AuthorizationRequest,
} from '@gatehouse/policy';
import { z } from 'zod';
import type { AnalysedUser } from './contract.js';
import type { Session } from '../session/sessions.js';

const name = z.string().min(1).max(253);
const namespace = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$|^$/, 'must be a namespace name');

export const subjectFields = {
  subjectKind: z.enum(['User', 'Group', 'ServiceAccount', 'Self']),
  subjectName: name.optional(),
  subjectNamespace: namespace.optional(),
  groups: z
    .string()
    .max(8192)
    .optional()
    .transform((s) =>
      (s ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  /** Users only: also analyse with the groups of their last sign-in to Gatehouse. */
  signInGroups: z.enum(['true', 'false']).optional(),
};

const requestFields = {
  verb: z.string().min(1).max(64),
  apiGroup: z.string().max(253).default(''),
  resource: z.string().max(253).optional(),
  subresource: z.string().max(253).optional(),
  resourceName: z.string().max(253).optional(),
  namespace: namespace.optional(),
  /** A non-resource URL instead of a resource. */
  path: z.string().max(2048).regex(/^\//, 'a non-resource URL starts with /').optional(),
};

export type SubjectInput = {
  subjectKind: 'User' | 'Group' | 'ServiceAccount' | 'Self';
  subjectName?: string;
  subjectNamespace?: string;
};

function checkSubject(v: SubjectInput, ctx: z.RefinementCtx): void {
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
}

function checkRequest(v: { resource?: string; path?: string }, ctx: z.RefinementCtx): void {
  if ((v.resource === undefined) === (v.path === undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['resource'],
      message: 'give either a resource or a non-resource path',
    });
}

export const subjectQuery = z.object(subjectFields).strict().superRefine(checkSubject);
export const requestQuery = z.object(requestFields).strict().superRefine(checkRequest);
export const checkQuery = z
  .object({ ...subjectFields, ...requestFields })
  .strict()
  .superRefine((v, ctx) => {
    checkSubject(v, ctx);
    checkRequest(v, ctx);
  });
export const matrixQuery = z
  .object({
    ...subjectFields,
    format: z.enum(['json', 'csv']).default('json'),
    // The web page's filters, applied to the CSV export.
    namespaceFilter: z.string().max(253).optional(),
    resourceFilter: z.string().max(253).optional(),
    apiGroup: z.string().max(253).optional(),
    onlyOwnGrants: z.enum(['true', 'false']).optional(),
  })
  .strict()
  .superRefine(checkSubject);

const proposedChange = z
  .object({
    operation: z.enum(['create', 'update', 'delete']),
    object: z
      .object({
        kind: z.enum(['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding']),
        metadata: z.object({ name: name, namespace: namespace.optional() }).passthrough(),
      })
      .passthrough(),
  })
  .strict();

/** Most writes made together: one RoleBinding per namespace of a large project. */
export const maxImpactChanges = 500;

/**
 * One write, or several applied in order and analysed as one change (a roleRef swap is a delete
 * and a create; a project level change re-creates a binding per namespace).
 */
export const impactBody = z.union([
  proposedChange,
  z.object({ changes: z.array(proposedChange).min(1).max(maxImpactChanges) }).strict(),
]);

export type ProposedChangeInput = z.output<typeof proposedChange>;

export type RequestInput = z.output<typeof requestQuery>;

/** The user the API server would see for the subject. */
export function identityOf(v: SubjectInput & { groups: string[] }, session: Session): AnalysedUser {
  switch (v.subjectKind) {
    case 'Self':
      return { name: session.user.name, groups: [...session.user.groups] };
    case 'User':
      return { name: v.subjectName ?? '', groups: v.groups };
    case 'Group':
      // A SubjectAccessReview for a group alone: no user name, as `kubectl auth can-i --as-group` sends.
      return { name: '', groups: [v.subjectName ?? ''] };
    case 'ServiceAccount': {
      const ns = v.subjectNamespace ?? '';
      return {
        name: serviceAccountUsername(ns, v.subjectName ?? ''),
        groups: [...serviceAccountGroups(ns), 'system:authenticated'],
      };
    }
  }
}

export function authorizationRequest(v: RequestInput): AuthorizationRequest {
  if (v.path !== undefined) return { verb: v.verb, path: v.path };
  return {
    verb: v.verb,
    apiGroup: v.apiGroup,
    resource: v.resource ?? '',
    ...(v.subresource ? { subresource: v.subresource } : {}),
    ...(v.resourceName ? { name: v.resourceName } : {}),
    ...(v.namespace ? { namespace: v.namespace } : {}),
  };
}

/** GET /access/subjects: the subject directory's search. */
export const directoryQuery = z
  .object({
    /** Part of the name (or namespace/name of a ServiceAccount), any case. */
    query: z.string().max(253).default(''),
    kind: z.enum(['User', 'Group', 'ServiceAccount']).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(100),
  })
  .strict();
