import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SessionKey {
  kid: string;
  secret: Uint8Array;
}

/** Keys sealing cookies: the first seals, all open (rotation). Separate HMAC key for CSRF tokens. */
export class KeyRing {
  readonly keys: SessionKey[];
  private readonly csrfKey: Buffer;

  constructor(secrets: Uint8Array[]) {
    if (secrets.length === 0) throw new Error('at least one session key is needed');
    this.keys = secrets.map((secret) => ({
      kid: createHash('sha256').update(secret).digest('base64url').slice(0, 8),
      secret,
    }));
    this.csrfKey = createHmac('sha256', this.keys[0]!.secret).update('gatehouse csrf').digest();
  }

  get current(): SessionKey {
    return this.keys[0]!;
  }

  find(kid: unknown): SessionKey | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  /** A CSRF token bound to a session id (or a pre-sign-in id), so it is useless with any other cookie. */
  csrfToken(binding: string): string {
    return createHmac('sha256', this.csrfKey).update(binding).digest('base64url');
  }

  csrfMatches(binding: string, token: string): boolean {
    const want = Buffer.from(this.csrfToken(binding));
    const got = Buffer.from(token);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

/**
 * Configured keys, or one kept in the data dir so replicas sharing it (and restarts) open each
 * other's cookies.
 */
export function loadKeyRing(configured: string[] | undefined, dataDir: string): KeyRing {
  if (configured?.length) return new KeyRing(configured.map((k) => Buffer.from(k, 'base64url')));
  const dir = join(dataDir, 'sessions');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'key');
  try {
    return new KeyRing([Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, randomBytes(32).toString('base64url'), { mode: 0o600 });
  try {
    // link() is atomic and fails if another replica won the race; then everyone reads the winner's key.
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  return new KeyRing([Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')]);
}
