// A list+watch mirror of one Kubernetes collection, read with the BFF's own credentials.
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Actor, KubeClient } from '../kube-client.js';

export interface KubeObject {
  metadata: { name?: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
}

interface ListBody<T> {
  items?: T[];
  metadata?: { resourceVersion?: string; continue?: string };
  message?: string;
}

interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T & { code?: number; message?: string };
}

/** What changed in a mirror: one watched object, or everything (a re-list replaced the items). */
export type MirrorChange<T> =
  { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T } | { type: 'RELIST' };

const pageSize = 5_000;
const retryMs = 1_000;

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/**
 * Lists once (in pages), then follows the watch from the list's resourceVersion, re-listing when the
 * watch is too old (410) and re-watching when the stream ends. `version` grows on every change so
 * readers can rebuild what they derive only when something changed.
 */
export class CollectionMirror<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private resourceVersion = '';
  private stopped = false;
  private readonly abort = new AbortController();
  private synced!: Promise<void>;
  version = 0;
  /** A watch stream is open on top of a complete list: what `list()` returns is current. */
  private following = false;
  private readonly actor: Actor;
  private readonly onChange: ((change: MirrorChange<T>) => void) | undefined;

  constructor(
    private readonly client: KubeClient,
    readonly path: string,
    private readonly logger: Logger,
    opts: {
      /** Whom the list and watch are made as (default the BFF's own read identity). */
      actor?: Actor;
      /**
       * Called after each change to the mirrored items with what changed, and after every re-list
       * (readers that keep something derived apply the event, or rebuild on RELIST).
       */
      onChange?: (change: MirrorChange<T>) => void;
      /**
       * Ask the server to end each watch after this long, and drop a stream the server has not
       * ended 15 s later: a connection that went dead without a FIN is then noticed in bounded time.
       */
      watchTimeoutSeconds?: number;
    } = {},
  ) {
    this.actor = opts.actor ?? { kind: 'bff' };
    this.onChange = opts.onChange;
    this.watchTimeoutSeconds = opts.watchTimeoutSeconds;
  }
  private readonly watchTimeoutSeconds: number | undefined;

  /** True while a watch follows a complete list, so an item missing from `list()` really is absent. */
  get current(): boolean {
    return this.following && !this.stopped;
  }

  /** Starts the list+watch loop; resolves after the first complete list. */
  start(): Promise<void> {
    this.synced = new Promise<void>((resolve, reject) => {
      void this.run(resolve, reject);
    });
    // The loop keeps retrying; a failed first list is reported to whoever waits for it.
    this.synced.catch(() => undefined);
    return this.synced;
  }

  list(): T[] {
    return [...this.items.values()];
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  private async run(resolve: () => void, reject: (err: Error) => void): Promise<void> {
    let first = true;
    let needList = true;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
          if (first) resolve();
          first = false;
        }
        needList = await this.watch();
        this.following = false;
      } catch (err) {
        this.following = false;
        if (this.stopped) return;
        this.logger.warn({ err, path: this.path }, 'analysis cache: list/watch failed, retrying');
        if (first) reject(err as Error);
        first = false;
        needList = true;
        await new Promise((r) => setTimeout(r, retryMs).unref());
      }
    }
  }

  private async relist(): Promise<void> {
    const next = new Map<string, T>();
    let cont = '';
    let rv = '';
    const sep = this.path.includes('?') ? '&' : '?';
    do {
      const q = `${sep}limit=${pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      const { status, body } = await this.client.json<ListBody<T>>(
        'GET',
        this.path + q,
        this.actor,
      );
      if (status !== 200)
        throw new Error(`GET ${this.path} answered ${status}: ${body.message ?? ''}`);
      for (const item of body.items ?? []) next.set(keyOf(item), item);
      rv = body.metadata?.resourceVersion ?? rv;
      cont = body.metadata?.continue ?? '';
    } while (cont);
    this.items.clear();
    for (const [k, v] of next) this.items.set(k, v);
    this.resourceVersion = rv;
    this.version++;
    this.onChange?.({ type: 'RELIST' });
  }

  /** Follows one watch stream; true when a re-list is needed (410 Gone). */
  private async watch(): Promise<boolean> {
    const timeout = this.watchTimeoutSeconds ? `&timeoutSeconds=${this.watchTimeoutSeconds}` : '';
    const q = `${this.path.includes('?') ? '&' : '?'}watch=1&allowWatchBookmarks=true${timeout}&resourceVersion=${encodeURIComponent(this.resourceVersion)}`;
    const res = await this.client.open(
      { method: 'GET', path: this.path + q, actor: this.actor, streaming: true },
      this.abort.signal,
    );
    if (res.statusCode === 410) {
      res.resume();
      return true;
    }
    if (res.statusCode !== 200) {
      res.resume();
      throw new Error(`watch ${this.path} answered ${res.statusCode}`);
    }
    this.following = true;
    if (!this.watchTimeoutSeconds) return this.consume(res);
    const deadline = setTimeout(() => res.destroy(), (this.watchTimeoutSeconds + 15) * 1000);
    deadline.unref();
    return this.consume(res).finally(() => clearTimeout(deadline));
  }

  private consume(res: IncomingMessage): Promise<boolean> {
    return new Promise((resolve, reject) => {
      let buffer = '';
      let gone = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line && this.apply(JSON.parse(line) as WatchEvent<T>)) {
            gone = true;
            res.destroy();
          }
        }
      });
      res.on('close', () => {
        this.following = false;
        resolve(gone);
      });
      res.on('error', (err) => (gone || this.stopped ? resolve(gone) : reject(err)));
    });
  }

  /** Applies one event; true when the watch must restart from a fresh list. */
  private apply(event: WatchEvent<T>): boolean {
    const { type, object } = event;
    if (type === 'ERROR') return true;
    const rv = object.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (type === 'BOOKMARK') return false;
    if (type === 'DELETED') this.items.delete(keyOf(object));
    else this.items.set(keyOf(object), object);
    this.version++;
    this.onChange?.({ type, object });
    return false;
  }
}
