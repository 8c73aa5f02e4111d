// Small HTTP helpers: bodies, JSON answers, Status answers and Accept negotiation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { refuseTooDeep } from './decode.js';
import { decodeKubernetesProtobuf } from './protobuf.js';
import { ApiError, badRequest } from './status.js';

const MAX_BODY = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY)
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses a JSON (or YAML) request body for a request on `kind`; an empty body is `undefined`. JSON
 * nested past kube-apiserver's decoder limit is refused before it is parsed.
 */
export function parseBody(raw: Buffer, contentType: string | undefined, kind: string): unknown {
  if (raw.length === 0) return undefined;
  let value: unknown;
  if (contentType?.includes('application/vnd.kubernetes.protobuf')) {
    value = decodeKubernetesProtobuf(raw);
  } else {
    const text = raw.toString('utf8');
    const yaml = contentType?.includes('yaml') ?? false;
    if (!yaml) refuseTooDeep(text, kind);
    try {
      value = yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
    } catch (e) {
      throw badRequest(
        `the body of the request could not be decoded: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  return value;
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const data = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(data),
    'Cache-Control': 'no-cache, private',
  });
  res.end(data);
}

export function sendError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.code, err.toStatus());
}

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const i = kv.indexOf('=');
      if (i > 0) p[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
    }
    return { type: (type ?? '').toLowerCase(), params: p };
  });
}

/** The first acceptable `as=<kind>` rendering the client asked for, if any we support. */
export function wantsAs(
  header: string | undefined,
  as: string,
  group: string,
  versions: string[],
): MediaType | undefined {
  for (const m of parseAccept(header)) {
    if ((m.type === 'application/json' && !m.params.as) || m.type === '*/*') return undefined;
    if (
      m.type === 'application/json' &&
      m.params.as === as &&
      m.params.g === group &&
      versions.includes(m.params.v ?? '')
    ) {
      return m;
    }
  }
  return undefined;
}
