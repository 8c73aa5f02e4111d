// Retries cluster calls that failed transiently: the answers kube-apiserver gives for overload or a
// momentary fault (429, 500, 502, 503, 504), and a cluster that timed out or could not be reached.
import { UpstreamError } from '../kube-client.js';

/** Statuses worth asking again: client-go's rest client retries 429 and 5xx with Retry-After likewise. */
const TRANSIENT = new Set([429, 500, 502, 503, 504]);

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Backoff before the second try; doubled each time, with jitter, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetry: RetryPolicy = { attempts: 6, baseDelayMs: 50, maxDelayMs: 1000 };

export function isTransient(status: number): boolean {
  return TRANSIENT.has(status);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Retried<T> {
  status: number;
  body: T;
  /** Whether an earlier try failed transiently (a write it sent may have been applied). */
  retried: boolean;
}

/** Calls `once` until it answers other than transiently or the tries run out; the last answer wins. */
export async function withRetry<T>(
  once: () => Promise<{ status: number; body: T }>,
  policy: RetryPolicy = defaultRetry,
): Promise<Retried<T>> {
  let retried = false;
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= policy.attempts;
    try {
      const r = await once();
      if (last || !isTransient(r.status)) return { ...r, retried };
    } catch (err) {
      if (last || !(err instanceof UpstreamError)) throw err;
    }
    retried = true;
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    await sleep(backoff / 2 + Math.random() * (backoff / 2));
  }
}
