import { z } from 'zod';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';
import { policyRuleSchema, roleRefSchema, subjectSchema } from '../../api/rbacSchemas.js';

/** Whose access is analysed; `Self` is the signed-in user with their own groups. */
export interface SubjectInput {
  kind: 'Self' | 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace: string;
  /** Users only, comma separated. */
  groups: string;
  /** Users only: also take the groups Gatehouse saw at their last sign-in. */
  signInGroups: boolean;
}

export interface RequestInput {
  nonResource: boolean;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  path: string;
}

/** What an answer was computed from: the RBAC objects the signed-in user may read (see AnalysisScope in the BFF). */
const scopeSchema = z.object({
  complete: z.boolean(),
  namespaces: z.union([z.literal('all'), z.array(z.string())]),
  missing: z.array(z.object({ apiGroup: z.string(), resource: z.string(), namespace: z.string() })),
  unreadableRoles: z.array(z.string()),
});
export type AnalysisScope = z.infer<typeof scopeSchema>;

const userSchema = z.object({ name: z.string(), groups: z.array(z.string()) });
const signedInMembersSchema = z.record(
  z.string(),
  z.object({ users: z.array(z.string()), total: z.number() }),
);
export type SignedInMembers = z.infer<typeof signedInMembersSchema>;
const groupSourcesSchema = z.object({
  typed: z.array(z.string()),
  implied: z.array(z.string()),
  signIn: z.union([
    z.object({ status: z.literal('none') }),
    z.object({ status: z.literal('hidden') }),
    z.object({
      status: z.literal('seen'),
      used: z.boolean(),
      otherCluster: z.boolean(),
      at: z.string(),
      authMode: z.enum(['oidc', 'token', 'demo']),
      issuer: z.string().optional(),
      cluster: z.string().optional(),
      groups: z.array(z.string()),
    }),
  ]),
  candidates: z.array(z.string()),
  known: z.boolean(),
});
export type GroupSources = z.infer<typeof groupSourcesSchema>;
const requestSchema = z.union([
  z.object({ verb: z.string(), path: z.string() }),
  z.object({
    verb: z.string(),
    apiGroup: z.string(),
    resource: z.string(),
    subresource: z.string().optional(),
    name: z.string().optional(),
    namespace: z.string().optional(),
  }),
]);
const bindingKind = z.enum(['ClusterRoleBinding', 'RoleBinding']);
const matchSchema = z.object({
  bindingKind,
  bindingName: z.string(),
  bindingNamespace: z.string(),
  roleKind: z.string(),
  roleName: z.string(),
  subject: subjectSchema,
  ruleIndex: z.number(),
  rule: policyRuleSchema,
});
const consideredSchema = z.object({
  bindingKind,
  bindingName: z.string(),
  bindingNamespace: z.string(),
  roleKind: z.string(),
  roleName: z.string(),
  subject: subjectSchema,
  roleFound: z.boolean(),
});

const checkSchema = z.object({
  user: userSchema,
  groupSources: groupSourcesSchema.optional(),
  request: requestSchema,
  policy: z.object({
    allowed: z.boolean(),
    reason: z.string(),
    explanation: z.array(z.string()),
    matches: z.array(matchSchema),
    considered: z.array(consideredSchema),
    errors: z.array(z.string()),
    privilegedGroup: z.boolean(),
  }),
  apiServer: z.union([
    z.object({
      answered: z.literal(true),
      allowed: z.boolean(),
      denied: z.boolean(),
      reason: z.string(),
      evaluationError: z.string().optional(),
    }),
    z.object({ answered: z.literal(false), code: z.number(), message: z.string() }),
  ]),
  agree: z.boolean().nullable(),
  scope: scopeSchema,
});
export type AccessCheck = z.infer<typeof checkSchema>;

const subjectMatchSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  bindingKind,
  bindingName: z.string(),
  bindingNamespace: z.string(),
  roleKind: z.string(),
  roleName: z.string(),
  ruleIndex: z.number(),
});
export type SubjectMatch = z.infer<typeof subjectMatchSchema>;
const whoCanSchema = z.object({
  request: requestSchema,
  clusterWide: z.array(subjectMatchSchema),
  namespaced: z.array(subjectMatchSchema),
  privilegedGroups: z.array(z.string()),
  signedInMembers: signedInMembersSchema.optional(),
  scope: scopeSchema,
});
export type WhoCan = z.infer<typeof whoCanSchema>;

const matrixSchema = z.object({
  user: userSchema,
  groupSources: groupSourcesSchema.optional(),
  verbs: z.array(z.string()),
  resources: z.array(
    z.object({ apiGroup: z.string(), resource: z.string(), namespaced: z.boolean() }),
  ),
  namespaces: z.array(z.object({ name: z.string(), project: z.string().optional() })),
  clusterWide: z.array(z.number()),
  namespaced: z.record(z.string(), z.array(z.number())),
  scope: scopeSchema,
});
export type AccessMatrix = z.infer<typeof matrixSchema>;

const subjectViewSchema = z.object({
  user: userSchema,
  groupSources: groupSourcesSchema.optional(),
  bindings: z.array(
    z.object({
      kind: bindingKind,
      name: z.string(),
      namespace: z.string().optional(),
      roleRef: roleRefSchema,
      roleFound: z.boolean(),
      roleUnreadable: z.literal(true).optional(),
    }),
  ),
  clusterRules: z.array(policyRuleSchema),
  namespaces: z.array(z.object({ namespace: z.string(), rules: z.array(policyRuleSchema) })),
  errors: z.array(z.string()),
  scope: scopeSchema,
});
export type SubjectView = z.infer<typeof subjectViewSchema>;

const objectRefSchema = z.object({
  kind: z.enum(['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding']),
  name: z.string(),
  namespace: z.string().optional(),
});
export type ObjectRef = z.infer<typeof objectRefSchema>;
const findingSchema = z.object({
  id: z.string(),
  check: z.string(),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  title: z.string(),
  why: z.string(),
  fix: z.string(),
  object: objectRefSchema,
  role: objectRefSchema.optional(),
  subjects: z.array(subjectSchema),
  bootstrap: z.boolean(),
});
export type Finding = z.infer<typeof findingSchema>;
const risksSchema = z.object({ findings: z.array(findingSchema), scope: scopeSchema });

const scopedRulesSchema = z.object({ namespace: z.string(), rules: z.array(policyRuleSchema) });
const impactSchema = z.object({
  subjects: z.array(
    z.object({
      subject: subjectSchema,
      gained: z.array(scopedRulesSchema),
      lost: z.array(scopedRulesSchema),
    }),
  ),
  signedInMembers: signedInMembersSchema.optional(),
  /** Bindings the change leaves pointing at a role that would no longer exist. */
  danglingBindings: z
    .array(
      z.object({
        kind: bindingKind,
        name: z.string(),
        namespace: z.string().optional(),
        roleRef: roleRefSchema,
      }),
    )
    .optional(),
  /** Aggregated ClusterRoles whose rules the aggregation controller would rewrite. */
  aggregatedRoles: z
    .array(
      z.object({
        name: z.string(),
        gained: z.array(policyRuleSchema),
        lost: z.array(policyRuleSchema),
      }),
    )
    .optional(),
  /** Per User: the groups they were analysed with, and where those came from. */
  userGroups: z
    .record(
      z.string(),
      z.object({
        groups: z.array(z.string()),
        source: z.enum(['session', 'sign-in', 'none', 'hidden']),
        at: z.string().optional(),
      }),
    )
    .optional(),
  scope: scopeSchema,
});
export type Impact = z.infer<typeof impactSchema>;

export function subjectParams(s: SubjectInput): Record<string, string> {
  const out: Record<string, string> = { subjectKind: s.kind };
  if (s.kind === 'Self') return out;
  out.subjectName = s.name.trim();
  if (s.kind === 'ServiceAccount') out.subjectNamespace = s.namespace.trim();
  if (s.kind === 'User' && s.groups.trim()) out.groups = s.groups;
  if (s.kind === 'User' && s.signInGroups) out.signInGroups = 'true';
  return out;
}

export function requestParams(r: RequestInput): Record<string, string> {
  if (r.nonResource) return { verb: r.verb.trim(), path: r.path.trim() };
  const out: Record<string, string> = {
    verb: r.verb.trim(),
    apiGroup: r.apiGroup.trim(),
    resource: r.resource.trim(),
  };
  if (r.subresource.trim()) out.subresource = r.subresource.trim();
  if (r.name.trim()) out.resourceName = r.name.trim();
  if (r.namespace.trim()) out.namespace = r.namespace.trim();
  return out;
}

export function accessUrl(
  cluster: string,
  what: string,
  params: Record<string, string> = {},
): string {
  const q = new URLSearchParams(params).toString();
  return `/api/clusters/${encodeURIComponent(cluster)}/access/${what}${q ? `?${q}` : ''}`;
}

/** Query keys of access analysis: everything under one cluster prefix, refreshed together. */
export const accessKeys = {
  all: (cluster: string) => ['access', cluster] as const,
  /** One of the GET analyses, keyed by its endpoint name and the form's parameters. */
  query: (cluster: string, endpoint: AccessEndpoint, params: Record<string, string>) =>
    [...accessKeys.all(cluster), endpoint, params] as const,
  risks: (cluster: string) => [...accessKeys.all(cluster), 'risks'] as const,
  impact: (cluster: string, change: string) =>
    [...accessKeys.all(cluster), 'impact', change] as const,
};

type AccessEndpoint = 'check' | 'who-can' | 'matrix' | 'subject';

/** The analyses a page runs from its form: nothing until the form is submitted (params null). */
function useAccessQuery<T>(
  cluster: string,
  endpoint: AccessEndpoint,
  schema: z.ZodType<T>,
  params: Record<string, string> | null,
) {
  return useQuery({
    queryKey: accessKeys.query(cluster, endpoint, params ?? {}),
    queryFn: ({ signal }) =>
      requestJson(accessUrl(cluster, endpoint, params ?? {}), schema, { signal }),
    enabled: params !== null,
    retry: false,
  });
}

export function useAccessCheck(cluster: string, params: Record<string, string> | null) {
  return useAccessQuery(cluster, 'check', checkSchema, params);
}

export function useWhoCan(cluster: string, params: Record<string, string> | null) {
  return useAccessQuery(cluster, 'who-can', whoCanSchema, params);
}

export function useAccessMatrix(cluster: string, params: Record<string, string> | null) {
  return useAccessQuery(cluster, 'matrix', matrixSchema, params);
}

export function useSubjectView(cluster: string, params: Record<string, string> | null) {
  return useAccessQuery(cluster, 'subject', subjectViewSchema, params);
}

export function useRisks(cluster: string, enabled = true) {
  return useQuery({
    queryKey: accessKeys.risks(cluster),
    queryFn: ({ signal }) => requestJson(accessUrl(cluster, 'risks'), risksSchema, { signal }),
    enabled,
    retry: false,
    staleTime: 15_000,
  });
}

type ImpactChange = { operation: 'create' | 'update' | 'delete'; object: unknown };

/**
 * Impact of writes made together (a roleRef swap's delete and create, one RoleBinding per namespace
 * of a project), analysed by the BFF as one change; null while not worth asking.
 */
export function useChangesImpact(cluster: string, changes: ImpactChange[] | null) {
  const list = changes ?? [];
  const body = list.length === 1 ? list[0] : { changes: list };
  const key = JSON.stringify(body);
  const enabled = list.length > 0;
  const query = useQuery({
    queryKey: accessKeys.impact(cluster, key),
    queryFn: ({ signal }) =>
      requestJson(accessUrl(cluster, 'impact'), impactSchema, {
        method: 'POST',
        body,
        signal,
      }),
    enabled,
    retry: false,
    placeholderData: keepPreviousData,
  });
  return {
    enabled,
    isPending: query.isPending,
    isFetching: query.isFetching,
    error: query.error,
    data: query.data,
  };
}
