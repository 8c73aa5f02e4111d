import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { contractProblem } from './contract.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as sent, still in its Content-Encoding. */
  body: Buffer;
  text: string;
  json<T = unknown>(): T;
}

/**
 * A minimal browser over raw HTTP: keeps cookies per origin, sends request targets byte for byte
 * (fetch would normalise `..` away), and for unsafe methods adds the Origin and X-CSRF-Token a
 * same-origin page would send unless told otherwise.
 */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();
  csrfToken?: string;
  /** The Origin unsafe requests carry when it is not this origin (behind an Ingress: the public one). */
  originHeader?: string;

  constructor(
    readonly origin: string,
    /** CA to trust when the origin is https. */
    private readonly ca?: string,
  ) {}

  cookies(origin = this.origin): Map<string, string> {
    let c = this.jar.get(origin);
    if (!c) this.jar.set(origin, (c = new Map()));
    return c;
  }

  /** A second browser holding a copy of this one's cookies (a stolen or shared cookie). */
  copy(origin = this.origin): Browser {
    const b = new Browser(origin, this.ca);
    b.jar.set(origin, new Map(this.cookies()));
    b.csrfToken = this.csrfToken;
    b.originHeader = this.originHeader;
    return b;
  }

  async send(
    method: string,
    target: string,
    opts: {
      body?: unknown;
      rawBody?: string | Buffer;
      headers?: Record<string, string | string[]>;
      csrf?: boolean;
      origin?: string | null;
      /** false: no Sec-Fetch-Site, as from a browser without Fetch Metadata. */
      fetchMetadata?: boolean;
    } = {},
  ): Promise<Reply> {
    const url = new URL(target.startsWith('http') ? target : this.origin + '/');
    const origin = url.origin;
    const path = target.startsWith('http') ? url.pathname + url.search : target;
    const headers: Record<string, string | string[]> = {
      accept: 'application/json',
      // As the SPA's fetch() sends it in every current browser.
      ...(opts.fetchMetadata === false ? {} : { 'sec-fetch-site': 'same-origin' }),
      ...opts.headers,
    };
    const jar = this.cookies(origin);
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: Buffer | undefined;
    if (opts.rawBody !== undefined) body = Buffer.from(opts.rawBody);
    else if (opts.body !== undefined) {
      body = Buffer.from(JSON.stringify(opts.body));
      headers['content-type'] ??= 'application/json';
    }
    if (!['GET', 'HEAD'].includes(method)) {
      if (opts.origin !== null) headers.origin ??= opts.origin ?? this.originHeader ?? this.origin;
      if (opts.csrf !== false && this.csrfToken) headers['x-csrf-token'] ??= this.csrfToken;
    }
    if (body) headers['content-length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(
        { host: url.hostname, port: url.port, method, path, headers, ca: this.ca },
        (res) => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair = '', ...attrs] = line.split(';');
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq).trim();
            const value = pair.slice(eq + 1).trim();
            const expired =
              value === '' ||
              attrs.some(
                (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a),
              );
            if (expired) jar.delete(name);
            else jar.set(name, value);
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            const text = body.toString('utf8');
            const status = res.statusCode ?? 0;
            // Only answers from the BFF under test: its own origin (not an IdP or a cluster).
            const broken =
              origin === this.origin
                ? contractProblem(method, path, { status, headers: res.headers, text })
                : undefined;
            if (broken) reject(new Error(`the BFF broke its HTTP contract: ${broken}`));
            resolve({
              status,
              headers: res.headers,
              body,
              text,
              json: <T>() => JSON.parse(text) as T,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  get(target: string, headers?: Record<string, string>): Promise<Reply> {
    return this.send('GET', target, { headers });
  }

  post(target: string, body?: unknown, opts: Parameters<Browser['send']>[2] = {}): Promise<Reply> {
    return this.send('POST', target, { ...opts, body });
  }

  /** Follows redirects across origins like a browser navigation; returns the last answer. */
  async navigate(target: string, maxHops = 10): Promise<Reply & { url: string }> {
    let url = target.startsWith('http') ? target : this.origin + target;
    for (let i = 0; i < maxHops; i++) {
      const r = await this.send('GET', url, { headers: { accept: 'text/html' } });
      const location = r.headers.location;
      if (r.status < 300 || r.status >= 400 || typeof location !== 'string') return { ...r, url };
      url = new URL(location, url).href;
    }
    throw new Error(`more than ${maxHops} redirects from ${target}`);
  }
}
