import { useMutation, useQuery } from '@tanstack/react-query';
import {
  copyApplyResponse,
  copyPlanResponse,
  fleetCheckResponse,
  fleetCompareResponse,
  fleetWhoCanResponse,
  type CopyPlanBody,
  type CopyPlanResponse,
} from '@gatehouse/bff/contract/fleet/access';
import { requestJson } from '../../api/http.js';

export type {
  CopyApplyResponse,
  CopyPlanResponse,
  FleetCheckResponse,
  FleetCompareResponse,
  FleetWhoCanResponse,
} from '@gatehouse/bff/contract/fleet/access';

const url = (what: string, params: Record<string, string>) =>
  `/api/fleet/${what}?${new URLSearchParams(params).toString()}`;

export const fleetAccessKeys = {
  all: ['fleet-access'] as const,
  query: (what: string, params: Record<string, string>) => ['fleet-access', what, params] as const,
};

export function useFleetWhoCan(params: Record<string, string> | null) {
  return useQuery({
    queryKey: fleetAccessKeys.query('who-can', params ?? {}),
    queryFn: ({ signal }) =>
      requestJson(url('who-can', params ?? {}), fleetWhoCanResponse, { signal }),
    enabled: params !== null,
    retry: false,
  });
}

export function useFleetCheck(params: Record<string, string> | null) {
  return useQuery({
    queryKey: fleetAccessKeys.query('check', params ?? {}),
    queryFn: ({ signal }) =>
      requestJson(url('check', params ?? {}), fleetCheckResponse, { signal }),
    enabled: params !== null,
    retry: false,
  });
}

export function useFleetCompare(params: Record<string, string> | null) {
  return useQuery({
    queryKey: fleetAccessKeys.query('compare', params ?? {}),
    queryFn: ({ signal }) =>
      requestJson(url('compare', params ?? {}), fleetCompareResponse, { signal }),
    enabled: params !== null,
    retry: false,
  });
}

export type CopySource = CopyPlanBody['source'];

export function useCopyPlan() {
  return useMutation({
    mutationFn: (body: { source: CopySource; targets: string[] }) =>
      requestJson('/api/fleet/copy-binding/plan', copyPlanResponse, { method: 'POST', body }),
  });
}

export function useCopyApply() {
  return useMutation({
    mutationFn: (body: { source: CopySource; targets: string[]; digest: string }) =>
      requestJson('/api/fleet/copy-binding/apply', copyApplyResponse, { method: 'POST', body }),
  });
}

/** The fresh plan a 409 carries, when the plan changed between reading and applying. */
export function freshPlanOf(err: unknown): CopyPlanResponse | undefined {
  const details = (err as { details?: unknown } | null)?.details;
  const parsed = copyPlanResponse.safeParse((details as { plan?: unknown } | undefined)?.plan);
  return parsed.success ? parsed.data : undefined;
}
