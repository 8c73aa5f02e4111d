import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  changeReport,
  projectDetail,
  projectsResponse,
  type ChangeReport,
  type CollaboratorSubject,
} from '@gatehouse/bff/contract/projects';
import { requestJson } from '../../api/http.js';

export type {
  AccessLevel,
  ChangeReport,
  Collaborator,
  CollaboratorSubject,
  ProjectDetail,
  ProjectSummary,
} from '@gatehouse/bff/contract/projects';
export const changeReportSchema = changeReport;

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
    queryFn: ({ signal }) => requestJson(base(cluster), projectsResponse, { signal }),
  });
}

export function useProject(cluster: string, project: string) {
  return useQuery({
    queryKey: projectKeys.detail(cluster, project),
    queryFn: ({ signal }) => requestJson(projectUrl(cluster, project), projectDetail, { signal }),
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
