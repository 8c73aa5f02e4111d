import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { assertHeaderSafeIdentity } from './identity.js';
import type { ClusterTarget } from './kubeconfig.js';

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
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
  get reason(): string {
    return this.code === 504 ? 'Timeout' : 'ServiceUnavailable';
  }
}

const maxJsonBytes = 32 * 1024 * 1024;

export class KubeClient {
  /** Carries the BFF's client certificate, if it has one. */
  private readonly bffAgent: Agent;
  /** Never carries a client certificate: the API server would otherwise authenticate the BFF, not the user's token. */
  private readonly userAgent: Agent;

  constructor(
    readonly target: ClusterTarget,
    private readonly timeoutMs: number,
  ) {
    const common = { keepAlive: true, maxSockets: 64, ca: target.caPem };
    this.bffAgent = new Agent({
      ...common,
      cert: target.bffCredentials.certPem,
      key: target.bffCredentials.keyPem,
    });
    this.userAgent = new Agent(common);
  }

  headersFor(req: Pick<KubeRequest, 'actor' | 'contentType' | 'accept'>): OutgoingHttpHeaders {
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
    const own = this.target.bffCredentials.token;
    if (own) headers.authorization = `Bearer ${own}`;
    if (actor.kind === 'impersonate') {
      assertHeaderSafeIdentity('user', actor.user);
      for (const g of actor.groups) assertHeaderSafeIdentity('group', g);
      headers['impersonate-user'] = actor.user;
      // One header line per group, as the API server reads them.
      if (actor.groups.length) headers['impersonate-group'] = [...actor.groups];
    }
    return headers;
  }

  /** Sends a request and resolves once response headers arrive; the caller consumes the body. */
  open(req: KubeRequest, signal?: AbortSignal): Promise<IncomingMessage> {
    const url = new URL(this.target.server + req.path);
    const headers = this.headersFor(req);
    if (req.body) headers['content-length'] = req.body.length;
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    return new Promise((resolvePromise, reject) => {
      const out = httpsRequest(url, {
        method: req.method,
        headers,
        agent: req.actor.kind === 'token' ? this.userAgent : this.bffAgent,
        signal,
      });
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
      out.on('error', (err) => {
        if (err instanceof UpstreamError || err.name === 'AbortError') return fail(err);
        fail(
          new UpstreamError(
            this.target.id,
            502,
            `cluster "${this.target.name}" is unreachable: ${err.message}`,
          ),
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
    this.bffAgent.destroy();
    this.userAgent.destroy();
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
