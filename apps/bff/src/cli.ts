import { parseArgs } from 'node:util';
import { ConfigError, type BffConfigInput } from './config.js';

/** Every flag, its environment variable and what it does; the help text is built from this. */
const flags = {
  port: {
    env: ['GATEHOUSE_PORT', 'PORT'],
    help: 'port to listen on (0 picks a free one)',
    default: '8080',
  },
  host: { env: ['GATEHOUSE_HOST'], help: 'address to listen on', default: '127.0.0.1' },
  'public-origin': {
    env: ['GATEHOUSE_PUBLIC_ORIGIN'],
    help: 'origin browsers use, e.g. https://gatehouse.example.com',
  },
  'data-dir': {
    env: ['GATEHOUSE_DATA_DIR'],
    help: 'audit log, session keys, revocations, embedded cluster',
    default: '.data',
  },
  kubeconfig: {
    env: ['GATEHOUSE_KUBECONFIG'],
    help: 'kubeconfig whose contexts are the clusters (KUBECONFIG is not read: an exported one never switches clusters)',
  },
  'cluster-source': {
    env: ['GATEHOUSE_CLUSTER_SOURCE'],
    help: 'embedded|kubeconfig|in-cluster (default: kubeconfig with --kubeconfig, in-cluster when KUBERNETES_SERVICE_HOST is set, else embedded)',
  },
  'in-cluster-name': {
    env: ['GATEHOUSE_IN_CLUSTER_NAME'],
    help: 'name of the cluster the pod runs in (default in-cluster)',
  },
  context: { env: ['GATEHOUSE_CONTEXTS'], help: 'only these contexts (comma separated)' },
  'state-store': {
    env: ['GATEHOUSE_STATE_STORE'],
    help: 'dir|cluster: session keys, revocations and the sweep lease in the data dir, or in gatehouse-system (default: cluster in-cluster, else dir)',
  },
  'state-cluster': {
    env: ['GATEHOUSE_STATE_CLUSTER'],
    help: 'cluster id holding console state with --state-store cluster (default: the pod’s own)',
  },
  replica: {
    env: ['GATEHOUSE_REPLICA'],
    help: 'this replica’s name in audit records and the sweep lease (default: host name)',
  },
  'lease-seconds': {
    env: ['GATEHOUSE_LEASE_SECONDS'],
    help: 'how long the sweep lease holds without renewal (default 15)',
  },
  'audit-file': {
    env: ['GATEHOUSE_AUDIT_FILE'],
    help: 'also append audit JSON lines here (default: DATA/audit/audit.log with the dir store; stdout always)',
  },
  auth: { env: ['GATEHOUSE_AUTH'], help: 'sign-in modes, comma separated: oidc,token,demo' },
  'oidc-issuer': { env: ['GATEHOUSE_OIDC_ISSUER'], help: 'OIDC issuer URL' },
  'oidc-client-id': { env: ['GATEHOUSE_OIDC_CLIENT_ID'], help: 'OIDC client id' },
  'oidc-client-secret': {
    env: ['GATEHOUSE_OIDC_CLIENT_SECRET'],
    help: 'OIDC client secret (prefer the environment variable)',
  },
  'oidc-scopes': {
    env: ['GATEHOUSE_OIDC_SCOPES'],
    help: 'scopes, comma separated (default openid,profile,email,groups)',
  },
  'oidc-username-claim': {
    env: ['GATEHOUSE_OIDC_USERNAME_CLAIM'],
    help: 'claim naming the user (default email)',
  },
  'oidc-groups-claim': {
    env: ['GATEHOUSE_OIDC_GROUPS_CLAIM'],
    help: 'claim listing groups (default groups)',
  },
  'oidc-username-prefix': {
    env: ['GATEHOUSE_OIDC_USERNAME_PREFIX'],
    help: 'prefix added to user names, as the cluster does',
  },
  'oidc-groups-prefix': {
    env: ['GATEHOUSE_OIDC_GROUPS_PREFIX'],
    help: 'prefix added to groups, as the cluster does',
  },
  'oidc-refresh-groups': {
    env: ['GATEHOUSE_OIDC_REFRESH_GROUPS'],
    help: 're-read groups with the IdP refresh token once they are this many seconds old (default off)',
  },
  'oidc-redirect-url': {
    env: ['GATEHOUSE_OIDC_REDIRECT_URL'],
    help: 'callback URL (default <public origin>/api/auth/oidc/callback)',
  },
  'session-keys': {
    env: ['GATEHOUSE_SESSION_KEYS'],
    help: '32-byte base64url keys, comma separated, first seals (prefer the env var)',
  },
  'session-idle': {
    env: ['GATEHOUSE_SESSION_IDLE_SECONDS'],
    help: 'idle timeout in seconds (default 1800)',
  },
  'session-max': {
    env: ['GATEHOUSE_SESSION_MAX_SECONDS'],
    help: 'absolute session lifetime in seconds (default 28800)',
  },
  'tls-cert': { env: ['GATEHOUSE_TLS_CERT'], help: 'serve HTTPS with this certificate (PEM file)' },
  'tls-key': { env: ['GATEHOUSE_TLS_KEY'], help: 'private key for --tls-cert (PEM file)' },
  'web-dir': {
    env: ['GATEHOUSE_WEB_DIR'],
    help: 'built web app to serve (default apps/web/dist when present)',
  },
  'log-level': {
    env: ['GATEHOUSE_LOG_LEVEL'],
    help: 'fatal|error|warn|info|debug|trace|silent (default info)',
  },
  'trust-proxy': {
    env: ['GATEHOUSE_TRUST_PROXY'],
    help: 'number of reverse proxy hops in front (default 0)',
  },
  'sign-in-rate-limit': {
    env: ['GATEHOUSE_SIGN_IN_RATE_LIMIT'],
    help: 'token and OIDC sign-in attempts per minute per client IP (default 30)',
  },
  'upstream-timeout': {
    env: ['GATEHOUSE_UPSTREAM_TIMEOUT_MS'],
    help: 'timeout of cluster calls in ms (default 15000)',
  },
  'watches-per-session': {
    env: ['GATEHOUSE_WATCHES_PER_SESSION'],
    help: 'watches one session may hold open at once (default 16)',
  },
  'body-limit': {
    env: ['GATEHOUSE_BODY_LIMIT_BYTES'],
    help: 'largest request body in bytes (default 1048576)',
  },
  seed: { env: ['GATEHOUSE_SEED'], help: 'embedded devcluster seed: demo|empty (default demo)' },
  'embedded-clusters': {
    env: ['GATEHOUSE_EMBEDDED_CLUSTERS'],
    help: 'embedded devclusters to start, comma separated: dev,staging (default both)',
  },
  'home-cluster': {
    env: ['GATEHOUSE_HOME_CLUSTER'],
    help: 'cluster id holding fleet objects (AccessPolicies) (default: the pod’s own, else the first)',
  },
  'cluster-labels': {
    env: ['GATEHOUSE_CLUSTER_LABELS'],
    help: 'labels of clusters for placements, comma separated ID:KEY=VALUE (e.g. prod-eu:env=prod)',
  },
  'access-levels': {
    env: ['GATEHOUSE_ACCESS_LEVELS'],
    help: 'collaborator levels as level=ClusterRole, comma separated (default viewer=view,developer=edit,admin=admin)',
  },
  'kubeconfig-token-seconds': {
    env: ['GATEHOUSE_KUBECONFIG_TOKEN_SECONDS'],
    help: 'lifetime of a downloaded kubeconfig token (default 28800)',
  },
  'kubeconfig-max-token-seconds': {
    env: ['GATEHOUSE_KUBECONFIG_MAX_TOKEN_SECONDS'],
    help: 'longest lifetime a download may ask for (default 604800)',
  },
  'kubeconfig-oidc-clusters': {
    env: ['GATEHOUSE_KUBECONFIG_OIDC_CLUSTERS'],
    help: 'cluster ids that trust the OIDC issuer: kubeconfigs use kubectl oidc-login',
  },
  'kubeconfig-rate-limit': {
    env: ['GATEHOUSE_KUBECONFIG_RATE_LIMIT'],
    help: 'kubeconfig downloads per minute per person (default 10)',
  },
  'kubeconfig-max-live': {
    env: ['GATEHOUSE_KUBECONFIG_MAX_LIVE'],
    help: 'unexpired kubeconfig files per person per project (default 20)',
  },
  'expiry-sweep-seconds': {
    env: ['GATEHOUSE_EXPIRY_SWEEP_SECONDS'],
    help: 'how often expired invitations are removed (default 30)',
  },
} as const satisfies Record<string, { env: readonly string[]; help: string; default?: string }>;

type Flag = keyof typeof flags;

export function helpText(): string {
  const lines = Object.entries(flags).map(
    ([name, f]) => `  --${name.padEnd(22)} ${f.help}  [env ${f.env.join(', ')}]`,
  );
  return `Usage: node apps/bff/dist/main.js [flags]\n\n${lines.join('\n')}\n  --help                   this text\n`;
}

/** Reads flags (which win) and environment variables into an unvalidated config. */
export function configFromArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { help: true } | { help: false; config: BffConfigInput } {
  const options = Object.fromEntries(
    Object.keys(flags).map((name) => [name, { type: 'string' as const }]),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new ConfigError([(err as Error).message]);
  }
  if (values.help === true) return { help: true };
  const problems: string[] = [];
  const get = (name: Flag): string | undefined => {
    const v = values[name];
    if (typeof v === 'string') return v;
    for (const e of flags[name].env) if (env[e] !== undefined && env[e] !== '') return env[e];
    return undefined;
  };
  const int = (name: Flag): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) problems.push(`--${name}: "${v}" is not a whole number`);
    return Number(v);
  };
  const list = (name: Flag): string[] | undefined =>
    get(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);

  const issuer = get('oidc-issuer');
  const clientId = get('oidc-client-id');
  if ((issuer === undefined) !== (clientId === undefined))
    problems.push('--oidc-issuer and --oidc-client-id go together');
  const certFile = get('tls-cert');
  const keyFile = get('tls-key');
  if ((certFile === undefined) !== (keyFile === undefined))
    problems.push('--tls-cert and --tls-key go together');

  const config: BffConfigInput = {
    host: get('host'),
    port: int('port'),
    publicOrigin: get('public-origin'),
    dataDir: get('data-dir'),
    kubeconfig: get('kubeconfig')?.split(':')[0],
    clusterSource: (get('cluster-source') ??
      (get('kubeconfig') === undefined && env.KUBERNETES_SERVICE_HOST
        ? 'in-cluster'
        : undefined)) as BffConfigInput['clusterSource'],
    inCluster: {
      name: get('in-cluster-name'),
      // Only tests and unusual mounts move it; a pod has its ServiceAccount under /.
      root: env.GATEHOUSE_IN_CLUSTER_ROOT || undefined,
    },
    contexts: list('context'),
    stateStore: get('state-store') as BffConfigInput['stateStore'],
    stateCluster: get('state-cluster'),
    replica: get('replica'),
    leaseSeconds: int('lease-seconds'),
    auditFile: get('audit-file'),
    auth: list('auth') as BffConfigInput['auth'],
    oidc:
      issuer !== undefined && clientId !== undefined
        ? {
            issuer,
            clientId,
            clientSecret: get('oidc-client-secret'),
            scopes: list('oidc-scopes'),
            usernameClaim: get('oidc-username-claim'),
            groupsClaim: get('oidc-groups-claim'),
            usernamePrefix: get('oidc-username-prefix'),
            groupsPrefix: get('oidc-groups-prefix'),
            redirectUrl: get('oidc-redirect-url'),
            refreshGroupsSeconds: int('oidc-refresh-groups'),
          }
        : undefined,
    sessionKeys: list('session-keys'),
    sessionIdleSeconds: int('session-idle'),
    sessionMaxSeconds: int('session-max'),
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    webDir: get('web-dir'),
    logLevel: get('log-level') as BffConfigInput['logLevel'],
    trustProxy: int('trust-proxy'),
    signInRateLimit: int('sign-in-rate-limit'),
    upstreamTimeoutMs: int('upstream-timeout'),
    bodyLimitBytes: int('body-limit'),
    watchesPerSession: int('watches-per-session'),
    embeddedSeed: get('seed') as BffConfigInput['embeddedSeed'],
    embeddedClusters: list('embedded-clusters') as BffConfigInput['embeddedClusters'],
    homeCluster: get('home-cluster'),
    clusterLabels: clusterLabels(list('cluster-labels'), problems),
    accessLevels: list('access-levels')?.map((pair) => {
      const [name = '', clusterRole = ''] = pair.split('=');
      if (!name || !clusterRole)
        problems.push(`--access-levels: "${pair}" is not level=ClusterRole`);
      return { name, clusterRole };
    }),
    kubeconfigFiles: {
      tokenSeconds: int('kubeconfig-token-seconds'),
      maxTokenSeconds: int('kubeconfig-max-token-seconds'),
      oidcClusters: list('kubeconfig-oidc-clusters'),
      mintsPerMinute: int('kubeconfig-rate-limit'),
      maxLivePerProject: int('kubeconfig-max-live'),
    },
    expirySweepSeconds: int('expiry-sweep-seconds'),
  };
  if (problems.length) throw new ConfigError(problems);
  return { help: false, config: dropUndefined(config) };
}

/** `ID:KEY=VALUE` entries as labels by cluster id (validated with the config). */
function clusterLabels(
  entries: string[] | undefined,
  problems: string[],
): Record<string, Record<string, string>> | undefined {
  if (!entries) return undefined;
  const out: Record<string, Record<string, string>> = {};
  for (const e of entries) {
    const m = /^([^:=]+):([^=]+)=(.*)$/.exec(e);
    if (!m) {
      problems.push(`--cluster-labels: "${e}" is not ID:KEY=VALUE`);
      continue;
    }
    (out[m[1]!] ??= {})[m[2]!] = m[3]!;
  }
  return out;
}

function dropUndefined<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}
