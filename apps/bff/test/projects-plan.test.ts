import type { RoleBinding } from '@gatehouse/policy';
import { describe, expect, it } from 'vitest';
import { defaultLevels } from '../src/projects/model.js';
import { planCollaboratorChange, type ProjectState, type Step } from '../src/projects/plan.js';

const rb = (
  name: string,
  ns: string,
  role: string,
  subjects: RoleBinding['subjects'],
  level?: string,
): RoleBinding => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: {
    name,
    namespace: ns,
    resourceVersion: '7',
    labels: {
      'gatehouse.dev/project': 'payments',
      ...(level ? { 'gatehouse.dev/access-level': level } : {}),
    },
  },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects,
});
const user = (name: string) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });
const group = (name: string) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });

const namespaces = ['payments', 'payments-staging'];
const seeded = (): ProjectState => ({
  project: 'payments',
  namespaces,
  levels: defaultLevels,
  bindings: namespaces.map((ns) =>
    rb('gatehouse:payments:admin', ns, 'admin', [user('bob')], 'admin'),
  ),
});
const bob = { name: 'bob', groups: ['devel', 'qa'] };
const now = new Date('2026-11-22T12:00:00Z');
const ops = (steps: Step[]) =>
  steps.map(
    (s) =>
      `${s.op} ${s.object.kind === 'Namespace' ? '' : (s.object.metadata.namespace ?? '')}/${s.object.metadata.name ?? ''}`,
  );

describe('planCollaboratorChange', () => {
  it('invites a user into every namespace, binding their kubeconfig identity alongside, labelled and annotated', () => {
    const plan = planCollaboratorChange(
      seeded(),
      {
        kind: 'invite',
        subjects: [{ kind: 'User', name: 'joe' }],
        level: 'developer',
        expiresAt: '2026-12-01T00:00:00Z',
      },
      bob,
      now,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(ops(plan.steps)).toEqual([
      'create payments/gatehouse:payments:developer:user:joe',
      'create payments-staging/gatehouse:payments:developer:user:joe',
    ]);
    const b = plan.steps[0]!.object as RoleBinding;
    expect(b.roleRef.name).toBe('edit');
    expect(b.subjects).toEqual([
      user('joe'),
      {
        kind: 'ServiceAccount',
        name: expect.stringMatching(/^kc-payments-[0-9a-f]{10}-[0-9a-f]{8}$/),
        namespace: 'gatehouse-system',
      },
    ]);
    expect(b.metadata.labels).toMatchObject({
      'gatehouse.dev/project': 'payments',
      'gatehouse.dev/access-level': 'developer',
      'gatehouse.dev/expires': 'true',
    });
    expect(b.metadata.annotations).toEqual({
      'gatehouse.dev/invited-by': 'bob',
      'gatehouse.dev/invited-at': now.toISOString(),
      'gatehouse.dev/expires-at': '2026-12-01T00:00:00.000Z',
    });
  });

  it('invites groups without an identity, several at once', () => {
    const plan = planCollaboratorChange(
      seeded(),
      {
        kind: 'invite',
        subjects: [
          { kind: 'Group', name: 'sre' },
          { kind: 'User', name: 'carol@example.com' },
        ],
        level: 'viewer',
      },
      bob,
      now,
    );
    expect(plan.ok && plan.steps.length).toBe(4);
    if (!plan.ok) return;
    expect((plan.steps[0]!.object as RoleBinding).subjects).toEqual([group('sre')]);
  });

  it('refuses inviting someone twice, an expiry in the past, and changing one’s own access', () => {
    expect(
      planCollaboratorChange(
        seeded(),
        { kind: 'invite', subjects: [{ kind: 'User', name: 'bob' }], level: 'viewer' },
        { name: 'alice', groups: [] },
        now,
      ),
    ).toMatchObject({ ok: false, code: 409 });
    expect(
      planCollaboratorChange(
        seeded(),
        {
          kind: 'invite',
          subjects: [{ kind: 'User', name: 'joe' }],
          level: 'viewer',
          expiresAt: '2026-01-01T00:00:00Z',
        },
        bob,
        now,
      ),
    ).toMatchObject({ ok: false, code: 400 });
    expect(
      planCollaboratorChange(
        seeded(),
        { kind: 'remove', subject: { kind: 'User', name: 'bob' } },
        bob,
        now,
      ),
    ).toMatchObject({ ok: false, code: 403 });
    // A group bob is in is his own access too.
    expect(
      planCollaboratorChange(
        seeded(),
        { kind: 'invite', subjects: [{ kind: 'Group', name: 'qa' }], level: 'viewer' },
        bob,
        now,
      ),
    ).toMatchObject({ ok: false, code: 403 });
  });

  it('refuses removing or demoting the last admin', () => {
    const alice = { name: 'alice', groups: [] };
    expect(
      planCollaboratorChange(
        seeded(),
        { kind: 'remove', subject: { kind: 'User', name: 'bob' } },
        alice,
        now,
      ),
    ).toMatchObject({ ok: false, code: 409, message: expect.stringContaining('last admin') });
    expect(
      planCollaboratorChange(
        seeded(),
        { kind: 'change-level', subject: { kind: 'User', name: 'bob' }, level: 'viewer' },
        alice,
        now,
      ),
    ).toMatchObject({ ok: false, code: 409 });
  });

  it('lets a project without admins lose a viewer', () => {
    const state: ProjectState = {
      ...seeded(),
      bindings: namespaces.map((ns) =>
        rb('gatehouse:payments:viewer', ns, 'view', [group('auditors')], 'viewer'),
      ),
    };
    const plan = planCollaboratorChange(
      state,
      { kind: 'remove', subject: { kind: 'Group', name: 'auditors' } },
      { name: 'alice', groups: [] },
      now,
    );
    expect(plan.ok).toBe(true);
  });

  it('changes a level by creating every new binding before deleting any old one', () => {
    const state = seeded();
    state.bindings.push(
      ...namespaces.map((ns) =>
        rb('gatehouse:payments:developer:user:joe', ns, 'edit', [user('joe')], 'developer'),
      ),
    );
    const plan = planCollaboratorChange(
      state,
      { kind: 'change-level', subject: { kind: 'User', name: 'joe' }, level: 'viewer' },
      bob,
      now,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(ops(plan.steps)).toEqual([
      'create payments/gatehouse:payments:viewer:user:joe',
      'create payments-staging/gatehouse:payments:viewer:user:joe',
      'delete payments/gatehouse:payments:developer:user:joe',
      'delete payments-staging/gatehouse:payments:developer:user:joe',
    ]);
  });

  it('removes a subject from a shared binding without dropping its other subjects', () => {
    const state = seeded();
    state.bindings.push(rb('team', 'payments', 'view', [user('joe'), group('auditors')]));
    const plan = planCollaboratorChange(
      state,
      { kind: 'remove', subject: { kind: 'User', name: 'joe' } },
      bob,
      now,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({
      op: 'update',
      object: { subjects: [group('auditors')], metadata: { resourceVersion: '7' } },
    });
  });

  it('takes kubeconfig identity bindings made through a group away with the group', () => {
    const state = seeded();
    state.bindings.push(rb('gatehouse:payments:view', 'payments', 'view', [group('auditors')]));
    const identity = rb('gatehouse:payments:view:kubeconfig:abc', 'payments', 'view', [
      { kind: 'ServiceAccount', name: 'kc-payments-abc', namespace: 'gatehouse-system' },
    ]);
    identity.metadata.annotations = { 'gatehouse.dev/via': 'Group:auditors' };
    state.bindings.push(identity);
    const plan = planCollaboratorChange(
      state,
      { kind: 'remove', subject: { kind: 'Group', name: 'auditors' } },
      bob,
      now,
    );
    expect(plan.ok && ops(plan.steps)).toEqual([
      'delete payments/gatehouse:payments:view',
      'delete payments/gatehouse:payments:view:kubeconfig:abc',
    ]);
  });

  it('says who is not a collaborator', () => {
    expect(
      planCollaboratorChange(
        seeded(),
        { kind: 'remove', subject: { kind: 'User', name: 'carol' } },
        bob,
        now,
      ),
    ).toMatchObject({ ok: false, code: 404 });
  });
});
