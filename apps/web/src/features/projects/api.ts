import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';

// Shapes of the BFF's projects contract (apps/bff/src/projects/contract.ts), checked at the edge.
const subjectSchema = z.object({ kind: z.enum(['User', 'Group']), name: z.string() });
export type CollaboratorSubject = z.infer<typeof subjectSchema>;

const levelSchema = z.object({
  name: z.string(),
  clusterRole: z.string(),
  description: z.string(),
});
export type AccessLevel = z.infer<typeof levelSchema>;

const collaboratorSchema = z.object({
  subject: subjectSchema,
  level: z.string(),
  clusterRole: z.string(),
  namespaces: z.array(z.string()),
  complete: z.boolean(),
  invitedBy: z.string().optional(),
  invitedAt: z.string().optional(),
  expiresAt: z.string().optional(),
  bindings: z.array(z.object({ namespace: z.string(), name: z.string() })),
});
export type Collaborator = z.infer<typeof collaboratorSchema>;

const summarySchema = z.object({
  name: z.string(),
  namespaces: z.array(z.string()),
  /** Labelled with the project but not listed by its record: shown, never acted on. */
  unverifiedNamespaces: z.array(z.string()).optional(),
  myLevels: z.array(z.string()),
});
export type ProjectSummary = z.infer<typeof summarySchema>;

const projectsSchema = z.object({ projects: z.array(summarySchema), canCreate: z.boolean() });

const detailSchema = summarySchema.extend({
  collaborators: z.array(collaboratorSchema),
  levels: z.array(levelSchema),
  grantableLevels: z.array(z.string()),
  canManage: z.boolean(),
  unverifiedNamespaces: z.array(z.string()),
  canDelete: z.boolean(),
  canEditNamespaces: z.boolean(),
  kubeconfigLink: z.string(),
});
export type ProjectDetail = z.infer<typeof detailSchema>;

const stepSchema = z.object({
  op: z.enum(['create', 'update', 'delete']),
  kind: z.enum(['RoleBinding', 'Namespace']),
  namespace: z.string().optional(),
  name: z.string(),
  description: z.string(),
  status: z.enum(['done', 'failed', 'rolled-back', 'rollback-failed', 'not-run']),
  error: z.string().optional(),
});
export const changeReportSchema = z.object({
  outcome: z.enum(['completed', 'rolled-back', 'partial']),
  message: z.string(),
  steps: z.array(stepSchema),
  kubeconfigLink: z.string().optional(),
  revokedKubeconfigs: z.array(z.string()).optional(),
});
export type ChangeReport = z.infer<typeof changeReportSchema>;

export const projectKeys = {
  all: (cluster: string) => ['projects', cluster] as const,
  list: (cluster: string) => [...projectKeys.all(cluster), 'list'] as const,
  detail: (cluster: string, project: string) =>
    [...projectKeys.all(cluster), 'detail', project] as const,
};

const base = (cluster: string) => `/api/clusters/${encodeURIComponent(cluster)}/projects`;
const projectUrl = (cluster: string, project: string) =>
  `${base(cluster)}/${encodeURIComponent(project)}`;

export function useProjects(cluster: string) {
  return useQuery({
    queryKey: projectKeys.list(cluster),
    queryFn: ({ signal }) => requestJson(base(cluster), projectsSchema, { signal }),
  });
}

export function useProject(cluster: string, project: string) {
  return useQuery({
    queryKey: projectKeys.detail(cluster, project),
    queryFn: ({ signal }) => requestJson(projectUrl(cluster, project), detailSchema, { signal }),
  });
}

export type ProjectChange =
  | { action: 'invite'; subjects: CollaboratorSubject[]; level: string; expiresAt?: string }
  | { action: 'level'; subject: CollaboratorSubject; level: string }
  | { action: 'remove'; subject: CollaboratorSubject }
  | { action: 'add-namespace'; namespace: string }
  | { action: 'remove-namespace'; namespace: string }
  | { action: 'delete'; confirm: string };

function request(
  cluster: string,
  project: string,
  change: ProjectChange,
): { url: string; body?: unknown } {
  const url = projectUrl(cluster, project);
  switch (change.action) {
    case 'invite':
      return {
        url: `${url}/collaborators`,
        body: {
          subjects: change.subjects,
          level: change.level,
          ...(change.expiresAt ? { expiresAt: change.expiresAt } : {}),
        },
      };
    case 'level':
      return {
        url: `${url}/collaborators/level`,
        body: { subject: change.subject, level: change.level },
      };
    case 'remove':
      return { url: `${url}/collaborators/remove`, body: { subject: change.subject } };
    case 'add-namespace':
      return { url: `${url}/namespaces/${encodeURIComponent(change.namespace)}` };
    case 'remove-namespace':
      return { url: `${url}/namespaces/${encodeURIComponent(change.namespace)}/remove` };
    case 'delete':
      return { url: `${url}/delete`, body: { confirm: change.confirm } };
  }
}

/** Every project change answers with a report of its steps; the project and list reload after. */
export function useProjectChange(cluster: string, project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: ProjectChange) => {
      const { url, body } = request(cluster, project, change);
      return requestJson(url, changeReportSchema, { method: 'POST', body: body ?? {} });
    },
    onSettled: () => client.invalidateQueries({ queryKey: projectKeys.all(cluster) }),
  });
}

export function useCreateProject(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; namespaces: string[] }) =>
      requestJson(base(cluster), changeReportSchema, { method: 'POST', body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: projectKeys.all(cluster) }),
  });
}

/** The report a failed change carries in its error details, when it got as far as applying. */
export function reportOf(error: unknown): ChangeReport | undefined {
  const details = (error as { details?: unknown } | null)?.details;
  const parsed = changeReportSchema.safeParse(details);
  return parsed.success ? parsed.data : undefined;
}
