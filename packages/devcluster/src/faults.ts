// Fault injection for resilience tests: added latency, failing requests by path, dropped watches. Off by default.
import { ApiError } from './status.js';

export interface Faults {
  latencyMs?: number;
  /** Share of matching requests (0..1) answered with a 500. */
  errorRate?: number;
  /** Path prefixes the error rate applies to; all paths when absent or empty. */
  errorPaths?: string[];
  /** Watch streams end after this many ms. */
  dropWatchesAfterMs?: number;
}

export class FaultInjector {
  constructor(private faults: Faults = {}) {}

  set(faults: Faults): void {
    this.faults = { ...faults };
  }

  /** Delays and maybe fails a request before it is served. */
  async before(path: string): Promise<void> {
    const { latencyMs, errorRate, errorPaths } = this.faults;
    if (latencyMs && latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (!errorRate || errorRate <= 0) return;
    const applies = !errorPaths || errorPaths.length === 0 || errorPaths.some((p) => path.startsWith(p));
    if (applies && Math.random() < errorRate) {
      throw new ApiError(500, 'InternalError', 'Internal error occurred: injected fault', { causes: [{ reason: '', message: 'injected fault', field: '' }] });
    }
  }

  dropWatchesAfterMs(): number | undefined {
    return this.faults.dropWatchesAfterMs;
  }
}
