import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, requestJson, requestVoid, setCsrfToken } from './http.js';
import { policyRuleSchema } from './rbacSchemas.js';

const authModeSchema = z.enum(['oidc', 'token', 'demo']);
export type AuthMode = z.infer<typeof authModeSchema>;

const authConfigSchema = z.object({
  modes: z.array(authModeSchema),
  demoUsers: z.array(z.object({ name: z.string(), description: z.string() })),
  csrfToken: z.string(),
  clusters: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

const ruleSetSchema = z.object({
  resourceRules: z.array(policyRuleSchema),
  nonResourceRules: z.array(policyRuleSchema),
  incomplete: z.boolean(),
  evaluationError: z.string().optional(),
});
export type RuleSet = z.infer<typeof ruleSetSchema>;

const namespaceAccessSchema = z.object({
  name: z.string(),
  project: z.string().optional(),
  rules: ruleSetSchema.optional(),
});

export interface NamespaceAccess {
  name: string;
  project?: string;
  /** The namespace's own rules, or the very cluster-wide RuleSet object where it has none. */
  rules: RuleSet;
}

export interface Capabilities {
  cluster: RuleSet;
  /** Every namespace, sorted by name. */
  namespaces: NamespaceAccess[];
}

/**
 * The BFF sends entries only for namespaces with a project or rules of their own and bare names for
 * the rest; here every namespace becomes an entry again, the plain ones sharing the cluster-wide
 * RuleSet (one object, so memory does not grow with namespaces × rules either).
 */
const capabilitiesSchema = z
  .object({
    cluster: ruleSetSchema,
    namespaces: z.array(namespaceAccessSchema),
    plainNamespaces: z.array(z.string()),
  })
  .transform(({ cluster, namespaces, plainNamespaces }): Capabilities => {
    const all: NamespaceAccess[] = namespaces.map((n) => ({
      name: n.name,
      ...(n.project !== undefined ? { project: n.project } : {}),
      rules: n.rules ?? cluster,
    }));
    for (const name of plainNamespaces) all.push({ name, rules: cluster });
    all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { cluster, namespaces: all };
  });

const sessionClusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  capabilities: capabilitiesSchema,
});
export type SessionCluster = z.infer<typeof sessionClusterSchema>;

const sessionSchema = z.object({
  user: z.object({ name: z.string(), groups: z.array(z.string()) }),
  authMode: authModeSchema,
  csrfToken: z.string(),
  clusters: z.array(sessionClusterSchema),
});
export type Session = z.infer<typeof sessionSchema>;

const clusterInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  server: z.string(),
  healthy: z.boolean(),
  version: z.string().optional(),
  error: z.string().optional(),
  credentials: z.enum(['ok', 'rejected', 'unavailable', 'unreachable', 'unknown']),
  identity: z.string().optional(),
  credentialsProblem: z.string().optional(),
});
export type ClusterInfo = z.infer<typeof clusterInfoSchema>;

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
    queryFn: ({ signal }) => requestJson('/api/clusters', z.array(clusterInfoSchema), { signal }),
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
