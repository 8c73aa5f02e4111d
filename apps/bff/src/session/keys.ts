import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SessionKey {
  kid: string;
  secret: Uint8Array;
}

/**
 * Keys sealing cookies: the first seals, all open (rotation). Each key has its own HMAC key for CSRF
 * tokens, made from it. The set can be replaced while running (the keys Secret changed).
 */
export class KeyRing {
  private ring: Array<SessionKey & { csrfKey: Buffer }> = [];

  constructor(secrets: Uint8Array[]) {
    this.replace(secrets);
  }

  /** Takes a new set of keys; the first seals from now on. */
  replace(secrets: Uint8Array[]): void {
    if (secrets.length === 0) throw new Error('at least one session key is needed');
    this.ring = secrets.map((secret) => ({
      kid: createHash('sha256').update(secret).digest('base64url').slice(0, 8),
      secret,
      csrfKey: createHmac('sha256', secret).update('gatehouse csrf').digest(),
    }));
  }

  get keys(): SessionKey[] {
    return this.ring.map(({ kid, secret }) => ({ kid, secret }));
  }

  /** Key ids only, for logs: never the keys. */
  get kids(): string[] {
    return this.ring.map((k) => k.kid);
  }

  get current(): SessionKey {
    return this.ring[0]!;
  }

  find(kid: unknown): SessionKey | undefined {
    return this.ring.find((k) => k.kid === kid);
  }

  /** A CSRF token bound to a session id (or a pre-sign-in id), so it is useless with any other cookie. */
  csrfToken(binding: string): string {
    return createHmac('sha256', this.ring[0]!.csrfKey).update(binding).digest('base64url');
  }

  /** Accepts a token made with any key still in the ring, so a rotation does not break open pages. */
  csrfMatches(binding: string, token: string): boolean {
    const got = Buffer.from(token);
    let ok = false;
    for (const k of this.ring) {
      const want = Buffer.from(createHmac('sha256', k.csrfKey).update(binding).digest('base64url'));
      if (want.length === got.length && timingSafeEqual(want, got)) ok = true;
    }
    return ok;
  }
}

/** Session keys as written in config and in the keys Secret: base64url of 32 bytes each. */
export const sessionKeyPattern = /^[A-Za-z0-9_-]{43}$/;

/** Parses one key per line (blank lines and # comments ignored); throws naming the bad line. */
export function parseKeyList(text: string, where: string): Uint8Array[] {
  const keys: Uint8Array[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    if (!sessionKeyPattern.test(line))
      throw new Error(
        `${where}, line ${i + 1}: a session key is 32 bytes in base64url (43 characters)`,
      );
    keys.push(Buffer.from(line, 'base64url'));
  });
  if (keys.length === 0) throw new Error(`${where} holds no session key`);
  return keys;
}

export function newSessionKey(): string {
  return randomBytes(32).toString('base64url');
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
