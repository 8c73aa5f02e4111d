// The optional state file: every acknowledged write is on disk before its response is sent.
// Writes are appended to `<file>.journal` (one JSON line per change, fsynced, concurrent writes sharing
// one fsync); now and then the whole store is written as a snapshot to a temp file that is fsynced and
// renamed over `<file>`, and the journal is emptied. A crash leaves at worst a torn last journal line,
// which is ignored: that write was never acknowledged.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { KObject } from './object.js';
import type { Store, StoreDump, StoreEvent } from './store.js';

interface JournalEntry {
  rv: number;
  type: StoreEvent['type'];
  key: string;
  object: KObject;
}

const COMPACT_EVERY = 2000;

function objectId(key: string, o: KObject): string {
  return `${key}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
}

/** The last durable state: the snapshot with the journal replayed on top, or undefined when there is none. */
export function loadState(file: string): StoreDump | undefined {
  const journal = `${file}.journal`;
  if (!existsSync(file) && !existsSync(journal)) return undefined;
  const snapshot: StoreDump = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as StoreDump)
    : { resourceVersion: 0, objects: [] };
  if (typeof snapshot.resourceVersion !== 'number' || !Array.isArray(snapshot.objects))
    throw new Error(`${file} is not a devcluster state file`);
  const objects = new Map(snapshot.objects.map((e) => [objectId(e.key, e.object), e]));
  let rv = snapshot.resourceVersion;
  if (existsSync(journal)) {
    for (const line of readFileSync(journal, 'utf8').split('\n')) {
      if (line === '') continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        break; // a torn tail from a crash mid-append; nothing after it was acknowledged
      }
      if (entry.rv <= rv) continue;
      rv = entry.rv;
      const id = objectId(entry.key, entry.object);
      if (entry.type === 'DELETED') objects.delete(id);
      else objects.set(id, { key: entry.key, object: entry.object });
    }
  }
  return { resourceVersion: rv, objects: [...objects.values()] };
}

export class StateFile {
  private version = 0;
  private durableVersion = 0;
  private pending: JournalEntry[] = [];
  private journalEntries = 0;
  private journal: FileHandle | undefined;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly store: Store,
  ) {
    store.subscribe((ev) => {
      this.version++;
      this.pending.push({ rv: ev.rv, type: ev.type, key: ev.key, object: ev.object });
    });
  }

  /** Resolves once every change made before the call is on disk; concurrent callers share one fsync. */
  async flush(): Promise<void> {
    const target = this.version;
    while (this.durableVersion < target) {
      if (!this.inflight) {
        const v = this.version;
        const batch = this.pending;
        this.pending = [];
        this.inflight = this.append(batch)
          .then(() => {
            this.durableVersion = v;
          })
          .finally(() => {
            this.inflight = undefined;
          });
      }
      await this.inflight;
    }
  }

  /** Writes a full snapshot and empties the journal (at start, on stop, and every COMPACT_EVERY changes). */
  async compact(): Promise<void> {
    await this.flush();
    while (this.inflight) await this.inflight;
    const done = this.writeSnapshot();
    this.inflight = done.finally(() => {
      this.inflight = undefined;
    });
    await this.inflight;
  }

  async close(): Promise<void> {
    await this.compact();
    await this.journal?.close();
    this.journal = undefined;
  }

  private async append(batch: JournalEntry[]): Promise<void> {
    if (batch.length === 0) return;
    if (!this.journal) {
      await mkdir(dirname(this.file), { recursive: true });
      this.journal = await open(`${this.file}.journal`, 'a', 0o600);
    }
    await this.journal.appendFile(batch.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await this.journal.sync();
    this.journalEntries += batch.length;
    if (this.journalEntries >= COMPACT_EVERY) await this.writeSnapshot();
  }

  private async writeSnapshot(): Promise<void> {
    const dir = dirname(this.file);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${basename(this.file)}.${process.pid}.tmp`);
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(this.store.dump()));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.file);
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
    // The snapshot holds everything journaled so far; replay skips entries at or below its resourceVersion.
    if (!this.journal) this.journal = await open(`${this.file}.journal`, 'a', 0o600);
    await this.journal.truncate(0);
    await this.journal.sync();
    this.journalEntries = 0;
  }
}
