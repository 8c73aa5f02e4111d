// Fault injection for resilience tests: added latency, failing requests by path, dropped watches. Off by default.
import { ApiError } from './status.js';

export interface Faults {
  latencyMs?: number;
  /** Share of matching requests (0..1) answered with a 500. */
  errorRate?: number;
  /** Path prefixes the error rate applies to; all paths when absent or empty. */
  errorPaths?: string[];
  /** HTTP methods the error rate applies to (e.g. ['POST']); all methods when absent or empty. */
  errorMethods?: string[];
  /** Watch streams end after this many ms. */
  dropWatchesAfterMs?: number;
  /**
   * User names whose SelfSubjectRulesReview comes back incomplete, as kube-apiserver answers when an
   * authorizer in its chain (a webhook) cannot list rules; decisions themselves stay RBAC's.
   */
  incompleteRulesReviewFor?: string[];
  /**
   * Idle keep-alive connections are closed after this many ms instead of kube-apiserver's 90 s, as a
   * load balancer with a short idle timeout does.
   */
  closeIdleAfterMs?: number;
  /**
   * A request that arrives on a connection which already served one is dropped with the connection,
   * unanswered: what a client sees when the server closed an idle connection just as the client reused
   * it. Makes that race happen on every reuse instead of once in a while.
   */
  dropReusedConnections?: boolean;
}

/**
 * How long kube-apiserver keeps an idle keep-alive connection: `IdleTimeout: 90 * time.Second` in
 * k8s.io/apiserver/pkg/server/secure_serving.go ("matches http.DefaultTransport keep-alive timeout").
 */
export const KUBE_APISERVER_IDLE_TIMEOUT_MS = 90_000;

/** kube-apiserver's webhook authorizer RulesFor error (k8s.io/apiserver/plugin/pkg/authorizer/webhook). */
export const WEBHOOK_RULES_ERROR = 'webhook authorizer does not support user rule resolution';

/** Names whose rules review is incomplete, comma separated, e.g. from a CLI flag or environment variable. */
export function parseUserList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Faults a process that embeds the devcluster (the BFF in e2e runs) gets from its environment:
 * GATEHOUSE_DEVCLUSTER_INCOMPLETE_RULES_REVIEW_FOR=user,… makes those users' rules reviews incomplete.
 */
export function faultsFromEnv(env: NodeJS.ProcessEnv): Faults {
  const users = parseUserList(env.GATEHOUSE_DEVCLUSTER_INCOMPLETE_RULES_REVIEW_FOR);
  return users.length > 0 ? { incompleteRulesReviewFor: users } : {};
}

export class FaultInjector {
  constructor(private faults: Faults = {}) {}
  private readonly watches = new Set<() => void>();

  /** Remembers an open watch stream so `endWatches` can end it. */
  trackWatch(end: () => void): () => void {
    this.watches.add(end);
    return () => this.watches.delete(end);
  }

  /** Ends every open watch stream now, as an API server restart or a dropped load balancer does. */
  endWatches(): number {
    const n = this.watches.size;
    for (const end of [...this.watches]) end();
    return n;
  }

  set(faults: Faults): void {
    this.faults = { ...faults };
  }

  /** Delays and maybe fails a request before it is served. */
  async before(path: string, method = 'GET'): Promise<void> {
    const { latencyMs, errorRate, errorPaths, errorMethods } = this.faults;
    if (latencyMs && latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (!errorRate || errorRate <= 0) return;
    const applies =
      (!errorPaths || errorPaths.length === 0 || errorPaths.some((p) => path.startsWith(p))) &&
      (!errorMethods || errorMethods.length === 0 || errorMethods.includes(method.toUpperCase()));
    if (applies && Math.random() < errorRate) {
      throw new ApiError(500, 'InternalError', 'Internal error occurred: injected fault', {
        causes: [{ reason: '', message: 'injected fault', field: '' }],
      });
    }
  }

  /** The evaluation error a rules review for this user reports, or undefined when it is complete. */
  rulesReviewError(user: string): string | undefined {
    return this.faults.incompleteRulesReviewFor?.includes(user) ? WEBHOOK_RULES_ERROR : undefined;
  }

  idleTimeoutMs(): number {
    return this.faults.closeIdleAfterMs ?? KUBE_APISERVER_IDLE_TIMEOUT_MS;
  }

  dropsReusedConnections(): boolean {
    return this.faults.dropReusedConnections === true;
  }

  dropWatchesAfterMs(): number | undefined {
    return this.faults.dropWatchesAfterMs;
  }
}
