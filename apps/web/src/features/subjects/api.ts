import { z } from 'zod';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';
import { roleRefSchema } from '../../api/rbacSchemas.js';
import { paths } from '../../app/cluster.js';

export type DirectoryKind = 'User' | 'Group' | 'ServiceAccount';

const entrySchema = z.object({
  kind: z.enum(['User', 'Group', 'ServiceAccount']),
  name: z.string(),
  namespace: z.string().optional(),
  sources: z.array(z.enum(['binding', 'sign-in'])),
  bindings: z.array(
    z.object({
      kind: z.enum(['ClusterRoleBinding', 'RoleBinding']),
      name: z.string(),
      namespace: z.string().optional(),
      roleRef: roleRefSchema,
    }),
  ),
  bindingCount: z.number(),
  lastSignIn: z
    .object({
      at: z.string(),
      authMode: z.enum(['oidc', 'token', 'demo']),
      issuer: z.string().optional(),
      cluster: z.string().optional(),
      groups: z.array(z.string()),
    })
    .optional(),
  members: z.object({ users: z.array(z.string()), total: z.number() }).optional(),
});
export type DirectoryEntry = z.infer<typeof entrySchema>;

const directorySchema = z.object({
  entries: z.array(entrySchema),
  total: z.number(),
  partial: z.boolean(),
  signIns: z.enum(['all', 'own']),
});
export type SubjectDirectory = z.infer<typeof directorySchema>;

export interface DirectorySearch {
  query: string;
  kind?: DirectoryKind;
  limit: number;
}

export function directoryUrl(cluster: string, s: DirectorySearch): string {
  const q = new URLSearchParams({ query: s.query, limit: String(s.limit) });
  if (s.kind) q.set('kind', s.kind);
  return `/api/clusters/${encodeURIComponent(cluster)}/access/subjects?${q}`;
}

/** The subject directory: subjects of bindings the user may list, and people seen at sign-in. */
export function useSubjectDirectory(cluster: string, search: DirectorySearch, enabled = true) {
  return useQuery({
    queryKey: ['subject-directory', cluster, search.query, search.kind ?? '', search.limit],
    queryFn: ({ signal }) =>
      requestJson(directoryUrl(cluster, search), directorySchema, { signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

export function entryLabel(e: { kind: DirectoryKind; name: string; namespace?: string }): string {
  return e.kind === 'ServiceAccount' ? `${e.namespace ?? '?'}/${e.name}` : e.name;
}

/** The existing subject view page for an entry. */
export function subjectViewPath(cluster: string, e: DirectoryEntry): string {
  const q = new URLSearchParams({
    subjectKind: e.kind,
    subjectName: e.name,
    ...(e.namespace ? { subjectNamespace: e.namespace } : {}),
  });
  return `${paths.clusterPage(cluster, 'access/subject')}?${q}`;
}
