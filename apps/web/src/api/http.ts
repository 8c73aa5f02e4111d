import { z } from 'zod/mini';
import { apiErrorBody } from '@gatehouse/bff/contract';

/** An HTTP failure with the server's own message and, when Kubernetes answered, its reason. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// A Kubernetes Status under /k8s, as any API server words it (every field but kind may be missing).
const k8sStatusSchema = z.object({
  kind: z.literal('Status'),
  message: z.optional(z.string()),
  reason: z.optional(z.string()),
  code: z.optional(z.number()),
  details: z.optional(z.unknown()),
});

let csrfToken: string | undefined;

/** The BFF hands out its CSRF token with /api/auth/config and /api/session. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  method?: string;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

async function send(url: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  if (unsafe.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(
      'The Gatehouse server could not be reached. Check your connection and try again.',
      0,
    );
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

export async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new ApiError(text.trim() || `Request failed with HTTP ${res.status}`, res.status);
  }
  const bff = apiErrorBody.safeParse(body);
  if (bff.success)
    return new ApiError(
      bff.data.error.message,
      res.status,
      bff.data.error.reason,
      bff.data.error.details,
    );
  const status = k8sStatusSchema.safeParse(body);
  if (status.success) {
    return new ApiError(
      status.data.message ?? `Request failed with HTTP ${res.status}`,
      res.status,
      status.data.reason,
      status.data.details,
    );
  }
  return new ApiError(`Request failed with HTTP ${res.status}`, res.status);
}

/** Fetches JSON and validates it at the edge: a response of the wrong shape is an error, not a crash later. */
export async function requestJson<T>(
  url: string,
  schema: z.ZodMiniType<T>,
  opts: RequestOptions = {},
): Promise<T> {
  const res = await send(url, opts);
  const body: unknown = await res.json();
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(
      `Unexpected response from ${url}: ${z.prettifyError(parsed.error)}`,
      res.status,
      'InvalidResponse',
    );
  }
  return parsed.data;
}

/** For endpoints that answer 204 or whose body does not matter. */
export async function requestVoid(url: string, opts: RequestOptions = {}): Promise<void> {
  await send(url, opts);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
