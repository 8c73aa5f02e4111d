import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  fleetChangeReport,
  fleetPlan,
  fleetProjectDetail,
  fleetProjectsResponse,
  type FleetCollaboratorChange,
} from '@gatehouse/bff/contract/fleet/projects';
import { requestJson, toApiError } from '../../api/http.js';

export type {
  FleetChangeReport,
  FleetClusterResult,
  FleetCollaboratorChange,
  FleetPlan,
  FleetPlanCluster,
  FleetPlanStep,
  FleetProjectDetail,
  FleetProjectDetailOnCluster,
  FleetProjectOnCluster,
  FleetProjectsResponse,
} from '@gatehouse/bff/contract/fleet/projects';
export const fleetPlanSchema = fleetPlan;
export const fleetChangeReportSchema = fleetChangeReport;

export const fleetProjectKeys = {
  all: ['fleet', 'projects'] as const,
  list: () => [...fleetProjectKeys.all, 'list'] as const,
  detail: (name: string) => [...fleetProjectKeys.all, 'detail', name] as const,
};

const base = '/api/fleet/projects';
const projectUrl = (name: string) => `${base}/${encodeURIComponent(name)}`;

export function useFleetProjects() {
  return useQuery({
    queryKey: fleetProjectKeys.list(),
    queryFn: ({ signal }) => requestJson(base, fleetProjectsResponse, { signal }),
  });
}

export function useFleetProject(name: string) {
  return useQuery({
    queryKey: fleetProjectKeys.detail(name),
    queryFn: ({ signal }) => requestJson(projectUrl(name), fleetProjectDetail, { signal }),
  });
}

/** Plans a change on every cluster of the project: nothing is written. */
export function usePlanFleetChange(name: string) {
  return useMutation({
    mutationFn: (change: FleetCollaboratorChange) =>
      requestJson(`${projectUrl(name)}/collaborators/plan`, fleetPlan, {
        method: 'POST',
        body: { change },
      }),
  });
}

/** Applies a plan read before (its digest); the project and every cluster's project reload after. */
export function useApplyFleetChange(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { change: FleetCollaboratorChange; digest: string }) =>
      requestJson(`${projectUrl(name)}/collaborators/apply`, fleetChangeReport, {
        method: 'POST',
        body: input,
      }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: fleetProjectKeys.all });
      await client.invalidateQueries({ queryKey: ['projects'] });
    },
  });
}

/** Fetches the fleet kubeconfig (a context per cluster) and hands it to the browser as a download. */
export function useFleetKubeconfig(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const res = await fetch(`${projectUrl(name)}/kubeconfig`, {
        credentials: 'same-origin',
        headers: { Accept: 'application/yaml' },
      });
      if (!res.ok) throw await toApiError(res);
      const blob = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = blob;
      a.download = `fleet-${name}.kubeconfig`;
      a.click();
      // Revoked later, not at once: the browser reads the blob after the click returns.
      setTimeout(() => URL.revokeObjectURL(blob), 60_000);
    },
    // The person's list of files (features/kubeconfig's key), without loading that feature here.
    onSettled: () => client.invalidateQueries({ queryKey: ['kubeconfigs', 'mine'] }),
  });
}
