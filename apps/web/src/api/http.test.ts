import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { ApiError, requestJson } from './http.js';

// A real HTTP server on loopback: the edge is exercised as the browser uses it, with fetch.
let server: Server;
let base = '';
const answers: Record<string, { status: number; body: string }> = {
  '/ok': { status: 200, body: JSON.stringify({ name: 'alice', groups: ['devel'] }) },
  '/wrong-shape': { status: 200, body: JSON.stringify({ name: 7 }) },
  '/bff-error': {
    status: 403,
    body: JSON.stringify({ error: { message: 'bob may not', reason: 'Forbidden', code: 403 } }),
  },
  '/k8s-status': {
    status: 404,
    body: JSON.stringify({ kind: 'Status', message: 'roles "x" not found', reason: 'NotFound' }),
  },
  '/text': { status: 502, body: 'upstream went away' },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const a = answers[req.url ?? ''] ?? { status: 404, body: '' };
    res.writeHead(a.status, { 'Content-Type': 'application/json' }).end(a.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const person = z.object({ name: z.string(), groups: z.array(z.string()) });

describe('requestJson', () => {
  it('validates with a schema given directly or through a loader, alike', async () => {
    const direct = await requestJson(`${base}/ok`, person);
    let loaded = 0;
    const lazy = await requestJson(`${base}/ok`, async () => {
      loaded++;
      return person;
    });
    expect(lazy).toEqual(direct);
    expect(direct).toEqual({ name: 'alice', groups: ['devel'] });
    expect(loaded).toBe(1);
  });

  it('turns a response of the wrong shape into an InvalidResponse error naming the field', async () => {
    const err = await requestJson(`${base}/wrong-shape`, async () => person).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe('InvalidResponse');
    expect((err as ApiError).message).toContain('name');
  });

  it('reads the BFF’s error body, a Kubernetes Status, and plain text as the error', async () => {
    const bff = (await requestJson(`${base}/bff-error`, person).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect([bff.status, bff.message, bff.reason]).toEqual([403, 'bob may not', 'Forbidden']);
    const k8s = (await requestJson(`${base}/k8s-status`, person).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect([k8s.status, k8s.message, k8s.reason]).toEqual([404, 'roles "x" not found', 'NotFound']);
    const text = (await requestJson(`${base}/text`, person).catch((e: unknown) => e)) as ApiError;
    expect([text.status, text.message]).toEqual([502, 'upstream went away']);
  });

  it('reports the failed request, not the loader, when the request fails first', async () => {
    const err = (await requestJson(`${base}/bff-error`, () =>
      Promise.reject(new Error('chunk failed')),
    ).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(403);
  });
});
