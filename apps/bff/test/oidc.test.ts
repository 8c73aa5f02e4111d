import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfig, session, startTestBff, type TestBff } from './support/bff.js';
import { direct, startFleet, tempDir, type Fleet } from './support/clusters.js';
import { startIdp, type TestIdp } from './support/idp.js';
import { rulesIn, visibleNamespaces } from './support/capabilities.js';

describe('OIDC sign-in against a real OpenID Provider', () => {
  const dir = tempDir('bff-oidc-');
  let fleet: Fleet;
  let idp: TestIdp;
  let bff: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['prod']);
    idp = await startIdp();
    bff = await startTestBff({
      kubeconfig: fleet.kubeconfig,
      dataDir: `${dir.path}/bff-data`,
      auth: ['oidc', 'token'],
      oidc: {
        issuer: idp.issuer,
        clientId: 'gatehouse',
        clientSecret: 'client-secret-for-tests',
        groupsPrefix: 'oidc:',
      },
    });
    idp.register(`${bff.url}/api/auth/oidc/callback`, 'client-secret-for-tests');
    // The IdP group oidc:platform may read RBAC cluster-wide.
    const crb = await direct(
      fleet.clusters.prod!,
      'admin',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      {
        metadata: { name: 'platform-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oidc:platform' }],
      },
    );
    expect(crb.status).toBe(201);
    // ...and edit in payments only.
    const rb = await direct(
      fleet.clusters.prod!,
      'admin',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings',
      {
        metadata: { name: 'platform-edit', namespace: 'payments' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oidc:platform' }],
      },
    );
    expect(rb.status).toBe(201);
  });
  afterAll(async () => {
    await bff?.close();
    await idp?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('signs in with authorization code + PKCE and acts as the IdP identity through impersonation', async () => {
    idp.loginAs({ sub: 'u-1', email: 'dana@example.com', groups: ['platform', 'system:masters'] });
    const br = bff.browser();
    const start = await br.get('/api/auth/oidc/login?returnTo=/projects/payments');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.location as string);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    const end = await br.navigate(authorize.href);
    expect(end.url, end.text).toBe(`${bff.url}/projects/payments`);
    const s = await session(br);
    expect(s.authMode).toBe('oidc');
    expect(s.user.name).toBe('dana@example.com');
    // IdP groups are prefixed as the cluster would; a reserved system: group never gets through.
    expect(s.user.groups).toEqual(['oidc:platform', 'system:authenticated']);
    expect(s.clusters[0]!.capabilities.cluster.resourceRules).toContainEqual(
      expect.objectContaining({ resources: expect.arrayContaining(['pods']) }),
    );
    expect((await br.get('/k8s/prod/api/v1/namespaces')).status).toBe(200);
    // May list namespaces, so sees all; edit only where the RoleBinding is.
    const caps = s.clusters[0]!.capabilities;
    const names = await visibleNamespaces(br, s.clusters[0]!.id);
    expect(caps.namespaceCount).toBe(names.length);
    const byName = new Map(names.map((n) => [n, rulesIn(caps, n).resourceRules]));
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['payments', 'data', 'deliveries']));
    const createsDeployments = (
      rules: (typeof s.clusters)[0]['capabilities']['cluster']['resourceRules'] | undefined,
    ) =>
      (rules ?? []).some((r) => r.verbs.includes('create') && r.resources?.includes('deployments'));
    expect(createsDeployments(byName.get('payments'))).toBe(true);
    expect(createsDeployments(byName.get('data'))).toBe(false);
    // view does not include RBAC objects: the cluster says no, as it would to dana directly.
    const crbs = await br.get('/k8s/prod/apis/rbac.authorization.k8s.io/v1/clusterrolebindings');
    expect(crbs.status).toBe(403);
    expect(crbs.json<{ message: string }>().message).toMatch(/User "dana@example.com" cannot list/);
  });

  it('uses the transaction and the code once: replaying the callback is refused', async () => {
    idp.loginAs({ sub: 'u-2', email: 'eve@example.com', groups: [] });
    const br = bff.browser();
    const start = await br.get('/api/auth/oidc/login');
    let url = start.headers.location as string;
    let callback = '';
    for (let i = 0; i < 10 && !callback; i++) {
      const r = await br.send('GET', url, { headers: { accept: 'text/html' } });
      const next = new URL(r.headers.location as string, url).href;
      if (next.startsWith(`${bff.url}/api/auth/oidc/callback`)) callback = next;
      url = next;
    }
    const thief = br.copy();
    const first = await br.navigate(callback);
    expect(first.url).toBe(`${bff.url}/`);
    expect((await session(br)).user.name).toBe('eve@example.com');
    // The same browser no longer holds the transaction; a copy of it meets the IdP's used code.
    const again = await br.send('GET', callback);
    expect(again.status).toBe(400);
    const replay = await thief.send('GET', callback);
    expect(replay.status).toBe(401);
    expect((await thief.get('/api/session')).status).toBe(401);
  });

  it('refuses a returnTo that leaves the site', async () => {
    const br = bff.browser();
    for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const r = await br.get(`/api/auth/oidc/login?returnTo=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(400);
    }
  });

  it('refuses an identity too large for a cookie instead of losing the session silently', async () => {
    const groups = Array.from({ length: 300 }, (_, i) => `team-with-a-long-name-${i}`);
    idp.loginAs({ sub: 'u-4', email: 'many@example.com', groups });
    const br = bff.browser();
    const end = await br.navigate('/api/auth/oidc/login');
    expect(end.status).toBe(400);
    expect(end.json<{ error: { message: string } }>().error.message).toMatch(
      /301 groups\) is too large for a session cookie/,
    );
  });

  it('refuses a user name in the reserved system: namespace', async () => {
    idp.loginAs({ sub: 'u-3', email: 'system:admin', groups: [] });
    const br = bff.browser();
    await authConfig(br);
    const end = await br.navigate('/api/auth/oidc/login');
    expect(end.status).toBe(403);
    expect((await br.get('/api/session')).status).toBe(401);
  });
});
