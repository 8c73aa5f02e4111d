// The clusters the BFF talks to and how it authenticates to each, from a kubeconfig or from the pod it
// runs in. @kubernetes/client-node's KubeConfig reads the file (paths relative to it, clusters, users,
// contexts, tls-server-name, proxy-url) and the in-cluster layout; credentials are resolved in
// bff-auth.ts. What Gatehouse refuses is checked on the raw file first, so each problem names its context.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  execAuth,
  execConfigSchema,
  staticAuth,
  tokenFileAuth,
  type BffAuth,
  type ExecClusterInfo,
} from './bff-auth.js';
import { ConfigError } from './config.js';

export type ClusterSource = 'embedded' | 'kubeconfig' | 'in-cluster';

/** A cluster the BFF talks to, with the BFF's own credentials for it. */
export interface ClusterTarget {
  id: string;
  name: string;
  server: string;
  caPem?: string;
  /** SNI and the name the server certificate is checked against, when not the server's host. */
  tlsServerName?: string;
  /** http(s):// or socks5:// proxy the cluster is reached through. */
  proxyUrl?: string;
  source: ClusterSource;
  bffAuth: BffAuth;
}

const clusterSchema = z.object({
  server: z.url({ protocol: /^https$/, error: 'the BFF talks to clusters over https only' }),
  'certificate-authority-data': z.string().optional(),
  'certificate-authority': z.string().optional(),
  'insecure-skip-tls-verify': z.boolean().optional(),
  'tls-server-name': z.string().min(1).optional(),
  'proxy-url': z
    .url({ protocol: /^(https?|socks5h?)$/, error: 'proxy-url must be http, https or socks5' })
    .optional(),
});

const userSchema = z.object({
  token: z.string().optional(),
  tokenFile: z.string().optional(),
  'client-certificate-data': z.string().optional(),
  'client-certificate': z.string().optional(),
  'client-key-data': z.string().optional(),
  'client-key': z.string().optional(),
  exec: z.unknown().optional(),
  'auth-provider': z.unknown().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  as: z.string().optional(),
  'as-uid': z.string().optional(),
  'as-groups': z.unknown().optional(),
  'as-user-extra': z.unknown().optional(),
});

const kubeconfigSchema = z.object({
  clusters: z.array(z.object({ name: z.string().min(1), cluster: clusterSchema })),
  users: z.array(z.object({ name: z.string().min(1), user: userSchema.nullable() })).default([]),
  contexts: z.array(
    z.object({
      name: z.string().min(1),
      context: z.object({ cluster: z.string(), user: z.string().default('') }),
    }),
  ),
});

const clusterIdPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function clusterIdOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Why the BFF will not use a kubeconfig user, or undefined. */
function refusedUser(user: z.output<typeof userSchema>): string | undefined {
  if (user.as || user['as-uid'] || user['as-groups'] || user['as-user-extra'])
    return 'impersonation (as, as-groups, as-uid, as-user-extra) is refused: the BFF impersonates only the signed-in person';
  if (user['auth-provider'])
    return 'auth-provider credentials are refused (kubectl dropped them in 1.26); use an exec plugin such as kubelogin';
  if (user.username || user.password)
    return 'basic authentication is refused (Kubernetes removed it in 1.19); use a token, client certificate or exec plugin';
  return undefined;
}

/** Each context of the kubeconfig becomes a cluster; the context's user is the BFF's identity there. */
export function clustersFromKubeconfig(
  path: string,
  onlyContexts?: string[],
  source: ClusterSource = 'kubeconfig',
): ClusterTarget[] {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
  } catch (err) {
    throw new ConfigError([`kubeconfig ${path}: ${(err as Error).message}`]);
  }
  const parsed = kubeconfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `kubeconfig ${path}: ${i.path.join('.')}: ${i.message}`),
    );
  }
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (err) {
    throw new ConfigError([`kubeconfig ${path}: ${(err as Error).message}`]);
  }
  const file = parsed.data;
  const base = dirname(path);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const problems: string[] = [];
  const targets: ClusterTarget[] = [];
  const contexts = onlyContexts
    ? kc.getContexts().filter((c) => onlyContexts.includes(c.name))
    : kc.getContexts();
  for (const missing of (onlyContexts ?? []).filter(
    (n) => !kc.getContexts().some((c) => c.name === n),
  )) {
    problems.push(`kubeconfig ${path}: no context named "${missing}"`);
  }
  for (const ctx of contexts) {
    const where = `kubeconfig ${path}, context "${ctx.name}"`;
    const cluster = kc.getCluster(ctx.cluster);
    const rawCluster = file.clusters.find((c) => c.name === ctx.cluster)?.cluster;
    if (!cluster || !rawCluster) {
      problems.push(`${where}: cluster "${ctx.cluster}" is not defined`);
      continue;
    }
    if (cluster.skipTLSVerify) {
      problems.push(
        `${where}: insecure-skip-tls-verify is refused; give the cluster's CA, or leave the context out with --context`,
      );
      continue;
    }
    const user = kc.getUser(ctx.user);
    const rawUser = file.users.find((u) => u.name === ctx.user)?.user ?? {};
    const refusal = refusedUser(rawUser);
    if (refusal) {
      problems.push(`${where}: ${refusal}`);
      continue;
    }
    const id = clusterIdOf(ctx.name);
    if (!clusterIdPattern.test(id)) {
      problems.push(`${where}: cannot make a cluster id from the context name`);
      continue;
    }
    if (targets.some((t) => t.id === id)) {
      problems.push(`${where}: cluster id "${id}" is used by two contexts`);
      continue;
    }
    try {
      const pem = (data: string | undefined, path: string | undefined) =>
        data
          ? Buffer.from(data, 'base64').toString('utf8')
          : path
            ? readFileSync(path, 'utf8')
            : undefined;
      const caPem = pem(cluster.caData, cluster.caFile);
      const certPem = pem(user?.certData, user?.certFile);
      const keyPem = pem(user?.keyData, user?.keyFile);
      const server = cluster.server.replace(/\/+$/, '');
      let bffAuth: BffAuth;
      if (rawUser.exec !== undefined) {
        const exec = execConfigSchema.safeParse(rawUser.exec);
        if (!exec.success) {
          problems.push(
            `${where}: exec: ${exec.error.issues.map((i) => `${i.path.join('.') || 'exec'}: ${i.message}`).join('; ')}`,
          );
          continue;
        }
        if (exec.data.interactiveMode === 'Always') {
          problems.push(
            `${where}: exec plugin needs a terminal (interactiveMode Always); the BFF runs it non-interactively`,
          );
          continue;
        }
        // kubectl resolves a command with a path separator against the kubeconfig's directory.
        const command = exec.data.command.includes('/')
          ? abs(exec.data.command)
          : exec.data.command;
        const info: ExecClusterInfo = {
          server,
          ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
          ...(caPem ? { 'certificate-authority-data': Buffer.from(caPem).toString('base64') } : {}),
          ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
        };
        bffAuth = execAuth(exec.data, command, info);
      } else if (rawUser.token) {
        bffAuth = staticAuth({ token: rawUser.token, certPem, keyPem }, 'token');
      } else if (rawUser.tokenFile) {
        bffAuth = tokenFileAuth(abs(rawUser.tokenFile), certPem, keyPem);
        // Fail at start, not on the first request, when the file is not there.
        readFileSync(abs(rawUser.tokenFile));
      } else {
        bffAuth = staticAuth(
          { certPem, keyPem },
          certPem ? 'client certificate' : 'no credentials',
        );
      }
      targets.push({
        id,
        name: ctx.name,
        server,
        ...(caPem ? { caPem } : {}),
        ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
        ...(cluster.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
        source,
        bffAuth,
      });
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  if (targets.length === 0) throw new ConfigError([`kubeconfig ${path}: no contexts`]);
  return targets;
}

/** Where a pod's ServiceAccount files are, under `root` (`/` in a real pod). */
export const serviceAccountDir = 'var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The cluster a pod runs in, as client-go's InClusterConfig finds it: KUBERNETES_SERVICE_HOST/PORT,
 * the ServiceAccount's projected token (re-read as the kubelet rotates it) and the service CA.
 */
export function inClusterTarget(env: NodeJS.ProcessEnv, name: string, root = '/'): ClusterTarget {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port)
    throw new ConfigError([
      'in-cluster mode needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT (set in every pod)',
    ]);
  const kc = new KubeConfig();
  // client-node builds paths as prefix + '/var/run/…'.
  kc.loadFromCluster(root === '/' ? '' : root.replace(/\/+$/, ''));
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const tokenFile: unknown = (
    user?.authProvider as { config?: { tokenFile?: unknown } } | undefined
  )?.config?.tokenFile;
  if (!cluster || typeof tokenFile !== 'string' || !cluster.caFile)
    throw new ConfigError(['in-cluster configuration could not be built']);
  if (!cluster.server.startsWith('https://'))
    throw new ConfigError([
      `in-cluster: the BFF talks to clusters over https only (${cluster.server})`,
    ]);
  let caPem: string;
  try {
    caPem = readFileSync(cluster.caFile, 'utf8');
    readFileSync(tokenFile);
  } catch (err) {
    throw new ConfigError([
      `in-cluster: cannot read the ServiceAccount's files: ${(err as Error).message}`,
    ]);
  }
  const id = clusterIdOf(name);
  if (!clusterIdPattern.test(id))
    throw new ConfigError([`in-cluster: cannot make a cluster id from the name "${name}"`]);
  return {
    id,
    name,
    server: cluster.server,
    caPem,
    source: 'in-cluster',
    bffAuth: tokenFileAuth(tokenFile),
  };
}
