// --oidc-refresh-groups: groups are re-read with the IdP's refresh token, and a refused refresh ends the session.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { session, startTestBff, type TestBff } from './support/bff.js';
import { startFleet, tempDir, type Fleet } from './support/clusters.js';
import { startIdp, type TestIdp } from './support/idp.js';

describe('re-reading groups on OIDC refresh', () => {
  const dir = tempDir('bff-oidc-refresh-');
  let fleet: Fleet;
  let idp: TestIdp;
  let bff: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['prod']);
    idp = await startIdp();
    bff = await startTestBff({
      kubeconfig: fleet.kubeconfig,
      dataDir: `${dir.path}/bff-data`,
      auth: ['oidc'],
      oidc: {
        issuer: idp.issuer,
        clientId: 'gatehouse',
        clientSecret: 'secret-for-tests',
        refreshGroupsSeconds: 60,
      },
    });
    idp.register(`${bff.url}/api/auth/oidc/callback`, 'secret-for-tests');
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await bff?.close();
    await idp?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('picks up a group change once due, and ends the session when the IdP names a refused group', async () => {
    // The BFF and the IdP run in this process: faking Date moves both clocks without waiting.
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    idp.loginAs({ sub: 'r-1', email: 'rita@example.com', groups: ['dev'] });
    const br = bff.browser();
    const end = await br.navigate('/api/auth/oidc/login');
    expect(end.url, end.text).toBe(`${bff.url}/`);
    expect((await session(br)).user.groups).toEqual(['dev', 'system:authenticated']);

    idp.setGroups('r-1', ['ops']);
    vi.setSystemTime(start + 30_000);
    // Not yet due: the groups of sign-in.
    expect((await session(br)).user.groups).toEqual(['dev', 'system:authenticated']);
    vi.setSystemTime(start + 61_000);
    expect((await session(br)).user.groups).toEqual(['ops', 'system:authenticated']);
    // And the refreshed groups stay with the cookie.
    vi.setSystemTime(start + 62_000);
    expect((await session(br)).user).toEqual({
      name: 'rita@example.com',
      groups: ['ops', 'system:authenticated'],
    });

    const copy = br.copy();
    idp.setGroups('r-1', ['ops', ' system:masters']);
    vi.setSystemTime(start + 125_000);
    expect((await br.get('/api/session')).status).toBe(401);
    // The session was revoked, not only dropped from this browser.
    expect((await copy.get('/api/session')).status).toBe(401);
  });
});
