// The window of recent events a watch can resume from, per resource, as kube-apiserver's watch cache
// keeps it (k8s.io/apiserver/pkg/storage/cacher/watch_cache.go): a ring buffer per resource of at
// least 100 and at most 100·1024 events that doubles while all it holds is younger than
// eventFreshDuration (75 s) and halves once its newest quarter is older; a watch from a
// resourceVersion before the window gets 410 Expired.
import type { StoreEvent } from './store.js';

export const WATCH_WINDOW_LOWER_BOUND = 100;
export const WATCH_WINDOW_UPPER_BOUND = 100 * 1024;
/** eventFreshDuration: defaultBookmarkFrequency (60 s) + 15 s. */
export const EVENT_FRESH_MS = 75_000;

export interface WatchWindowOptions {
  lowerBound?: number;
  upperBound?: number;
  freshMs?: number;
  now?: () => number;
}

interface Recorded {
  ev: StoreEvent;
  at: number;
}

class ResourceWindow {
  /** events[start..] are held; the ones before start were evicted and are dropped in batches. */
  events: Recorded[] = [];
  start = 0;
  removedSinceList = false;
  constructor(public capacity: number) {}

  size(): number {
    return this.events.length - this.start;
  }

  at(i: number): Recorded | undefined {
    return this.events[this.start + i];
  }
}

/** The answer to a resume that the window no longer covers: the oldest resourceVersion it does. */
export interface TooOld {
  tooOld: number;
}

export class WatchWindows {
  private readonly lower: number;
  private readonly upper: number;
  private readonly freshMs: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, ResourceWindow>();
  private listRv = 0;

  constructor(opts: WatchWindowOptions = {}) {
    this.lower = opts.lowerBound ?? WATCH_WINDOW_LOWER_BOUND;
    this.upper = opts.upperBound ?? WATCH_WINDOW_UPPER_BOUND;
    this.freshMs = opts.freshMs ?? EVENT_FRESH_MS;
    this.now = opts.now ?? Date.now;
  }

  /** As the watch cache's Replace after a (re)list at `rv`: nothing before it can be resumed from. */
  reset(rv: number): void {
    this.windows.clear();
    this.listRv = rv;
  }

  add(ev: StoreEvent): void {
    let w = this.windows.get(ev.key);
    if (!w) {
      w = new ResourceWindow(this.lower);
      this.windows.set(ev.key, w);
    }
    const now = this.now();
    // resizeCacheLocked, then updateCache.
    if (w.size() >= w.capacity) {
      const oldest = w.at(0);
      const newestQuarter = w.at(w.size() - Math.floor(w.capacity / 4));
      if (oldest && now - oldest.at < this.freshMs) {
        w.capacity = Math.min(w.capacity * 2, this.upper);
      } else if (newestQuarter && now - newestQuarter.at > this.freshMs) {
        w.capacity = Math.max(Math.floor(w.capacity / 2), this.lower);
        w.start = w.events.length - w.capacity;
      }
    }
    if (w.size() >= w.capacity) {
      w.start++;
      w.removedSinceList = true;
    }
    w.events.push({ ev, at: now });
    if (w.start > 1024 && w.start * 2 > w.events.length) {
      w.events = w.events.slice(w.start);
      w.start = 0;
    }
  }

  /** Events of `key` after `rv`, or the oldest resourceVersion still covered when `rv` is older. */
  since(key: string, rv: number): StoreEvent[] | TooOld {
    const w = this.windows.get(key);
    const first = w?.at(0);
    // getAllEventsSinceLocked: until an event was evicted the window reaches back to the list.
    const oldest = w?.removedSinceList && first ? first.ev.rv : this.listRv + 1;
    if (rv < oldest - 1) return { tooOld: oldest - 1 };
    if (!w) return [];
    let lo = w.start;
    let hi = w.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((w.events[mid]?.ev.rv ?? 0) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return w.events.slice(lo).map((r) => r.ev);
  }
}
