import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AuthConfigResponse,
  AuthMode,
  ClusterCapabilities,
  ClustersResponse,
  RuleSet,
  SessionResponse,
} from '@gatehouse/bff/contract';
import { ApiError, requestJson, requestVoid, setCsrfToken } from './http.js';

export type { AuthMode, RuleSet };
export type AuthConfig = AuthConfigResponse;
export type ClusterInfo = ClustersResponse[number];

/** A namespace with rules of the person's own (a RoleBinding naming them or a group of theirs). */
export type NamespaceAccess = ClusterCapabilities['namespaces'][number];

/**
 * What the person may do on one cluster, as the BFF sends it: the cluster-wide rules once, an entry
 * for each namespace where their own RoleBindings add rules, and how many namespaces they may see.
 * Every namespace without an entry holds exactly the cluster-wide rules; the namespace search
 * (./namespaces.ts) finds those by name.
 */
export type Capabilities = ClusterCapabilities;

export type SessionCluster = SessionResponse['clusters'][number];
export type Session = SessionResponse;

// The shell's schemas load beside its first requests (api/http.ts ResponseSchema).
const schemas = () => import('./sessionSchemas.js');
/** The contract's /api/session answer, used as is: its size grows with the person's own bindings only. */
const sessionSchema = () => schemas().then((m) => m.sessionResponse);
const authConfigSchema = () => schemas().then((m) => m.authConfigResponse);
const clustersSchema = () => schemas().then((m) => m.clustersResponse);

/** A short state for the cluster switcher: the console's own credentials are told apart from the network. */
export function clusterState(info: ClusterInfo): string {
  if (info.credentials === 'rejected') return 'Credentials rejected';
  if (info.credentials === 'unavailable') return 'No credentials';
  return info.healthy ? (info.version ?? 'Healthy') : 'Unreachable';
}

export const sessionKeys = {
  all: ['session'] as const,
  session: () => [...sessionKeys.all, 'current'] as const,
  authConfig: () => [...sessionKeys.all, 'auth-config'] as const,
  clusters: () => ['clusters'] as const,
};

/** The signed-in session, or null when nobody is signed in (the BFF answers 401). */
export function useSession() {
  return useQuery({
    queryKey: sessionKeys.session(),
    queryFn: async ({ signal }) => {
      try {
        const session = await requestJson('/api/session', sessionSchema, { signal });
        setCsrfToken(session.csrfToken);
        return session;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 30_000,
    // Someone else may change the user's own bindings (often while they look at another tab):
    // re-evaluate capabilities now and then, and every time the tab comes back, however recent.
    refetchInterval: 60_000,
    refetchOnWindowFocus: 'always',
  });
}

export function useAuthConfig() {
  return useQuery({
    queryKey: sessionKeys.authConfig(),
    queryFn: async ({ signal }) => {
      const config = await requestJson('/api/auth/config', authConfigSchema, { signal });
      setCsrfToken(config.csrfToken);
      return config;
    },
  });
}

export function useClusters(enabled: boolean) {
  return useQuery({
    queryKey: sessionKeys.clusters(),
    queryFn: ({ signal }) => requestJson('/api/clusters', clustersSchema, { signal }),
    enabled,
    staleTime: 60_000,
  });
}

export type SignIn =
  { mode: 'demo'; user: string } | { mode: 'token'; token: string; cluster?: string };

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignIn) => {
      if (input.mode === 'demo')
        await requestVoid('/api/auth/demo', { method: 'POST', body: { user: input.user } });
      else
        await requestVoid('/api/auth/token', {
          method: 'POST',
          body: { token: input.token, cluster: input.cluster },
        });
    },
    // Everything cached belonged to whoever was signed in before.
    onSuccess: () => client.removeQueries(),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => requestVoid('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(undefined);
      client.clear();
    },
  });
}
