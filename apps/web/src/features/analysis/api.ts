import type { z } from 'zod/mini';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  accessCheckResponse,
  accessMatrixResponse,
  impactResponse,
  risksResponse,
  subjectViewResponse,
  whoCanResponse,
  type AccessCheckResponse,
  type AccessMatrixResponse,
  type ImpactResponse,
  type SubjectViewResponse,
  type WhoCanResponse,
} from '@gatehouse/bff/contract/analysis';
import { requestJson } from '../../api/http.js';

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

export type {
  AnalysisScope,
  Finding,
  GroupSources,
  ObjectRef,
  SignedInMembers,
  SubjectMatch,
} from '@gatehouse/bff/contract/analysis';
export type AccessCheck = AccessCheckResponse;
export type WhoCan = WhoCanResponse;
export type AccessMatrix = AccessMatrixResponse;
export type SubjectView = SubjectViewResponse;
export type Impact = ImpactResponse;

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
  schema: z.ZodMiniType<T>,
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
  return useAccessQuery(cluster, 'check', accessCheckResponse, params);
}

export function useWhoCan(cluster: string, params: Record<string, string> | null) {
  return useAccessQuery(cluster, 'who-can', whoCanResponse, params);
}

export function useAccessMatrix(cluster: string, params: Record<string, string> | null) {
  return useAccessQuery(cluster, 'matrix', accessMatrixResponse, params);
}

export function useSubjectView(cluster: string, params: Record<string, string> | null) {
  return useAccessQuery(cluster, 'subject', subjectViewResponse, params);
}

export function useRisks(cluster: string, enabled = true) {
  return useQuery({
    queryKey: accessKeys.risks(cluster),
    queryFn: ({ signal }) => requestJson(accessUrl(cluster, 'risks'), risksResponse, { signal }),
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
      requestJson(accessUrl(cluster, 'impact'), impactResponse, {
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
