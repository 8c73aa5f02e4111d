// Creating, growing, shrinking and deleting a project as alice, and the OIDC kubeconfig, over real HTTP.
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChangeReport,
  KubeconfigInfo,
  ProjectDetail,
  ProjectsResponse,
} from '../src/contract.js';
import { demoSignIn, startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { direct, startFleet, tempDir, type Fleet } from './support/clusters.js';

const api = '/api/clusters/dev/projects';

describe('project lifecycle as a cluster admin', () => {
  const dir = tempDir('bff-project-life-');
  let bff: TestBff;
  let alice: Browser;
  const dc = () => bff.bff.context.clusters.embedded!;

  beforeAll(async () => {
    bff = await startTestBff({ dataDir: dir.path });
    alice = bff.browser();
    await demoSignIn(alice, 'alice');
  });
  afterAll(async () => {
    await bff?.close();
    dir.remove();
  });

  it('creates a project as labelled namespaces with its creator as admin, all or nothing', async () => {
    const r = await alice.post(api, { name: 'search', namespaces: ['search', 'search-staging'] });
    expect(r.status, r.text).toBe(200);
    expect(r.json<ChangeReport>().steps.map((s) => `${s.op} ${s.kind}`)).toEqual([
      'create Namespace',
      'create Namespace',
      'create RoleBinding',
      'create RoleBinding',
    ]);
    const detail = (await alice.get(`${api}/search`)).json<ProjectDetail>();
    expect(detail.namespaces).toEqual(['search', 'search-staging']);
    expect(detail.unverifiedNamespaces).toEqual([]);
    expect(detail.collaborators.map((c) => [c.subject.name, c.level])).toEqual([
      ['alice', 'admin'],
    ]);
    const list = (await alice.get(api)).json<ProjectsResponse>();
    expect(list.canCreate).toBe(true);
    expect(list.projects.map((p) => p.name)).toEqual(['data', 'deliveries', 'payments', 'search']);
    const again = await alice.post(api, { name: 'search', namespaces: ['search', 'other'] });
    expect(again.status).toBe(409);
    const taken = await alice.post(api, { name: 'fresh', namespaces: ['fresh', 'payments'] });
    expect(taken.status).toBe(409);
    // The project's record lives on its home namespace, named like it.
    const homeless = await alice.post(api, { name: 'fresh', namespaces: ['fresh-a'] });
    expect(homeless.status).toBe(400);
    expect(homeless.json<{ error: { message: string } }>().error.message).toMatch(
      /include its home namespace, named like the project \("fresh"\)/,
    );
    expect((await direct(dc(), 'admin', 'GET', '/api/v1/namespaces/fresh-a')).status).toBe(404);
    expect((await alice.post(api, { name: 'Bad_Name', namespaces: ['x'] })).status).toBe(400);
  });

  it('adds an existing namespace with the project’s collaborators, and removes it keeping the namespace', async () => {
    expect(
      (
        await direct(dc(), 'admin', 'POST', '/api/v1/namespaces', {
          metadata: { name: 'search-tools' },
        })
      ).status,
    ).toBe(201);
    const add = await alice.post(`${api}/search/namespaces/search-tools`);
    expect(add.status, add.text).toBe(200);
    let detail = (await alice.get(`${api}/search`)).json<ProjectDetail>();
    expect(detail.namespaces).toContain('search-tools');
    expect(detail.collaborators[0]).toMatchObject({ subject: { name: 'alice' }, complete: true });

    const remove = await alice.post(`${api}/search/namespaces/search-tools/remove`);
    expect(remove.status, remove.text).toBe(200);
    detail = (await alice.get(`${api}/search`)).json<ProjectDetail>();
    expect(detail.namespaces).toEqual(['search', 'search-staging']);
    const ns = await direct<{ metadata: { labels?: Record<string, string> } }>(
      dc(),
      'admin',
      'GET',
      '/api/v1/namespaces/search-tools',
    );
    expect(ns.status).toBe(200);
    expect(ns.body.metadata.labels?.['gatehouse.dev/project']).toBeUndefined();
  });

  it('deletes a project only with its name typed, and only for who may delete its namespaces', async () => {
    const bob = bff.browser();
    await demoSignIn(bob, 'bob');
    expect((await bob.post(`${api}/payments/delete`, { confirm: 'payments' })).status).toBe(403);
    expect((await alice.post(`${api}/search/delete`, { confirm: 'serch' })).status).toBe(400);
    const r = await alice.post(`${api}/search/delete`, { confirm: 'search' });
    expect(r.status, r.text).toBe(200);
    expect(r.json<ChangeReport>().outcome).toBe('completed');
    expect((await alice.get(`${api}/search`)).status).toBe(404);
  });
});

describe('kubeconfig for a cluster that trusts the IdP', () => {
  const dir = tempDir('bff-oidc-kubeconfig-');
  let fleet: Fleet;
  let bff: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['dev']);
    bff = await startTestBff({
      dataDir: `${dir.path}/bff`,
      kubeconfig: fleet.kubeconfig,
      auth: ['token'],
      oidc: { issuer: 'https://idp.example.com', clientId: 'gatehouse' },
      kubeconfigFiles: { oidcClusters: ['dev'] },
    });
  });
  afterAll(async () => {
    await bff?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('holds an exec-plugin config and no secret', async () => {
    const bob = bff.browser();
    await tokenSignIn(bob, fleet.clusters.dev!.token('bob'));
    const info = (
      await bob.get('/api/clusters/dev/kubeconfig/info?project=payments')
    ).json<KubeconfigInfo>();
    expect(info).toMatchObject({ mode: 'oidc', contextName: 'dev-payments', myLevels: ['admin'] });
    const r = await bob.get('/api/clusters/dev/kubeconfig?project=payments');
    expect(r.status, r.text).toBe(200);
    const file = parse(r.text) as { users: Array<{ user: Record<string, unknown> }> };
    const user = file.users[0]!.user;
    expect(user.token).toBeUndefined();
    expect(user.exec).toMatchObject({
      command: 'kubectl',
      args: expect.arrayContaining([
        'oidc-login',
        'get-token',
        '--oidc-issuer-url=https://idp.example.com',
        '--oidc-client-id=gatehouse',
      ]),
    });
    const secrets = await direct<{ items: unknown[] }>(
      fleet.clusters.dev!,
      'admin',
      'GET',
      '/api/v1/namespaces/gatehouse-system/secrets',
    );
    expect(secrets.body.items).toEqual([]);
  });
});
