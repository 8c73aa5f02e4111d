import { createContext, useContext } from 'react';
import type { ClusterInfo } from '../api/session.js';

export interface FleetContextValue {
  /** Every configured cluster with its labels, as /api/clusters lists them (empty while loading). */
  clusters: ClusterInfo[];
  /** The home cluster's id, where fleet objects (AccessPolicies) live. */
  home: string | undefined;
  loading: boolean;
}

export const FleetContext = createContext<FleetContextValue>({
  clusters: [],
  home: undefined,
  loading: true,
});

/** The fleet a /fleet page works across. */
export function useFleet(): FleetContextValue {
  return useContext(FleetContext);
}
