// In-memory object store with one cluster-wide resourceVersion and a bounded event log for watch resume.
import type { KObject } from './object.js';
import { WatchWindows, type TooOld, type WatchWindowOptions } from './watch-window.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  /** `group/plural`, see storeKey(). */
  key: string;
  object: KObject;
  /** The object before a MODIFIED event, so watches with selectors can tell entries from exits. */
  old?: KObject;
  rv: number;
}

export type Listener = (ev: StoreEvent) => void;

export interface StoreDump {
  resourceVersion: number;
  objects: { key: string; object: KObject }[];
}

function objectKey(ns: string | undefined, name: string): string {
  return `${ns ?? ''}/${name}`;
}

export class Store {
  private rv = 0;
  private readonly tables = new Map<string, Map<string, KObject>>();
  private readonly sorted = new Map<string, KObject[]>();
  private readonly log: StoreEvent[] = [];
  private compactedRv = 0;
  private readonly listeners = new Set<Listener>();

  private readonly windows: WatchWindows;

  /** `logSize` bounds how far back a list can be continued; `watch` how far back a watch resumes. */
  constructor(
    private readonly logSize = 20_000,
    watch: WatchWindowOptions = {},
  ) {
    this.windows = new WatchWindows(watch);
  }

  currentRv(): number {
    return this.rv;
  }

  /** Events at or before this resourceVersion have been dropped from the log. */
  oldestResumableRv(): number {
    return this.compactedRv;
  }

  private table(key: string): Map<string, KObject> {
    let t = this.tables.get(key);
    if (!t) {
      t = new Map();
      this.tables.set(key, t);
    }
    return t;
  }

  get(key: string, ns: string | undefined, name: string): KObject | undefined {
    return this.tables.get(key)?.get(objectKey(ns, name));
  }

  /** Objects in key order (namespace, then name), as etcd lists them. Callers must not mutate them. */
  list(key: string, ns?: string): KObject[] {
    let all = this.sorted.get(key);
    if (!all) {
      const t = this.tables.get(key);
      all = t
        ? [...t.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1])
        : [];
      this.sorted.set(key, all);
    }
    return ns === undefined ? all : all.filter((o) => o.metadata.namespace === ns);
  }

  count(key: string): number {
    return this.tables.get(key)?.size ?? 0;
  }

  /** Stores the object under a new resourceVersion and returns the stored copy. */
  put(key: string, obj: KObject): KObject {
    const t = this.table(key);
    const k = objectKey(obj.metadata.namespace, obj.metadata.name);
    const old = t.get(k);
    this.rv++;
    const stored: KObject = {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(this.rv) },
    };
    t.set(k, stored);
    this.sorted.delete(key);
    this.emit(
      old
        ? { type: 'MODIFIED', key, object: stored, old, rv: this.rv }
        : { type: 'ADDED', key, object: stored, rv: this.rv },
    );
    return stored;
  }

  remove(key: string, ns: string | undefined, name: string): KObject | undefined {
    const t = this.tables.get(key);
    const k = objectKey(ns, name);
    const old = t?.get(k);
    if (!t || !old) return undefined;
    t.delete(k);
    this.sorted.delete(key);
    this.rv++;
    const gone: KObject = {
      ...old,
      metadata: { ...old.metadata, resourceVersion: String(this.rv) },
    };
    this.emit({ type: 'DELETED', key, object: gone, rv: this.rv });
    return gone;
  }

  private emit(ev: StoreEvent): void {
    this.log.push(ev);
    this.windows.add(ev);
    if (this.log.length > this.logSize) {
      const dropped = this.log.splice(0, this.log.length - this.logSize);
      this.compactedRv = dropped[dropped.length - 1]?.rv ?? this.compactedRv;
    }
    for (const l of this.listeners) {
      // One failing watcher must not keep the change from the others (the state file among them).
      try {
        l(ev);
      } catch (e) {
        process.emitWarning(
          `devcluster: a store listener failed: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
  }

  /** Events of resource `key` after `rv`, or the oldest resourceVersion a watch can resume from. */
  watchEventsSince(key: string, rv: number): StoreEvent[] | TooOld {
    return this.windows.since(key, rv);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dump(): StoreDump {
    const objects: StoreDump['objects'] = [];
    for (const [key, t] of this.tables)
      for (const object of t.values()) objects.push({ key, object });
    return { resourceVersion: this.rv, objects };
  }

  /** Replaces the contents from a dump; the log restarts, so older watches get 410. */
  load(d: StoreDump): void {
    this.tables.clear();
    this.sorted.clear();
    this.log.length = 0;
    for (const { key, object } of d.objects)
      this.table(key).set(objectKey(object.metadata.namespace, object.metadata.name), object);
    this.rv = d.resourceVersion;
    this.compactedRv = d.resourceVersion;
    this.windows.reset(d.resourceVersion);
  }
}
