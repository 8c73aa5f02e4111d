// How the BFF authenticates to a cluster: a static token, a token file re-read as it rotates, a client
// certificate, or an exec plugin (client.authentication.k8s.io). Never whom it acts as: impersonation
// headers are added per request from the session only (kube-client.ts).
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';

/** What one request authenticates with. */
export interface BffCredential {
  token?: string;
  certPem?: string;
  keyPem?: string;
}

export interface BffAuth {
  /** For the health line and errors, e.g. `token file /var/run/…/token`, `exec plugin aws`. */
  readonly description: string;
  credential(): Promise<BffCredential>;
  /** The cluster answered 401 to a credential: drop what is cached. True when a new one may differ. */
  rejected(): boolean;
}

/** The BFF's credentials could not be had (missing token file, failing exec plugin). */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

export function staticAuth(credential: BffCredential, description: string): BffAuth {
  const fixed = Promise.resolve(credential);
  return { description, credential: () => fixed, rejected: () => false };
}

/** How often a token file is looked at again (kubelet rotates projected tokens well before expiry). */
const tokenFileCheckMs = 1_000;

/**
 * A token kept in a file: a projected ServiceAccount token, or a kubeconfig's `tokenFile`. Re-read
 * when the file changes (kubelet swaps a symlink, so the inode or mtime moves); whitespace around the
 * token is dropped, as client-go does.
 */
export function tokenFileAuth(path: string, certPem?: string, keyPem?: string): BffAuth {
  let token: string | undefined;
  let stamp = '';
  let checkedAt = 0;
  const read = (): string => {
    const now = Date.now();
    if (token !== undefined && now - checkedAt < tokenFileCheckMs) return token;
    checkedAt = now;
    try {
      const st = statSync(path);
      const next = `${st.ino}:${st.mtimeMs}:${st.size}`;
      if (next !== stamp || token === undefined) {
        const text = readFileSync(path, 'utf8').trim();
        if (!text) throw new CredentialError(`token file ${path} is empty`);
        token = text;
        stamp = next;
      }
      return token;
    } catch (err) {
      token = undefined;
      stamp = '';
      if (err instanceof CredentialError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      throw new CredentialError(
        code === 'ENOENT'
          ? `token file ${path} does not exist`
          : `token file ${path} cannot be read: ${(err as Error).message}`,
      );
    }
  };
  return {
    description: `token file ${path}`,
    credential: async () => ({ token: read(), certPem, keyPem }),
    rejected: () => {
      // Read again at once: the kubelet may just have rotated it.
      const before = token;
      checkedAt = 0;
      try {
        return read() !== before;
      } catch {
        return false;
      }
    },
  };
}

export const execApiVersions = [
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
] as const;

/** A kubeconfig user's `exec` stanza (k8s.io/client-go/tools/clientcmd/api ExecConfig). */
export const execConfigSchema = z.object({
  apiVersion: z.enum(execApiVersions, {
    error: `exec apiVersion must be one of ${execApiVersions.join(', ')} (v1alpha1 was removed in Kubernetes 1.24)`,
  }),
  command: z.string().min(1),
  args: z.array(z.string()).nullish(),
  env: z.array(z.object({ name: z.string().min(1), value: z.string() })).nullish(),
  installHint: z.string().nullish(),
  provideClusterInfo: z.boolean().nullish(),
  interactiveMode: z.enum(['Never', 'IfAvailable', 'Always']).nullish(),
});
export type ExecConfig = z.output<typeof execConfigSchema>;

const execCredentialSchema = z.object({
  apiVersion: z.string(),
  kind: z.literal('ExecCredential'),
  status: z
    .object({
      token: z.string().min(1).optional(),
      clientCertificateData: z.string().min(1).optional(),
      clientKeyData: z.string().min(1).optional(),
      expirationTimestamp: z.iso.datetime({ offset: true }).optional(),
    })
    .refine((s) => s.token || (s.clientCertificateData && s.clientKeyData), {
      message: 'status has neither a token nor a client certificate and key',
    }),
});

/** What the plugin may learn of the cluster (`provideClusterInfo`), as client-go sends it. */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
}

const execTimeoutMs = 60_000;
const execOutputLimit = 1024 * 1024;

/**
 * Runs an exec credential plugin as kubectl does: the BFF's environment plus the stanza's `env`, and
 * KUBERNETES_EXEC_INFO (never interactive); the credential is kept until its expirationTimestamp, or,
 * without one, until the cluster refuses it with a 401. Concurrent requests share one run.
 */
export function execAuth(exec: ExecConfig, command: string, cluster: ExecClusterInfo): BffAuth {
  let cached: { credential: BffCredential; expires?: number } | undefined;
  let running: Promise<BffCredential> | undefined;
  const name = command.split('/').pop() ?? command;
  const info = JSON.stringify({
    apiVersion: exec.apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false, ...(exec.provideClusterInfo ? { cluster } : {}) },
  });

  const run = (): Promise<BffCredential> =>
    new Promise((resolvePromise, reject) => {
      // kubectl hands its environment on; the BFF's own settings (session keys, the OIDC client
      // secret) are none of a credential plugin's business.
      const env: NodeJS.ProcessEnv = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith('GATEHOUSE_')),
      );
      env.KUBERNETES_EXEC_INFO = info;
      for (const e of exec.env ?? []) env[e.name] = e.value;
      const fail = (why: string) =>
        reject(
          new CredentialError(
            `exec plugin ${name} ${why}${exec.installHint ? ` (${exec.installHint.trim()})` : ''}`,
          ),
        );
      const child = spawn(command, exec.args ?? [], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: execTimeoutMs,
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.length > execOutputLimit) child.kill();
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        if (err.length < 4096) err += d;
      });
      child.on('error', (e: NodeJS.ErrnoException) =>
        fail(e.code === 'ENOENT' ? `was not found (${command})` : `could not start: ${e.message}`),
      );
      child.on('close', (code, signal) => {
        if (code !== 0) {
          const detail = err.trim().split('\n').slice(-3).join(' ').slice(0, 500);
          return fail(
            `failed (${signal ? `signal ${signal}` : `exit ${code}`})${detail ? `: ${detail}` : ''}`,
          );
        }
        let parsed;
        try {
          parsed = execCredentialSchema.safeParse(JSON.parse(out));
        } catch {
          return fail('printed something that is not JSON');
        }
        if (!parsed.success)
          return fail(`printed an invalid ExecCredential: ${parsed.error.issues[0]?.message}`);
        if (parsed.data.apiVersion !== exec.apiVersion)
          return fail(
            `answered ${parsed.data.apiVersion}, but the kubeconfig asks for ${exec.apiVersion}`,
          );
        const s = parsed.data.status;
        const credential: BffCredential = {
          ...(s.token ? { token: s.token } : {}),
          ...(s.clientCertificateData && s.clientKeyData
            ? { certPem: s.clientCertificateData, keyPem: s.clientKeyData }
            : {}),
        };
        cached = {
          credential,
          ...(s.expirationTimestamp ? { expires: Date.parse(s.expirationTimestamp) } : {}),
        };
        resolvePromise(credential);
      });
    });

  return {
    description: `exec plugin ${name}`,
    credential: () => {
      if (cached && (cached.expires === undefined || Date.now() < cached.expires))
        return Promise.resolve(cached.credential);
      running ??= run().finally(() => (running = undefined));
      return running;
    },
    rejected: () => {
      cached = undefined;
      return true;
    },
  };
}
