// The groups each person had at their last sign-in to Gatehouse. Kubernetes keeps no list of a
// user's groups (the authenticator supplies them per request), so "can joe …?" would otherwise see
// only the groups someone types. One record per user name, replaced at every sign-in.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Cluster } from '../clusters.js';
import { CONTROLLER } from '../kubeconfig/identity.js';
import { SYSTEM_NAMESPACE } from '../projects/model.js';

export const SIGN_IN_LABEL = 'gatehouse.dev/sign-in-record';
const configMaps = `/api/v1/namespaces/${SYSTEM_NAMESPACE}/configmaps`;

export const signInRecordSchema = z.object({
  user: z.string(),
  /** As the authenticator gave them at sign-in (system:authenticated included where it was). */
  groups: z.array(z.string()),
  /** ISO time of the sign-in. */
  at: z.string(),
  authMode: z.enum(['oidc', 'token', 'demo']),
  /** OIDC: the issuer URL. */
  issuer: z.string().optional(),
  /** Token and demo sign-ins: the cluster whose authenticator said who the token is. */
  cluster: z.string().optional(),
});
export type SignInRecord = z.infer<typeof signInRecordSchema>;

export interface SignInRecords {
  record(r: SignInRecord): Promise<void>;
  /** The last sign-in of a user name, or undefined when none is recorded. */
  lookup(user: string): Promise<SignInRecord | undefined>;
  /** Every recorded last sign-in. */
  list(): Promise<SignInRecord[]>;
}

/** Object and file names: a hash, so user names need no escaping and are not spelled out in names. */
export function signInRecordName(user: string): string {
  return `gatehouse-sign-in-${createHash('sha256').update(user).digest('hex').slice(0, 40)}`;
}

function parse(text: string | undefined, user?: string): SignInRecord | undefined {
  if (!text) return undefined;
  try {
    const r = signInRecordSchema.safeParse(JSON.parse(text));
    if (!r.success) return undefined;
    // A record answers only under the name it is filed by: a hand-edited one never speaks for another.
    const name = user ?? r.data.user;
    return r.data.user === name ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Files in <data-dir>/sign-ins, written atomically (the single-process console). */
export class DirSignIns implements SignInRecords {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'sign-ins');
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  async record(r: SignInRecord): Promise<void> {
    const name = signInRecordName(r.user);
    const tmp = join(this.dir, `.${name}.${process.pid}.tmp`);
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(r));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, `${name}.json`));
  }

  async lookup(user: string): Promise<SignInRecord | undefined> {
    const text = await readFile(join(this.dir, `${signInRecordName(user)}.json`), 'utf8').catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      },
    );
    return parse(text, user);
  }

  async list(): Promise<SignInRecord[]> {
    const out: SignInRecord[] = [];
    for (const f of await readdir(this.dir)) {
      if (!f.startsWith('gatehouse-sign-in-') || !f.endsWith('.json')) continue;
      const r = parse(await readFile(join(this.dir, f), 'utf8').catch(() => undefined));
      if (r && `${signInRecordName(r.user)}.json` === f) out.push(r);
    }
    return out;
  }
}

/**
 * ConfigMaps in gatehouse-system of the home cluster, written and read as gatehouse-controller, so
 * every replica sees the same record. Read on demand (a GET per analysis of a User), not watched.
 */
export class ClusterSignIns implements SignInRecords {
  constructor(private readonly cluster: Cluster) {}

  async record(r: SignInRecord): Promise<void> {
    const name = signInRecordName(r.user);
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: SYSTEM_NAMESPACE,
        labels: { [SIGN_IN_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'gatehouse' },
      },
      data: { record: JSON.stringify(r) },
    };
    const client = this.cluster.client;
    let res = await client.json<{ message?: string }>('POST', configMaps, CONTROLLER, object);
    // Signed in before: replace it. An update without resourceVersion: the last sign-in wins.
    if (res.status === 409)
      res = await client.json('PUT', `${configMaps}/${name}`, CONTROLLER, object);
    if (res.status !== 200 && res.status !== 201)
      throw new Error(
        `cannot record the sign-in in ${SYSTEM_NAMESPACE}: HTTP ${res.status} ${res.body.message ?? ''}`,
      );
  }

  async lookup(user: string): Promise<SignInRecord | undefined> {
    const res = await this.cluster.client.json<{ data?: Record<string, string>; message?: string }>(
      'GET',
      `${configMaps}/${signInRecordName(user)}`,
      CONTROLLER,
    );
    if (res.status === 404) return undefined;
    if (res.status !== 200)
      throw new Error(
        `cannot read sign-in records in ${SYSTEM_NAMESPACE}: HTTP ${res.status} ${res.body.message ?? ''}`,
      );
    return parse(res.body.data?.record, user);
  }

  async list(): Promise<SignInRecord[]> {
    const res = await this.cluster.client.json<{
      items?: Array<{ metadata?: { name?: string }; data?: Record<string, string> }>;
      message?: string;
    }>(
      'GET',
      `${configMaps}?labelSelector=${encodeURIComponent(`${SIGN_IN_LABEL}=true`)}`,
      CONTROLLER,
    );
    if (res.status !== 200)
      throw new Error(
        `cannot list sign-in records in ${SYSTEM_NAMESPACE}: HTTP ${res.status} ${res.body.message ?? ''}`,
      );
    return (res.body.items ?? []).flatMap((o) => {
      const r = parse(o.data?.record);
      return r && o.metadata?.name === signInRecordName(r.user) ? [r] : [];
    });
  }
}
