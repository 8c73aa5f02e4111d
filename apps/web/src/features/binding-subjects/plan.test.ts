import { describe, expect, it } from 'vitest';
import type { BindingObject } from '../../api/rbacSchemas.js';
import { applySubjectChange, makeSubject, sameSubject, subjectProblems } from './plan.js';
import { planRoleChange } from './recreate.js';

const binding: BindingObject = {
  metadata: {
    name: 'payments-admins',
    namespace: 'payments',
    resourceVersion: '42',
    labels: { team: 'pay' },
  },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
  subjects: [
    makeSubject('User', 'bob'),
    makeSubject('Group', 'payments-oncall'),
    { kind: 'ServiceAccount', name: 'deployer' },
  ],
};

describe('applySubjectChange', () => {
  it('appends a subject and keeps every other subject and the resourceVersion', () => {
    const next = applySubjectChange(binding, { op: 'add', subject: makeSubject('User', 'joe') });
    expect(next.subjects.map((s) => s.name)).toEqual(['bob', 'payments-oncall', 'deployer', 'joe']);
    expect(next.metadata.resourceVersion).toBe('42');
  });

  it('removes exactly one subject', () => {
    const next = applySubjectChange(binding, {
      op: 'remove',
      subject: makeSubject('Group', 'payments-oncall'),
    });
    expect(next.subjects.map((s) => `${s.kind}:${s.name}`)).toEqual([
      'User:bob',
      'ServiceAccount:deployer',
    ]);
  });

  it('treats a ServiceAccount without namespace as in the binding namespace', () => {
    expect(
      sameSubject(
        { kind: 'ServiceAccount', name: 'deployer' },
        makeSubject('ServiceAccount', 'deployer', 'payments'),
        'payments',
      ),
    ).toBe(true);
    const next = applySubjectChange(binding, {
      op: 'remove',
      subject: makeSubject('ServiceAccount', 'deployer', 'payments'),
    });
    expect(next.subjects).toHaveLength(2);
  });

  it('does not confuse a User and a Group with the same name', () => {
    expect(sameSubject(makeSubject('User', 'ops'), makeSubject('Group', 'ops'))).toBe(false);
  });

  it('refuses duplicates and removals of subjects that are gone', () => {
    expect(() =>
      applySubjectChange(binding, { op: 'add', subject: makeSubject('User', 'bob') }),
    ).toThrow(/already a subject/);
    expect(() =>
      applySubjectChange(binding, { op: 'remove', subject: makeSubject('User', 'nobody') }),
    ).toThrow(/no longer a subject/);
  });
});

describe('subjectProblems', () => {
  it('requires a namespace for ServiceAccounts only', () => {
    expect(subjectProblems('ServiceAccount', 'deployer', '')).toHaveProperty('namespace');
    expect(subjectProblems('User', 'jane', '')).toEqual({});
    expect(subjectProblems('User', ' ', '')).toHaveProperty('name');
  });
});

describe('planRoleChange', () => {
  it('deletes with the read resourceVersion, re-creates with the new role, and can restore the original', () => {
    const plan = planRoleChange('RoleBinding', binding, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'edit',
    });
    expect(plan.steps[0]).toEqual({
      action: 'delete',
      kind: 'RoleBinding',
      name: 'payments-admins',
      namespace: 'payments',
      resourceVersion: '42',
    });
    const create = plan.steps[1];
    expect(create?.action === 'create' && (create.object as BindingObject).roleRef.name).toBe(
      'edit',
    );
    expect(create?.action === 'create' && create.object.metadata.resourceVersion).toBeUndefined();
    expect(
      plan.rollback.action === 'create' && (plan.rollback.object as BindingObject).roleRef.name,
    ).toBe('admin');
  });
});
