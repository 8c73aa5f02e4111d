import { afterAll, beforeAll, expect } from 'vitest';
import type { AuthConfigResponse, SessionResponse } from '../../src/contract.js';
import { startBff, type BffConfigInput, type RunningBff } from '../../src/index.js';
import { Browser } from './browser.js';
import { tempDir } from './clusters.js';

/** Collects what the BFF writes (logs, audit lines) as text lines. */
export class Lines {
  readonly lines: string[] = [];
  write(chunk: string | Buffer): boolean {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    return true;
  }
  end(): void {}
  json(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface TestBff extends RunningBff {
  logs: Lines;
  auditOut: Lines;
  browser(): Browser;
}

export async function startTestBff(config: BffConfigInput): Promise<TestBff> {
  const logs = new Lines();
  const auditOut = new Lines();
  const running = await startBff(
    { host: '127.0.0.1', port: 0, logLevel: 'info', ...config },
    { logDestination: logs, auditStdout: auditOut },
  );
  return { ...running, logs, auditOut, browser: () => new Browser(running.url) };
}

export interface SuiteBff {
  readonly bff: TestBff;
  readonly dataDir: string;
}

/** A BFF with its own embedded devcluster and data dir for the enclosing describe block. */
export function embeddedBffForSuite(prefix: string, config: BffConfigInput = {}): SuiteBff {
  const dir = tempDir(prefix);
  let bff: TestBff | undefined;
  beforeAll(async () => {
    bff = await startTestBff({ dataDir: dir.path, ...config });
  });
  afterAll(async () => {
    await bff?.close();
    dir.remove();
  });
  return {
    get bff() {
      if (!bff) throw new Error('the suite BFF starts in beforeAll');
      return bff;
    },
    dataDir: dir.path,
  };
}

/** Loads the sign-in page's config, keeping its CSRF token as the web app would. */
export async function authConfig(b: Browser): Promise<AuthConfigResponse> {
  const r = await b.get('/api/auth/config');
  expect(r.status).toBe(200);
  const cfg = r.json<AuthConfigResponse>();
  b.csrfToken = cfg.csrfToken;
  return cfg;
}

export async function session(b: Browser): Promise<SessionResponse> {
  const r = await b.get('/api/session');
  expect(r.status, r.text).toBe(200);
  const s = r.json<SessionResponse>();
  b.csrfToken = s.csrfToken;
  return s;
}

export async function demoSignIn(b: Browser, user: string): Promise<SessionResponse> {
  await authConfig(b);
  const r = await b.post('/api/auth/demo', { user });
  expect(r.status, r.text).toBe(204);
  return session(b);
}

export async function tokenSignIn(
  b: Browser,
  token: string,
  cluster?: string,
): Promise<SessionResponse> {
  await authConfig(b);
  const r = await b.post('/api/auth/token', { token, ...(cluster ? { cluster } : {}) });
  expect(r.status, r.text).toBe(204);
  return session(b);
}
