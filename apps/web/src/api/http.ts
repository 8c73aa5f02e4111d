import type { ZodMiniType } from 'zod/mini';

/**
 * A response's schema, or a loader of one. The shell's first requests pass loaders, so their schemas
 * and zod itself load beside the request instead of in the first bundle; the check is the same.
 */
export type ResponseSchema<T> = ZodMiniType<T> | (() => Promise<ZodMiniType<T>>);

const errorSchemas = () => import('./errorSchemas.js');

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
  let schemas: Awaited<ReturnType<typeof errorSchemas>>;
  try {
    schemas = await errorSchemas();
  } catch {
    // The error's schemas could not load (the network went with the request): say what is known.
    return new ApiError(`Request failed with HTTP ${res.status}`, res.status);
  }
  const { apiErrorBody, k8sStatusSchema } = schemas;
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
  schema: ResponseSchema<T>,
  opts: RequestOptions = {},
): Promise<T> {
  // A loader starts before the request is sent, so the two travel together.
  const loading = typeof schema === 'function' ? schema() : Promise.resolve(schema);
  // A request that fails before its schema arrives must not leave the loader's rejection unhandled.
  loading.catch(() => undefined);
  const res = await send(url, opts);
  const body: unknown = await res.json();
  const parsed = (await loading).safeParse(body);
  if (!parsed.success) {
    const { prettifyError } = await errorSchemas();
    throw new ApiError(
      `Unexpected response from ${url}: ${prettifyError(parsed.error)}`,
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
