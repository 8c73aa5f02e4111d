import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './config.js';

/** A cluster the BFF talks to, with the BFF's own credentials for it. */
export interface ClusterTarget {
  id: string;
  name: string;
  server: string;
  caPem?: string;
  bffCredentials: { token?: string; certPem?: string; keyPem?: string };
}

const clusterSchema = z.object({
  server: z.url({ protocol: /^https$/, error: 'the BFF talks to clusters over https only' }),
  'certificate-authority-data': z.string().optional(),
  'certificate-authority': z.string().optional(),
  'insecure-skip-tls-verify': z.boolean().optional(),
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

/** Each context of the kubeconfig becomes a cluster; the context's user is the BFF's identity there. */
export function clustersFromKubeconfig(path: string, onlyContexts?: string[]): ClusterTarget[] {
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
  const kc = parsed.data;
  const base = dirname(path);
  const file = (p: string) => readFileSync(isAbsolute(p) ? p : resolve(base, p), 'utf8');
  const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
  const problems: string[] = [];
  const targets: ClusterTarget[] = [];
  const contexts = onlyContexts
    ? kc.contexts.filter((c) => onlyContexts.includes(c.name))
    : kc.contexts;
  for (const missing of (onlyContexts ?? []).filter(
    (n) => !kc.contexts.some((c) => c.name === n),
  )) {
    problems.push(`kubeconfig ${path}: no context named "${missing}"`);
  }
  for (const ctx of contexts) {
    const cluster = kc.clusters.find((c) => c.name === ctx.context.cluster)?.cluster;
    const user = kc.users.find((u) => u.name === ctx.context.user)?.user ?? {};
    const where = `kubeconfig ${path}, context "${ctx.name}"`;
    if (!cluster) {
      problems.push(`${where}: cluster "${ctx.context.cluster}" is not defined`);
      continue;
    }
    if (cluster['insecure-skip-tls-verify']) {
      problems.push(
        `${where}: insecure-skip-tls-verify is refused; give the cluster's CA, or leave the context out with --context`,
      );
      continue;
    }
    if (user.exec || user['auth-provider']) {
      problems.push(
        `${where}: exec and auth-provider credentials are not supported for the BFF; use a token or client certificate, or leave the context out with --context`,
      );
      continue;
    }
    const id = ctx.name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '');
    if (!clusterIdPattern.test(id)) {
      problems.push(`${where}: cannot make a cluster id from the context name`);
      continue;
    }
    if (targets.some((t) => t.id === id)) {
      problems.push(`${where}: cluster id "${id}" is used by two contexts`);
      continue;
    }
    try {
      const caData = cluster['certificate-authority-data'];
      const caFile = cluster['certificate-authority'];
      const certData = user['client-certificate-data'];
      const certFile = user['client-certificate'];
      const keyData = user['client-key-data'];
      const keyFile = user['client-key'];
      targets.push({
        id,
        name: ctx.name,
        server: cluster.server.replace(/\/+$/, ''),
        caPem: caData ? b64(caData) : caFile ? file(caFile) : undefined,
        bffCredentials: {
          token: user.token ?? (user.tokenFile ? file(user.tokenFile).trim() : undefined),
          certPem: certData ? b64(certData) : certFile ? file(certFile) : undefined,
          keyPem: keyData ? b64(keyData) : keyFile ? file(keyFile) : undefined,
        },
      });
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  if (targets.length === 0) throw new ConfigError([`kubeconfig ${path}: no contexts`]);
  return targets;
}
