// kubectl auth can-i / can-i --list / whoami, create token, and --as/--as-group impersonation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers.js';
import { kubectl, requireKubectl } from './kubectl.js';

let tc: TestCluster;
beforeAll(async () => {
  requireKubectl();
  tc = await startTestCluster({ seed: 'demo' });
});
afterAll(async () => tc?.stop());

describe('kubectl auth can-i', () => {
  it.each([
    ['carol', ['list', 'pods', '-n', 'payments'], 'no', 1],
    ['carol', ['get', '/healthz'], 'yes', 0],
    ['joe', ['create', 'deployments.apps', '-n', 'deliveries'], 'yes', 0],
    ['joe', ['get', 'pods', '-n', 'payments'], 'no', 1],
    ['bob', ['create', 'rolebindings', '-n', 'payments'], 'yes', 0],
    ['bob', ['create', 'rolebindings', '-n', 'deliveries'], 'no', 1],
    ['alice', ['delete', 'nodes'], 'yes', 0],
  ] as const)('%s %j → %s', async (user, args, answer, code) => {
    const r = await kubectl(tc, user, ['auth', 'can-i', ...args]);
    expect(r.stdout.trim()).toBe(answer);
    expect(r.code).toBe(code);
  });

  it("lists bob's rules in payments like a real cluster (admin aggregated from edit and view)", async () => {
    const r = await kubectl(tc, 'admin', ['auth', 'can-i', '--list', '--as=bob', '-n', 'payments']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/);
    expect(r.stdout).toMatch(
      /\nrolebindings\.rbac\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create delete deletecollection get list patch update watch\]\n/,
    );
    expect(r.stdout).toMatch(
      /\npods\/exec\s+\[\]\s+\[\]\s+\[get list watch create delete deletecollection patch update\]\n/,
    );
    expect(r.stdout).toMatch(
      /\nselfsubjectreviews\.authentication\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]\n/,
    );
    expect(r.stdout).toMatch(/\n\s+\[\/healthz\]\s+\[\]\s+\[get\]\n/);
    expect(lines[lines.length - 1]).toMatch(
      /^serviceaccounts\s+\[\]\s+\[\]\s+\[impersonate create delete deletecollection patch update get list watch\]$/,
    );
  });

  it('lists nothing namespaced for carol', async () => {
    const r = await kubectl(tc, 'carol', ['auth', 'can-i', '--list', '-n', 'payments']);
    expect(r.stdout).not.toMatch(/\npods\s/);
    expect(r.stdout).toMatch(/selfsubjectaccessreviews\.authorization\.k8s\.io/);
  });
});

describe('kubectl auth whoami', () => {
  it.each([
    ['alice', 'alice', 'alice-uid', '[devel system:authenticated]'],
    ['carol', 'carol', 'carol-uid', '[system:authenticated]'],
    ['joe', 'joe', 'joe-uid', '[devel system:authenticated]'],
  ])('%s', async (user, name, uid, groups) => {
    const r = await kubectl(tc, user, ['auth', 'whoami']);
    expect(r.stdout).toBe(
      `ATTRIBUTE   VALUE\nUsername    ${name}\nUID         ${uid}\nGroups      ${groups}\n`,
    );
  });
});

describe('kubectl create token', () => {
  it('issues a token that authenticates as the ServiceAccount until the ServiceAccount goes', async () => {
    await kubectl(tc, 'admin', ['create', 'serviceaccount', 'gh-ci', '-n', 'payments']);
    const created = await kubectl(tc, 'bob', [
      'create',
      'token',
      'gh-ci',
      '-n',
      'payments',
      '--duration=15m',
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const who = await kubectl(tc, 'carol', ['--token', token, 'auth', 'whoami']);
    expect(who.stdout).toMatch(/Username\s+system:serviceaccount:payments:gh-ci\n/);
    expect(who.stdout).toMatch(
      /Groups\s+\[system:serviceaccounts system:serviceaccounts:payments system:authenticated\]\n/,
    );
    expect(who.stdout).toMatch(
      /Extra: authentication\.kubernetes\.io\/credential-id\s+\[JTI=[0-9a-f-]{36}\]/,
    );
    const denied = await kubectl(tc, 'carol', ['--token', token, 'get', 'pods', '-n', 'payments']);
    expect(denied.stderr.trim()).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:payments:gh-ci" cannot list resource "pods" in API group "" in the namespace "payments"',
    );

    await kubectl(tc, 'admin', ['delete', 'serviceaccount', 'gh-ci', '-n', 'payments']);
    const dead = await kubectl(tc, 'carol', ['--token', token, 'auth', 'whoami']);
    expect(dead.code).toBe(1);
    expect(dead.stderr.trim()).toBe('error: You must be logged in to the server (Unauthorized)');
    await kubectl(tc, 'admin', ['create', 'serviceaccount', 'gh-ci', '-n', 'payments']);
    expect((await kubectl(tc, 'carol', ['--token', token, 'auth', 'whoami'])).code).toBe(1);
  });

  it('refuses carol, who may not create serviceaccounts/token', async () => {
    const r = await kubectl(tc, 'carol', ['create', 'token', 'default', '-n', 'payments']);
    expect(r.stderr.trim()).toBe(
      'error: failed to create token: serviceaccounts "default" is forbidden: User "carol" cannot create resource "serviceaccounts/token" in API group "" in the namespace "payments"',
    );
  });
});

describe('kubectl --as / --as-group', () => {
  it('lets the admin act as bob and as a group', async () => {
    expect(
      (await kubectl(tc, 'admin', ['auth', 'whoami', '--as=bob', '--as-group=qa'])).stdout,
    ).toBe('ATTRIBUTE   VALUE\nUsername    bob\nGroups      [qa system:authenticated]\n');
    expect(
      (
        await kubectl(tc, 'admin', [
          'get',
          'pods',
          '-n',
          'deliveries',
          '--as=nobody',
          '--as-group=devel',
        ])
      ).code,
    ).toBe(0);
    const denied = await kubectl(tc, 'admin', ['get', 'pods', '-n', 'payments', '--as=joe']);
    expect(denied.stderr.trim()).toBe(
      'Error from server (Forbidden): pods is forbidden: User "joe" cannot list resource "pods" in API group "" in the namespace "payments"',
    );
  });

  it('forbids carol from impersonating, with the API server wording', async () => {
    const r = await kubectl(tc, 'carol', ['get', 'pods', '--as=alice', '-n', 'payments']);
    expect(r.stderr.trim()).toBe(
      'Error from server (Forbidden): users "alice" is forbidden: User "carol" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const withGroup = await kubectl(tc, 'carol', [
      'get',
      'pods',
      '--as=alice',
      '--as-group=devel',
      '-n',
      'payments',
    ]);
    expect(withGroup.stderr.trim()).toBe(r.stderr.trim());
    const whoami = await kubectl(tc, 'carol', ['auth', 'whoami', '--as=carol', '--as-group=devel']);
    expect(whoami.stderr.trim()).toBe(
      'error: the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it',
    );
  });

  it('lets the BFF identity impersonate users but not act beyond them', async () => {
    const r = await kubectl(tc, 'gatehouse-bff', [
      'get',
      'rolebindings',
      '-n',
      'payments',
      '--as=bob',
    ]);
    expect(r.code).toBe(0);
    const denied = await kubectl(tc, 'gatehouse-bff', ['get', 'secrets', '-n', 'payments']);
    expect(denied.stderr.trim()).toBe(
      'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:gatehouse-system:gatehouse-bff" cannot list resource "secrets" in API group "" in the namespace "payments"',
    );
  });
});
