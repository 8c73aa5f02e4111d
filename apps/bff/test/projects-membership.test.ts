// Project membership comes from the project's record (an annotation on its home namespace, which
// only who may update that namespace can write), not from the label alone: a namespace owner who
// labels her namespace into someone else's project gets an unverified claim and nothing else.
import { describe, expect, it } from 'vitest';
import type {
  ChangeReport,
  ProjectDetail,
  ProjectsResponse,
  SessionResponse,
} from '../src/contract.js';
import { demoSignIn, embeddedBffForSuite, session } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { direct } from './support/clusters.js';
import { searchNamespaces } from './support/capabilities.js';

const api = '/api/clusters/dev/projects';
const RBAC = 'rbac.authorization.k8s.io';

interface Ns {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
}

describe('a namespace that claims a project without its record', () => {
  const suite = embeddedBffForSuite('bff-membership-');
  const dc = () => suite.bff.bff.context.clusters.embedded!;

  async function signedIn(user: string): Promise<Browser> {
    const b = suite.bff.browser();
    await demoSignIn(b, user);
    return b;
  }

  /** carol owns `name`: admin in it, and may update the namespace object itself. */
  async function carolsNamespace(name: string): Promise<void> {
    const created = await direct(dc(), 'admin', 'POST', '/api/v1/namespaces', {
      metadata: { name },
    });
    expect(created.status).toBe(201);
    // A RoleBinding in a namespace grants verbs on the Namespace object of the same name, as
    // kube-apiserver's RequestInfoFactory gives a namespaces request its name as namespace.
    for (const role of ['admin', 'namespace-owner']) {
      const r = await direct(
        dc(),
        'admin',
        'POST',
        `/apis/${RBAC}/v1/namespaces/${name}/rolebindings`,
        {
          metadata: { name: `carol-${role}` },
          roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
          subjects: [{ kind: 'User', apiGroup: RBAC, name: 'carol' }],
        },
      );
      expect(r.status).toBe(201);
    }
  }

  /** carol labels her namespace into `project`, as herself. */
  async function claim(name: string, project: string): Promise<void> {
    const ns = await direct<Ns>(dc(), 'carol', 'GET', `/api/v1/namespaces/${name}`);
    expect(ns.status).toBe(200);
    const labelled = await direct(dc(), 'carol', 'PUT', `/api/v1/namespaces/${name}`, {
      ...ns.body,
      metadata: { ...ns.body.metadata, labels: { 'gatehouse.dev/project': project } },
    });
    expect(labelled.status).toBe(200);
  }

  it('sets up carol as the owner of her namespace', async () => {
    const role = await direct(dc(), 'admin', 'POST', `/apis/${RBAC}/v1/clusterroles`, {
      metadata: { name: 'namespace-owner' },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'update', 'patch'] }],
    });
    expect(role.status).toBe(201);
    await carolsNamespace('carol-ns');
    await claim('carol-ns', 'payments');
    // She may not write the project's record on its home namespace.
    const home = await direct<Ns>(dc(), 'admin', 'GET', '/api/v1/namespaces/payments');
    const forged = await direct(dc(), 'carol', 'PUT', '/api/v1/namespaces/payments', {
      ...home.body,
      metadata: {
        ...home.body.metadata,
        annotations: { 'gatehouse.dev/namespaces': 'payments,payments-staging,carol-ns' },
      },
    });
    expect(forged.status).toBe(403);
  });

  it('shows the claim as unverified and keeps the project’s collaborators from its owner', async () => {
    const bob = await signedIn('bob');
    const detail = (await bob.get(`${api}/payments`)).json<ProjectDetail>();
    expect(detail.namespaces).toEqual(['payments', 'payments-staging']);
    expect(detail.unverifiedNamespaces).toEqual(['carol-ns']);
    expect(detail.collaborators.map((c) => c.subject.name)).toEqual(['bob']);
    const alice = await signedIn('alice');
    const all = (await alice.get(api)).json<ProjectsResponse>();
    expect(all.projects.find((p) => p.name === 'payments')).toMatchObject({
      namespaces: ['payments', 'payments-staging'],
      unverifiedNamespaces: ['carol-ns'],
    });

    // Namespace pickers group by project only what the record lists: as listed by alice (who may
    // list every namespace) and as carol's bound namespaces from the BFF's cache.
    const projectOf = (s: SessionResponse, ns: string) =>
      s.clusters[0]!.capabilities.namespaces.find((n) => n.name === ns)?.project;
    const searchedProject = async (b: Browser, ns: string) =>
      (await searchNamespaces(b, 'dev', ns)).namespaces.find((n) => n.name === ns)?.project;
    expect(await searchedProject(alice, 'payments-staging')).toBe('payments');
    expect(await searchedProject(alice, 'carol-ns')).toBeUndefined();

    // carol is bound only in her own namespace: payments does not exist for her.
    const carol = await signedIn('carol');
    const carolSession = await session(carol);
    expect(carolSession.clusters[0]!.capabilities.namespaces.map((n) => n.name)).toContain(
      'carol-ns',
    );
    expect(projectOf(carolSession, 'carol-ns')).toBeUndefined();
    expect(await searchedProject(carol, 'carol-ns')).toBeUndefined();
    expect((await carol.get(`${api}/payments`)).status).toBe(404);
    expect((await carol.get(api)).json<ProjectsResponse>().projects).toEqual([]);
    expect((await carol.get('/api/clusters/dev/kubeconfig/info?project=payments')).status).toBe(
      404,
    );
  });

  it('invites and kubeconfigs leave the claiming namespace alone', async () => {
    const bob = await signedIn('bob');
    const invite = await bob.post(`${api}/payments/collaborators`, {
      subjects: [{ kind: 'User', name: 'joe' }],
      level: 'viewer',
    });
    expect(invite.status, invite.text).toBe(200);
    expect(invite.json<ChangeReport>().steps.map((s) => s.namespace)).toEqual([
      'payments',
      'payments-staging',
    ]);
    const inCarols = await direct<{ items: Array<{ metadata: { name: string } }> }>(
      dc(),
      'admin',
      'GET',
      `/apis/${RBAC}/v1/namespaces/carol-ns/rolebindings`,
    );
    expect(inCarols.body.items.map((b) => b.metadata.name).sort()).toEqual([
      'carol-admin',
      'carol-namespace-owner',
    ]);
    const joe = await signedIn('joe');
    const file = await joe.get('/api/clusters/dev/kubeconfig?project=payments&namespace=carol-ns');
    expect(file.status).toBe(400);
    expect(file.json<{ error: { message: string } }>().error.message).toMatch(
      /carol-ns is not a namespace of payments/,
    );
  });

  it('deleting the project deletes only the namespaces its record lists', async () => {
    const alice = await signedIn('alice');
    const created = await alice.post(api, { name: 'lab', namespaces: ['lab', 'lab-staging'] });
    expect(created.status, created.text).toBe(200);
    await carolsNamespace('carol-lab');
    await claim('carol-lab', 'lab');
    const deleted = await alice.post(`${api}/lab/delete`, { confirm: 'lab' });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json<ChangeReport>().steps.map((s) => s.name)).toEqual(['lab', 'lab-staging']);
    const carols = await direct<Ns>(dc(), 'admin', 'GET', '/api/v1/namespaces/carol-lab');
    expect(carols.status).toBe(200);
    expect(carols.body.metadata.deletionTimestamp).toBeUndefined();
  });

  it('a claim made before the project exists neither takes its name nor joins it', async () => {
    await carolsNamespace('carol-early');
    await claim('carol-early', 'later');
    const alice = await signedIn('alice');
    const created = await alice.post(api, { name: 'later', namespaces: ['later'] });
    expect(created.status, created.text).toBe(200);
    const detail = (await alice.get(`${api}/later`)).json<ProjectDetail>();
    expect(detail.namespaces).toEqual(['later']);
    expect(detail.unverifiedNamespaces).toEqual(['carol-early']);
    expect(detail.collaborators.map((c) => c.subject.name)).toEqual(['alice']);
  });

  it('who may update both the home and the claiming namespace verifies it; nobody else', async () => {
    const bob = await signedIn('bob');
    const refused = await bob.post(`${api}/payments/namespaces/carol-ns`);
    expect(refused.status).toBe(403);
    const alice = await signedIn('alice');
    const verified = await alice.post(`${api}/payments/namespaces/carol-ns`);
    expect(verified.status, verified.text).toBe(200);
    const steps = verified.json<ChangeReport>().steps.map((s) => `${s.op} ${s.kind} ${s.name}`);
    // No relabel (carol's label stays), the record, then the collaborators' bindings.
    expect(steps[0]).toBe('update Namespace payments');
    expect(steps.slice(1).every((s) => s.startsWith('create RoleBinding'))).toBe(true);
    const home = await direct<Ns>(dc(), 'admin', 'GET', '/api/v1/namespaces/payments');
    expect(home.body.metadata.annotations?.['gatehouse.dev/namespaces']).toBe(
      'carol-ns,payments,payments-staging',
    );
    const detail = (await alice.get(`${api}/payments`)).json<ProjectDetail>();
    expect(detail.namespaces).toEqual(['carol-ns', 'payments', 'payments-staging']);
    expect(detail.unverifiedNamespaces).toEqual([]);
    // The home holds the record: it cannot be removed from its own project.
    const home2 = await alice.post(`${api}/payments/namespaces/payments/remove`);
    expect(home2.status).toBe(409);
    const removed = await alice.post(`${api}/payments/namespaces/carol-ns/remove`);
    expect(removed.status, removed.text).toBe(200);
    const after = await direct<Ns>(dc(), 'admin', 'GET', '/api/v1/namespaces/payments');
    expect(after.body.metadata.annotations?.['gatehouse.dev/namespaces']).toBe(
      'payments,payments-staging',
    );
  });
});
