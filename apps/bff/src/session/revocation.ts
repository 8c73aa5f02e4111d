import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** How long a "not revoked" answer is trusted before the file is looked at again. */
const revocationRecheckMs = 1_000;
const notRevokedCacheSize = 10_000;

/** Signed-out sessions, wherever they are kept; a cookie of a revoked session is refused. */
export interface Revocations {
  isRevoked(sid: string): Promise<boolean>;
  /** Durable before it resolves, and seen by every replica within a second. */
  revoke(sid: string, expiresAtSeconds: number): Promise<void>;
  /** Drops records of sessions that have expired anyway; their cookies are refused by age. */
  prune(nowSeconds: number): Promise<number>;
}

export const sidPattern = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Revoked session ids as files in the data directory: the store of the single-process console (and
 * of replicas sharing a volume). In a cluster, `ClusterRevocations` keeps them in gatehouse-system.
 */
export class RevocationStore implements Revocations {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'sessions', 'revoked');
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /**
   * Sessions found not revoked, with when that was seen: a stat per request was a tenth of a proxied
   * read's cost, and a sign-out on another replica only needs to be seen within a second.
   */
  private readonly notRevoked = new Map<string, number>();

  async isRevoked(sid: string): Promise<boolean> {
    if (!sidPattern.test(sid)) return true;
    const now = Date.now();
    const seen = this.notRevoked.get(sid);
    if (seen !== undefined && now - seen < revocationRecheckMs) return false;
    try {
      await stat(join(this.dir, sid));
      this.notRevoked.delete(sid);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (this.notRevoked.size >= notRevokedCacheSize)
        this.notRevoked.delete(this.notRevoked.keys().next().value!);
      this.notRevoked.set(sid, now);
      return false;
    }
  }

  /** Durable before it returns: written, fsynced and renamed into place. */
  async revoke(sid: string, expiresAtSeconds: number): Promise<void> {
    if (!sidPattern.test(sid)) return;
    this.notRevoked.delete(sid);
    const tmp = join(this.dir, `.${sid}.tmp`);
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(String(expiresAtSeconds));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, sid));
    const dirHandle = await open(this.dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }

  /** Drops entries of sessions that have expired anyway; their cookies are refused by age. */
  async prune(nowSeconds: number): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      if (!sidPattern.test(name)) continue;
      const path = join(this.dir, name);
      const expires = Number(await readFile(path, 'utf8').catch(() => 'NaN'));
      if (Number.isFinite(expires) && expires < nowSeconds) {
        await unlink(path).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }
}
