import { Agent, request as httpsRequest, type AgentOptions } from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { HttpsProxyAgent } from 'hpagent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { CredentialError, type BffCredential } from './bff-auth.js';
import type { ClusterTarget } from './cluster-targets.js';
import { assertHeaderSafeIdentity } from './identity.js';

/** Whom a cluster call is made as. There is no way to send a client's own headers upstream. */
export type Actor =
  | { kind: 'bff' }
  | { kind: 'impersonate'; user: string; groups: string[] }
  | { kind: 'token'; token: string };

export interface KubeRequest {
  method: string;
  /** Path and query, already normalised by the caller. */
  path: string;
  actor: Actor;
  body?: Buffer;
  contentType?: string;
  accept?: string;
  /** Watches only bound the wait for response headers, not the stream. */
  streaming?: boolean;
  /** Overrides the client's default timeout. */
  timeoutMs?: number;
}

/** The cluster could not be reached or did not answer in time; carries the HTTP status to report. */
export class UpstreamError extends Error {
  constructor(
    readonly cluster: string,
    readonly code: 502 | 504,
    message: string,
    /** The BFF's own credentials for the cluster could not be had: not the cluster's fault. */
    readonly credentials = false,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
  get reason(): string {
    return this.code === 504 ? 'Timeout' : 'ServiceUnavailable';
  }
}

const maxJsonBytes = 32 * 1024 * 1024;

/**
 * Pooled connections are retired after this long idle, well before kube-apiserver closes them (90 s)
 * and before the idle timeouts of the load balancers usually put in front of it (60 s and more), so
 * the BFF rarely sends a request on a connection the server is closing.
 */
export const idleSocketMs = 30_000;

/** Calls that change nothing, so sending one again after a broken connection is safe. */
const reviewPath =
  /^\/apis\/(authorization|authentication)\.k8s\.io\/v1(beta1)?\/(namespaces\/[^/]+\/)?(selfsubjectaccessreviews|subjectaccessreviews|localsubjectaccessreviews|selfsubjectrulesreviews|tokenreviews|selfsubjectreviews)(\?|$)/;

/** Errors that mean the server closed a kept-alive connection as it was being reused. */
const staleConnectionCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export function isRetryable(method: string, path: string): boolean {
  return method === 'GET' || (method === 'POST' && reviewPath.test(path));
}

/** The connections of one identity: a pool for ordinary calls, and watches each on their own. */
interface Agents {
  pool: Agent;
  /** Never kept alive: a watch holds its connection, and a retry must not reuse a pooled one. */
  fresh: Agent;
}

function agents(options: AgentOptions, proxyUrl: string | undefined): Agents {
  const make = (o: AgentOptions): Agent => {
    if (!proxyUrl) return new Agent(o);
    if (proxyUrl.startsWith('socks')) return new SocksProxyAgent(proxyUrl, o) as unknown as Agent;
    return new HttpsProxyAgent({ ...o, proxy: proxyUrl });
  };
  return {
    pool: make({ ...options, keepAlive: true, maxSockets: 64, timeout: idleSocketMs }),
    fresh: make({ ...options, keepAlive: false }),
  };
}

export class KubeClient {
  /** Carries the BFF's client certificate, if it has one; made again when an exec plugin hands out another. */
  private bffAgents: { cert?: string; key?: string; agents: Agents } | undefined;
  /** Never carries a client certificate: the API server would otherwise authenticate the BFF, not the user's token. */
  private readonly userAgents: Agents;
  private readonly tls: AgentOptions;

  constructor(
    readonly target: ClusterTarget,
    private readonly timeoutMs: number,
  ) {
    this.tls = {
      ...(target.caPem ? { ca: target.caPem } : {}),
      ...(target.tlsServerName ? { servername: target.tlsServerName } : {}),
    };
    this.userAgents = agents(this.tls, target.proxyUrl);
  }

  private agentsFor(actor: Actor, credential: BffCredential | undefined): Agents {
    if (actor.kind === 'token' || !credential) return this.userAgents;
    const { certPem: cert, keyPem: key } = credential;
    if (!cert || !key) return this.userAgents;
    if (this.bffAgents?.cert !== cert || this.bffAgents.key !== key) {
      // Sockets of the old agents finish what they carry and are then left to close.
      this.bffAgents = {
        cert,
        key,
        agents: agents({ ...this.tls, cert, key }, this.target.proxyUrl),
      };
    }
    return this.bffAgents.agents;
  }

  headersFor(
    req: Pick<KubeRequest, 'actor' | 'contentType' | 'accept'>,
    bffToken?: string,
  ): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {
      accept: req.accept ?? 'application/json',
      'user-agent': 'gatehouse-bff',
    };
    if (req.contentType) headers['content-type'] = req.contentType;
    const { actor } = req;
    if (actor.kind === 'token') {
      headers.authorization = `Bearer ${actor.token}`;
      return headers;
    }
    if (bffToken) headers.authorization = `Bearer ${bffToken}`;
    if (actor.kind === 'impersonate') {
      assertHeaderSafeIdentity('user', actor.user);
      for (const g of actor.groups) assertHeaderSafeIdentity('group', g);
      headers['impersonate-user'] = actor.user;
      // One header line per group, as the API server reads them.
      if (actor.groups.length) headers['impersonate-group'] = [...actor.groups];
    }
    return headers;
  }

  /** The BFF's current credential for this cluster, or a 502 that says why there is none. */
  private async bffCredential(): Promise<BffCredential> {
    try {
      return await this.target.bffAuth.credential();
    } catch (err) {
      if (!(err instanceof CredentialError)) throw err;
      throw new UpstreamError(
        this.target.id,
        502,
        `the BFF's credentials for cluster "${this.target.name}" are unavailable: ${err.message}`,
        true,
      );
    }
  }

  /**
   * Sends a request and resolves once response headers arrive; the caller consumes the body. A GET or
   * an access/token review that fails on a reused connection before any answer is sent once more on a
   * new connection; nothing else is retried, since a write may have been applied.
   */
  async open(req: KubeRequest, signal?: AbortSignal): Promise<IncomingMessage> {
    const own = req.actor.kind !== 'token';
    let credential = own ? await this.bffCredential() : undefined;
    let res = await this.sendRetrying(req, credential, signal);
    // 401: the cluster did not take the BFF's credential, so it did nothing; a rotated token file or an
    // expired exec credential gets one more try with a fresh credential.
    if (own && res.statusCode === 401 && this.target.bffAuth.rejected()) {
      res.resume();
      credential = await this.bffCredential();
      res = await this.sendRetrying(req, credential, signal);
    }
    return res;
  }

  private async sendRetrying(
    req: KubeRequest,
    credential: BffCredential | undefined,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    const set = this.agentsFor(req.actor, credential);
    const token = credential?.token;
    try {
      return await this.send(req, req.streaming ? set.fresh : set.pool, token, signal);
    } catch (err) {
      if (!(err instanceof StaleConnection)) throw err;
      if (!isRetryable(req.method, req.path)) throw err.upstream;
      return this.send(req, set.fresh, token, signal).catch((again: unknown) => {
        throw again instanceof StaleConnection ? again.upstream : again;
      });
    }
  }

  private send(
    req: KubeRequest,
    agent: Agent,
    bffToken: string | undefined,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    const url = new URL(this.target.server + req.path);
    const headers = this.headersFor(req, bffToken);
    if (req.body) headers['content-length'] = req.body.length;
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    return new Promise((resolvePromise, reject) => {
      const out = httpsRequest(url, { method: req.method, headers, agent, signal, ...this.tls });
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      };
      const timer = setTimeout(() => {
        const err = new UpstreamError(
          this.target.id,
          504,
          `cluster "${this.target.name}" did not answer within ${timeoutMs} ms`,
        );
        out.destroy(err);
        fail(err);
      }, timeoutMs);
      out.on('response', (res) => {
        settled = true;
        if (req.streaming) clearTimeout(timer);
        else res.once('close', () => clearTimeout(timer));
        resolvePromise(res);
      });
      out.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof UpstreamError || err.name === 'AbortError') return fail(err);
        const upstream = new UpstreamError(
          this.target.id,
          502,
          `cluster "${this.target.name}" is unreachable: ${err.message}`,
        );
        fail(
          out.reusedSocket && staleConnectionCodes.has(err.code ?? '')
            ? new StaleConnection(upstream)
            : upstream,
        );
      });
      out.end(req.body);
    });
  }

  /** A request whose JSON answer is read whole (bounded in size). */
  async json<T = unknown>(
    method: string,
    path: string,
    actor: Actor,
    body?: unknown,
    timeoutMs?: number,
  ): Promise<{ status: number; body: T }> {
    const res = await this.open({
      timeoutMs,
      method,
      path,
      actor,
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      contentType: body === undefined ? undefined : 'application/json',
    });
    const text = await readBody(res, maxJsonBytes);
    try {
      return { status: res.statusCode ?? 502, body: JSON.parse(text) as T };
    } catch {
      throw new UpstreamError(
        this.target.id,
        502,
        `cluster "${this.target.name}" answered ${res.statusCode} with a body that is not JSON`,
      );
    }
  }

  close(): void {
    for (const set of [this.bffAgents?.agents, this.userAgents]) {
      set?.pool.destroy();
      set?.fresh.destroy();
    }
  }
}

/** A reused connection broke before any answer: the request may be sent again if it changes nothing. */
class StaleConnection extends Error {
  constructor(readonly upstream: UpstreamError) {
    super(upstream.message);
  }
}

export function readBody(res: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        res.destroy(new Error(`response larger than ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('response ended early'));
    });
  });
}
