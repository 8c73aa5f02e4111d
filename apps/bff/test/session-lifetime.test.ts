// The absolute session lifetime counts from sign-in, however often the cookie is refreshed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';

const maxSeconds = 150;
const idleSeconds = 90;

describe('absolute session lifetime', () => {
  // The BFF runs in this process, so faking Date moves its clock (and jose's) without waiting.
  const suite = embeddedBffForSuite('bff-session-life-', {
    sessionMaxSeconds: maxSeconds,
    sessionIdleSeconds: idleSeconds,
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a session polled every 8 s ends --session-max after sign-in, refreshed cookie or cached one', async () => {
    const b = suite.bff.browser();
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    await demoSignIn(b, 'bob');
    const first = b.cookies().get('gatehouse');
    expect(first).toBeDefined();
    const seen: Array<[number, number]> = [];
    let refreshed = 0;
    let late: ReturnType<typeof b.copy> | undefined;
    for (let t = 8; t <= 209; t += 8) {
      vi.setSystemTime(start + t * 1000);
      const before = b.cookies().get('gatehouse');
      const r = await b.get('/api/session');
      seen.push([t, r.status]);
      const after = b.cookies().get('gatehouse');
      if (r.status === 200 && after !== before) refreshed++;
      // A cookie value sealed late in the session, used from here on only from the cache.
      if (t === 136) late = b.copy();
    }
    // The idle timer was refreshed (new cookie values), which must not extend the lifetime.
    expect(refreshed).toBeGreaterThanOrEqual(2);
    expect(seen.filter(([t]) => t < maxSeconds).every(([, s]) => s === 200)).toBe(true);
    expect(seen.filter(([t]) => t >= maxSeconds).map(([, s]) => s)).toEqual(
      seen.filter(([t]) => t >= maxSeconds).map(() => 401),
    );
    // The late copy was accepted (and cached) before the end, and is refused after it.
    vi.setSystemTime(start + (maxSeconds - 5) * 1000);
    expect((await late!.get('/api/session')).status).toBe(200);
    vi.setSystemTime(start + maxSeconds * 1000);
    expect((await late!.get('/api/session')).status).toBe(401);
  });

  it('the refreshed cookie never outlives the session in the browser either', async () => {
    const b = suite.bff.browser();
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    await demoSignIn(b, 'joe');
    for (const t of [70, 140]) {
      vi.setSystemTime(start + t * 1000);
      const r = await b.get('/api/session');
      expect(r.status).toBe(200);
      const cookie = ((r.headers['set-cookie'] as string[] | undefined) ?? []).find((c) =>
        c.startsWith('gatehouse='),
      );
      // Max-Age is what is left of the absolute lifetime, not a fresh one.
      expect(cookie).toMatch(new RegExp(`Max-Age=${maxSeconds - t};`));
    }
  });
});
