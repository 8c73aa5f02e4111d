import { z } from 'zod';

export const authModes = ['oidc', 'token', 'demo'] as const;
export const clusterSources = ['embedded', 'kubeconfig', 'in-cluster'] as const;
export const embeddedClusterIds = ['dev', 'staging'] as const;

// Label keys and values as apimachinery's validation (IsQualifiedName, IsValidLabelValue) takes them.
const labelNamePart = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelPrefix = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;
export function validLabelKey(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const [prefixOrName = '', name] = parts;
  if (name === undefined) return labelNamePart.test(prefixOrName);
  return prefixOrName.length <= 253 && labelPrefix.test(prefixOrName) && labelNamePart.test(name);
}
export const labelsSchema = z.record(
  z.string().refine(validLabelKey, 'must be a label key (name or prefix/name)'),
  z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, 'must be a label value'),
);
export type ClusterSource = (typeof clusterSources)[number];
/** Where console state (session keys, revocations, the sweep's lease) lives. */
export const stateStores = ['dir', 'cluster'] as const;
export type StateStore = (typeof stateStores)[number];
export type AuthMode = (typeof authModes)[number];

const oidcSchema = z
  .object({
    issuer: z.url({ protocol: /^https?$/ }),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/))
      .min(1)
      .default(['openid', 'profile', 'email', 'groups']),
    usernameClaim: z.string().min(1).default('email'),
    groupsClaim: z.string().min(1).default('groups'),
    usernamePrefix: z.string().default(''),
    groupsPrefix: z.string().default(''),
    redirectUrl: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Re-read the user's groups with the refresh token (when the IdP gave one) once they are this
     * old; the session ends if the IdP refuses. Off by default: groups stay as at sign-in.
     */
    refreshGroupsSeconds: z.number().int().positive().optional(),
  })
  .strict();

export const bffConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** The origin browsers use (scheme://host[:port]); defaults to the listen address. */
    publicOrigin: z.url({ protocol: /^https?$/ }).optional(),
    dataDir: z.string().min(1).default('.data'),
    /** Kubeconfig whose contexts become clusters; without it an embedded devcluster is started. */
    kubeconfig: z.string().min(1).optional(),
    /** Where clusters come from; default: the kubeconfig when given, else the embedded devcluster. */
    clusterSource: z.enum(clusterSources).optional(),
    inCluster: z
      .object({
        /** The name the pod's own cluster is shown by (its id is made from it). */
        name: z.string().min(1).default('in-cluster'),
        /** Root under which var/run/secrets/kubernetes.io/serviceaccount is found (`/` in a pod). */
        root: z.string().min(1).default('/'),
      })
      .strict()
      .prefault({}),
    contexts: z.array(z.string().min(1)).optional(),
    /**
     * `dir`: the data directory (one process, or replicas on a shared volume); `cluster`: objects in
     * gatehouse-system of the home cluster, so replicas share nothing on disk. Default: cluster
     * in-cluster, dir otherwise.
     */
    stateStore: z.enum(stateStores).optional(),
    /** The cluster id holding console state with --state-store cluster (default: the pod's own cluster). */
    stateCluster: z.string().min(1).optional(),
    /** This replica's name in the audit log and the sweep's Lease (default: the host name, a pod's name). */
    replica: z
      .string()
      .regex(/^[A-Za-z0-9][-A-Za-z0-9_.]{0,252}$/, 'must be a name like a pod name')
      .optional(),
    /** How long the sweep's Lease lasts without renewal before another replica takes it. */
    leaseSeconds: z.number().int().min(2).max(300).default(15),
    /**
     * Audit records are always written to stdout as JSON lines; also appended to this file (default:
     * DATA/audit/audit.log with the dir store, none with the cluster store).
     */
    auditFile: z.string().min(1).optional(),
    auth: z.array(z.enum(authModes)).min(1).optional(),
    oidc: oidcSchema.optional(),
    /** Base64url keys of 32 bytes, the first seals new cookies; default: a key kept in the data dir. */
    sessionKeys: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes, base64url'))
      .optional(),
    sessionIdleSeconds: z
      .number()
      .int()
      .positive()
      .default(30 * 60),
    sessionMaxSeconds: z
      .number()
      .int()
      .positive()
      .default(8 * 60 * 60),
    tls: z
      .object({ certFile: z.string().min(1), keyFile: z.string().min(1) })
      .strict()
      .optional(),
    webDir: z.string().min(1).optional(),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    trustProxy: z.number().int().min(0).default(0),
    signInRateLimit: z.number().int().positive().default(30),
    upstreamTimeoutMs: z.number().int().positive().default(15_000),
    /** Watches one session may hold open through /k8s at once. */
    watchesPerSession: z.number().int().positive().default(16),
    bodyLimitBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    embeddedSeed: z.enum(['demo', 'empty']).default('demo'),
    /**
     * The embedded devclusters, by id: `dev` (seed demo) and `staging` (seed staging, the demo's second
     * cluster), so fleet pages work with no cluster at hand. With seed empty both start empty.
     */
    embeddedClusters: z
      .array(z.enum(embeddedClusterIds))
      .min(1)
      .refine((ids) => new Set(ids).size === ids.length, 'each embedded cluster once')
      .default([...embeddedClusterIds]),
    /**
     * The cluster holding fleet objects (AccessPolicies): default the pod's own cluster in-cluster,
     * else the first cluster (embedded: dev).
     */
    homeCluster: z.string().min(1).optional(),
    /** Labels of each cluster by id, for placements by cluster selector (`env: staging`). */
    clusterLabels: z.record(z.string().min(1), labelsSchema).default({}),
    /** Access levels offered when inviting collaborators (default viewer/developer/admin → view/edit/admin). */
    accessLevels: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
            clusterRole: z.string().min(1),
            description: z.string().default(''),
          })
          .strict(),
      )
      .min(1)
      .optional(),
    kubeconfigFiles: z
      .object({
        /** Lifetime of a downloaded kubeconfig's token, and the most a download may ask for. */
        tokenSeconds: z
          .number()
          .int()
          .min(600)
          .default(8 * 3600),
        maxTokenSeconds: z
          .number()
          .int()
          .min(600)
          .default(7 * 24 * 3600),
        /** Clusters that trust the OIDC issuer: their kubeconfigs use the kubectl oidc-login exec plugin. */
        oidcClusters: z.array(z.string().min(1)).default([]),
        /** Downloads a person may make per minute (every cluster and project together). */
        mintsPerMinute: z.number().int().positive().default(10),
        /** Unexpired token files a person may hold per cluster and project. */
        maxLivePerProject: z.number().int().positive().default(20),
      })
      .strict()
      .prefault({}),
    /** How often each replica looks for expired invitations. */
    expirySweepSeconds: z.number().int().positive().default(30),
  })
  .strict()
  .superRefine((c, ctx) => {
    const modes = c.auth ?? [];
    const source = sourceOf(c);
    if (modes.includes('demo') && source !== 'embedded') {
      ctx.addIssue({
        code: 'custom',
        path: ['auth'],
        message: 'demo sign-in exists only with the embedded devcluster (no --kubeconfig)',
      });
    }
    if (source === 'kubeconfig' && !c.kubeconfig)
      ctx.addIssue({
        code: 'custom',
        path: ['kubeconfig'],
        message: 'cluster source kubeconfig needs --kubeconfig',
      });
    if (source !== 'kubeconfig' && c.kubeconfig)
      ctx.addIssue({
        code: 'custom',
        path: ['clusterSource'],
        message: `--kubeconfig cannot be used with cluster source ${source}`,
      });
    const store = c.stateStore ?? (source === 'in-cluster' ? 'cluster' : 'dir');
    if (store === 'cluster' && source === 'embedded')
      ctx.addIssue({
        code: 'custom',
        path: ['stateStore'],
        message: 'state store cluster needs a real cluster (in-cluster or --kubeconfig)',
      });
    if (store === 'cluster' && source === 'kubeconfig' && !c.stateCluster)
      ctx.addIssue({
        code: 'custom',
        path: ['stateCluster'],
        message:
          'state store cluster with --kubeconfig needs --state-cluster (the context holding gatehouse-system)',
      });
    if (store === 'cluster' && c.sessionKeys?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['sessionKeys'],
        message: `with state store cluster the session keys live in the Secret gatehouse-system/gatehouse-session-keys; --session-keys would let replicas disagree`,
      });
    if (modes.includes('oidc') && !c.oidc) {
      ctx.addIssue({
        code: 'custom',
        path: ['oidc'],
        message: 'auth mode oidc needs --oidc-issuer and --oidc-client-id',
      });
    }
    if (['0.0.0.0', '::', '[::]'].includes(c.host) && !c.publicOrigin) {
      ctx.addIssue({
        code: 'custom',
        path: ['publicOrigin'],
        message:
          'listening on all interfaces needs --public-origin (the URL browsers use), for CSRF and OIDC checks',
      });
    }
    if (c.kubeconfigFiles.tokenSeconds > c.kubeconfigFiles.maxTokenSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['kubeconfigFiles', 'tokenSeconds'],
        message: 'the kubeconfig token lifetime must not exceed its maximum',
      });
    }
    if (c.sessionIdleSeconds > c.sessionMaxSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['sessionIdleSeconds'],
        message: 'idle timeout must not exceed the absolute session lifetime',
      });
    }
  });

export type BffConfigInput = z.input<typeof bffConfigSchema>;
export type ParsedConfig = z.output<typeof bffConfigSchema>;
export type OidcConfig = z.output<typeof oidcSchema>;
export type BffConfig = Omit<ParsedConfig, 'auth' | 'clusterSource' | 'stateStore'> & {
  auth: AuthMode[];
  clusterSource: ClusterSource;
  stateStore: StateStore;
};

function sourceOf(c: Pick<ParsedConfig, 'clusterSource' | 'kubeconfig'>): ClusterSource {
  return c.clusterSource ?? (c.kubeconfig ? 'kubeconfig' : 'embedded');
}

/** Validates a config and fills defaults; throws ConfigError listing every problem. */
export function parseConfig(input: BffConfigInput): BffConfig {
  const result = bffConfigSchema.safeParse(input);
  if (!result.success)
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`),
    );
  const c = result.data;
  const clusterSource = sourceOf(c);
  const auth = c.auth ?? defaultAuthModes(c, clusterSource);
  const stateStore = c.stateStore ?? (clusterSource === 'in-cluster' ? 'cluster' : 'dir');
  return { ...c, auth, clusterSource, stateStore };
}

function defaultAuthModes(c: ParsedConfig, source: ClusterSource): AuthMode[] {
  if (source === 'embedded') return c.oidc ? ['demo', 'oidc'] : ['demo'];
  return c.oidc ? ['oidc', 'token'] : ['token'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}
export type EmbeddedClusterId = (typeof embeddedClusterIds)[number];
