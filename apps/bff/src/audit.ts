import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { AuditEntry, AuditStatus } from './contract.js';

/** What every record of one HTTP request shares, and whether that request was recorded yet. */
export interface AuditScope {
  sourceIp?: string;
  /** Set once a record of the request is written, so the catch-all adds none. */
  recorded: boolean;
}

/** The request an audit record is written for, without passing it through every writer. */
export const auditScope = new AsyncLocalStorage<AuditScope>();

/** The outcome class of an HTTP status: refusals by authorization, by validation, or breakage. */
export function auditStatusOf(code: number): AuditStatus {
  if (code >= 200 && code < 300) return 'success';
  if (code === 401 || code === 403) return 'denied';
  if (code >= 400 && code < 500) return 'rejected';
  // 1xx and 3xx never complete a change through the BFF (a redirect from a cluster is not success).
  return 'failure';
}

/** The sink cannot be written: changes are refused before anything is applied. */
export class AuditUnavailable extends Error {
  constructor(cause: unknown) {
    super(
      `the audit log cannot be written (${(cause as Error).message ?? String(cause)}); changes are refused until it can`,
    );
    this.name = 'AuditUnavailable';
  }
}

/** Where audit lines go besides the file: stdout, or a test's collector. */
export interface LineSink {
  write(line: string): unknown;
  on?(event: 'error', listener: (err: Error) => void): unknown;
}

/** How much of the end of the file /api/audit reads; older entries stay in the file. */
const tailBytes = 8 * 1024 * 1024;
/** Without a file, the newest records this replica keeps for /api/audit. */
const memoryEntries = 10_000;

/**
 * Writes every audit entry as one JSON line to stdout (`{"audit": …}`, for the cluster's log
 * pipeline, which holds the durable copy) and, when a file is configured, appends it there, fsynced
 * before the call returns so a crash loses nothing already answered. Without a file the newest
 * entries are kept in memory for /api/audit.
 */
export class AuditLog {
  readonly file: string | undefined;
  private handle: Promise<FileHandle> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The last write failed: the next change must find the sink working again first. */
  private broken: unknown;
  private readonly memory: AuditEntry[] = [];
  private stdoutError: Error | undefined;

  constructor(
    file: string | undefined,
    private readonly stdout: LineSink,
    private readonly replica: string = hostname(),
  ) {
    this.file = file;
    if (file) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      this.handle = open(file, 'a', 0o600);
    }
    stdout.on?.('error', (err: Error) => (this.stdoutError = err));
  }

  /** Where records can be read back from, for /api/audit. */
  get source(): 'file' | 'memory' {
    return this.file ? 'file' : 'memory';
  }

  /**
   * Appends one record; the request's source IP and this replica are added.
   */
  write(input: AuditEntry): Promise<void> {
    const scope = auditScope.getStore();
    if (scope) scope.recorded = true;
    const entry: AuditEntry = {
      ...input,
      ...(scope?.sourceIp && !input.sourceIp ? { sourceIp: scope.sourceIp } : {}),
      replica: input.replica ?? this.replica,
    };
    const line = JSON.stringify(entry) + '\n';
    this.stdout.write(JSON.stringify({ audit: entry }) + '\n');
    if (!this.handle) {
      this.memory.push(entry);
      if (this.memory.length > memoryEntries)
        this.memory.splice(0, this.memory.length - memoryEntries);
      return this.stdoutError ? Promise.reject(this.stdoutError) : Promise.resolve();
    }
    const handle = this.handle;
    const done = this.queue.then(async () => {
      try {
        const fh = await handle;
        await fh.appendFile(line);
        await fh.datasync();
      } catch (err) {
        this.broken = err;
        throw err;
      }
    });
    // Later writes wait for this one but do not inherit its failure.
    this.queue = done.catch(() => undefined);
    return done;
  }

  /**
   * Resolves when a record could be written now: the file at the path is the one open (reopened when
   * it was rotated away) and the last write did not fail. A change is not sent when this throws.
   */
  async ready(): Promise<void> {
    await this.queue;
    if (this.stdoutError) throw new AuditUnavailable(this.stdoutError);
    if (!this.handle || !this.file) return;
    try {
      const fh = await this.handle;
      const [open_, onDisk] = await Promise.all([
        fh.stat(),
        stat(this.file).catch(() => undefined),
      ]);
      if (
        this.broken === undefined &&
        onDisk &&
        onDisk.ino === open_.ino &&
        onDisk.dev === open_.dev
      )
        return;
      const next = await open(this.file, 'a', 0o600);
      if (!(await next.stat()).isFile()) {
        await next.close();
        throw new Error(`${this.file} is not a file`);
      }
      const old = this.handle;
      this.handle = Promise.resolve(next);
      this.broken = undefined;
      await (await old)?.close().catch(() => undefined);
    } catch (err) {
      throw new AuditUnavailable(err);
    }
  }

  /** The newest entries first, filtered by `visible`, at most `limit`. */
  async recent(limit: number, visible: (e: AuditEntry) => Promise<boolean>): Promise<AuditEntry[]> {
    await this.queue;
    if (!this.file) {
      const out: AuditEntry[] = [];
      for (let i = this.memory.length - 1; i >= 0 && out.length < limit; i--)
        if (await visible(this.memory[i]!)) out.push(this.memory[i]!);
      return out;
    }
    const fh = await open(this.file, 'r');
    let text: string;
    try {
      const { size } = await fh.stat();
      const start = Math.max(0, size - tailBytes);
      const buf = Buffer.alloc(size - start);
      await fh.read(buf, 0, buf.length, start);
      text = buf.toString('utf8');
      // A cut first line is not a whole entry.
      if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    } finally {
      await fh.close();
    }
    const lines = text.split('\n').filter(Boolean).reverse();
    const out: AuditEntry[] = [];
    for (const line of lines) {
      if (out.length >= limit) break;
      let entry: AuditEntry;
      try {
        entry = JSON.parse(line) as AuditEntry;
      } catch {
        continue;
      }
      if (await visible(entry)) out.push(entry);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.queue;
    await (await this.handle)?.close();
  }
}
