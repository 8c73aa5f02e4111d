import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { subjectDirectoryResponse, type DirectoryEntry } from '@gatehouse/bff/contract/analysis';
import { requestJson } from '../../api/http.js';
import { paths } from '../../app/cluster.js';

export type DirectoryKind = 'User' | 'Group' | 'ServiceAccount';
export type {
  DirectoryEntry,
  SubjectDirectoryResponse as SubjectDirectory,
} from '@gatehouse/bff/contract/analysis';

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
      requestJson(directoryUrl(cluster, search), subjectDirectoryResponse, { signal }),
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
