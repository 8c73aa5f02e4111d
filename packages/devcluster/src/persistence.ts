// The optional state file: every acknowledged write is on disk before its response is sent. Writes go to
// a temp file that is fsynced and renamed over the old one, so a crash never leaves a torn file.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Store, StoreDump } from './store.js';

export function loadState(file: string): StoreDump | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as StoreDump;
  if (typeof parsed.resourceVersion !== 'number' || !Array.isArray(parsed.objects)) {
    throw new Error(`${file} is not a devcluster state file`);
  }
  return parsed;
}

export class StateFile {
  private version = 0;
  private durableVersion = 0;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly store: Store,
  ) {
    store.subscribe(() => {
      this.version++;
    });
  }

  /** Resolves once the state as of this call is on disk; concurrent callers share one write (group commit). */
  async flush(): Promise<void> {
    const target = this.version;
    while (this.durableVersion < target) {
      if (!this.inflight) {
        const v = this.version;
        const data = JSON.stringify(this.store.dump());
        this.inflight = this.writeAtomically(data)
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

  private async writeAtomically(data: string): Promise<void> {
    const dir = dirname(this.file);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${basename(this.file)}.${process.pid}.tmp`);
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(data);
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
  }
}
