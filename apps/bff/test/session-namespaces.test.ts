import { describe, expect, it } from 'vitest';
import type { SessionResponse } from '../src/contract.js';
import { demoSignIn, session, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';
import { namespaceNames, rulesIn } from './support/capabilities.js';

const bindings = '/k8s/dev/apis/rbac.authorization.k8s.io/v1/namespaces/data-lake/rolebindings';
const waitMs = 30_000;

function namespacesOf(s: SessionResponse): string[] {
  return namespaceNames(s.clusters[0]!.capabilities);
}

/** Re-reads the session until `done` holds; the cache follows a watch, so no fixed delay is assumed. */
async function sessionUntil(b: Browser, done: (ns: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const ns = namespacesOf(await session(b));
    if (done(ns) || Date.now() > deadline) return ns;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('session namespaces follow RoleBindings through the shared list+watch cache', () => {
  const suite = embeddedBffForSuite('bff-session-ns-');

  it('a RoleBinding created for carol adds its namespace to her session, and deleting it removes it', async () => {
    const carol = suite.bff.browser();
    expect(namespacesOf(await demoSignIn(carol, 'carol'))).toEqual([]);

    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const created = await alice.post(bindings, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'carol-view', namespace: 'data-lake' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'carol' }],
    });
    expect(created.status, created.text).toBe(201);

    expect(await sessionUntil(carol, (ns) => ns.includes('data-lake'))).toEqual(['data-lake']);
    const s = await session(carol);
    // Her rules there are asked of the cluster as carol: view lists pods, never writes them.
    expect(rulesIn(s.clusters[0]!.capabilities, 'data-lake').resourceRules).toContainEqual(
      expect.objectContaining({
        verbs: expect.arrayContaining(['list']),
        resources: expect.arrayContaining(['pods']),
      }),
    );

    const gone = await alice.send('DELETE', `${bindings}/carol-view`);
    expect(gone.status, gone.text).toBe(200);
    expect(await sessionUntil(carol, (ns) => ns.length === 0)).toEqual([]);
  });

  it('shows nobody namespaces of other people: bob still sees only his own', async () => {
    const bob = await demoSignIn(suite.bff.browser(), 'bob');
    expect(namespacesOf(bob).sort()).toEqual(['deliveries', 'payments', 'payments-staging']);
  });
});
