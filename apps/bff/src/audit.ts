import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from './contract.js';

/** How much of the end of the file /api/audit reads; older entries stay in the file. */
const tailBytes = 8 * 1024 * 1024;

/**
 * Appends every audit entry as one JSON line to stdout (for the log pipeline) and to
 * DATA/audit/audit.log, fsynced before the call returns so a crash loses nothing already answered.
 */
export class AuditLog {
  readonly file: string;
  private handle: Promise<FileHandle>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly stdout: NodeJS.WritableStream,
  ) {
    const dir = join(dataDir, 'audit');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = join(dir, 'audit.log');
    this.handle = open(this.file, 'a', 0o600);
  }

  write(entry: AuditEntry): Promise<void> {
    const line = JSON.stringify(entry) + '\n';
    this.stdout.write(JSON.stringify({ audit: entry }) + '\n');
    const done = this.queue.then(async () => {
      const fh = await this.handle;
      await fh.appendFile(line);
      await fh.datasync();
    });
    // Later writes wait for this one but do not inherit its failure.
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** The newest entries first, filtered by `visible`, at most `limit`. */
  async recent(limit: number, visible: (e: AuditEntry) => Promise<boolean>): Promise<AuditEntry[]> {
    await this.queue;
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
    await (await this.handle).close();
  }
}
