import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  accessPolicy,
  applyResponse,
  invalidDetails,
  policiesResponse,
  policyDetail,
  policyPlan,
  type PlanRequest,
  type PolicySpecInput,
} from '@gatehouse/bff/contract/fleet/policies';
import type { FieldError } from '@gatehouse/policy';
import { ApiError, requestJson } from '../../api/http.js';

export type {
  AccessPolicy,
  ApplyResponse,
  ClusterApplyResult,
  ClusterPlan,
  ClusterState,
  ClusterStatus,
  DriftObject,
  Placement,
  PlacementTarget,
  PlanObject,
  PolicyDetail,
  PolicyPlan,
  PolicySpec,
  PolicySpecInput,
  PolicySubject,
  PolicySummary,
  Statement,
} from '@gatehouse/bff/contract/fleet/policies';

const base = '/api/fleet/policies';
const policyUrl = (name: string) => `${base}/${encodeURIComponent(name)}`;

export const policyKeys = {
  all: ['fleet', 'policies'] as const,
  list: () => [...policyKeys.all, 'list'] as const,
  detail: (name: string) => [...policyKeys.all, 'detail', name] as const,
};

export function usePolicies() {
  return useQuery({
    queryKey: policyKeys.list(),
    queryFn: ({ signal }) => requestJson(base, policiesResponse, { signal }),
  });
}

export function usePolicy(name: string) {
  return useQuery({
    queryKey: policyKeys.detail(name),
    queryFn: ({ signal }) => requestJson(policyUrl(name), policyDetail, { signal }),
  });
}

export type SaveRequest =
  | { action: 'create'; name: string; spec: PolicySpecInput }
  | { action: 'update'; name: string; spec: PolicySpecInput; resourceVersion: string };

/** Saves the AccessPolicy on the home cluster; nothing reaches the target clusters until an apply. */
export function useSavePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: SaveRequest) =>
      req.action === 'create'
        ? requestJson(base, accessPolicy, {
            method: 'POST',
            body: { name: req.name, spec: req.spec },
          })
        : requestJson(policyUrl(req.name), accessPolicy, {
            method: 'PUT',
            body: { spec: req.spec, resourceVersion: req.resourceVersion },
          }),
    onSettled: () => client.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

/** The plan of a draft, of the saved policy, or of its removal: nothing is changed by asking. */
export function usePlan() {
  return useMutation({
    mutationFn: (req: PlanRequest) =>
      requestJson(`${base}/plan`, policyPlan, { method: 'POST', body: req }),
  });
}

export function useApply(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: { digest: string; remove?: boolean }) =>
      requestJson(`${policyUrl(name)}/apply`, applyResponse, { method: 'POST', body: req }),
    onSettled: () => client.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

/** A 409 from apply: the plan changed since it was shown. */
export function isStalePlan(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

/** The fields a 422 refused, as the API server words them, for the form to show by field. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (!(error instanceof ApiError) || error.status !== 422) return [];
  const parsed = invalidDetails.safeParse(error.details);
  if (!parsed.success) return [];
  return parsed.data.causes.map((c) => ({ field: c.field, message: c.message, type: c.reason }));
}
