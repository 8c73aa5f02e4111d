// Verbatim captures from kube-apiserver v1.32 (../shared/k8s-api-messages.md sections 1, 2, 3, 4, 6).
import { describe, expect, it } from 'vitest';
import {
  compactRuleString,
  escalationMessage,
  forbiddenMessage,
  forbiddenRequestMessage,
  forbiddenStatusMessage,
  invalidStatusMessage,
  validateRbacObject,
} from '../src/index.js';

const carol = { name: 'carol', groups: ['system:authenticated'] };
const bob = { name: 'bob', groups: ['devel', 'qa', 'system:authenticated'] };

describe('forbidden messages (sections 1 and 6)', () => {
  it('list in a namespace', () => {
    const req = { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'payments' };
    expect(forbiddenMessage(carol, req)).toBe(
      'User "carol" cannot list resource "pods" in API group "" in the namespace "payments"',
    );
    expect(forbiddenRequestMessage(carol, req)).toBe(
      'pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "payments"',
    );
  });
  it('get by name', () => {
    expect(
      forbiddenRequestMessage(carol, {
        verb: 'get',
        apiGroup: '',
        resource: 'pods',
        name: 'foo',
        namespace: 'payments',
      }),
    ).toBe(
      'pods "foo" is forbidden: User "carol" cannot get resource "pods" in API group "" in the namespace "payments"',
    );
  });
  it('cluster scope', () => {
    expect(
      forbiddenRequestMessage(carol, { verb: 'list', apiGroup: '', resource: 'namespaces' }),
    ).toBe(
      'namespaces is forbidden: User "carol" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
  });
  it('impersonation', () => {
    expect(
      forbiddenRequestMessage(carol, {
        verb: 'impersonate',
        apiGroup: '',
        resource: 'users',
        name: 'alice',
      }),
    ).toBe(
      'users "alice" is forbidden: User "carol" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });
  it('subresources, groups, paths and the authorizer reason', () => {
    expect(
      forbiddenRequestMessage(carol, {
        verb: 'get',
        apiGroup: 'apps',
        resource: 'deployments',
        subresource: 'scale',
        name: 'd',
        namespace: 'n',
      }),
    ).toBe(
      'deployments.apps "d" is forbidden: User "carol" cannot get resource "deployments/scale" in API group "apps" in the namespace "n"',
    );
    expect(forbiddenRequestMessage(carol, { verb: 'get', path: '/metrics' })).toBe(
      'forbidden: User "carol" cannot get path "/metrics"',
    );
    expect(
      forbiddenRequestMessage(
        carol,
        { verb: 'get', path: '/x' },
        'RBAC: clusterrole.rbac.authorization.k8s.io "v" not found',
      ),
    ).toBe(
      'forbidden: User "carol" cannot get path "/x": RBAC: clusterrole.rbac.authorization.k8s.io "v" not found',
    );
    expect(forbiddenMessage({ name: 'we"ird\n' }, { verb: 'get', path: '/' })).toBe(
      'User "we\\"ird\\n" cannot get path "/"',
    );
  });
});

describe('escalation messages (section 2)', () => {
  it('binding cluster-admin', () => {
    const text = escalationMessage(bob, [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]);
    expect(
      forbiddenStatusMessage(
        { resource: 'rolebindings', group: 'rbac.authorization.k8s.io', name: 'msg-esc' },
        text,
      ),
    ).toBe(
      'rolebindings.rbac.authorization.k8s.io "msg-esc" is forbidden: user "bob" (groups=["devel" "qa" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
    );
  });
  it('a role with a rule not held lists only the missing rules', () => {
    expect(
      escalationMessage(bob, [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]),
    ).toBe(
      'user "bob" (groups=["devel" "qa" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}',
    );
  });
  it('compacts atomic rules that differ only by verb, and sorts lines', () => {
    const text = escalationMessage({ name: 'u', groups: [] }, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'], resourceNames: ['a'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['delete'], resourceNames: ['a'] },
    ]);
    expect(text).toBe(
      'user "u" (groups=[]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["configmaps"], ResourceNames:["a"], Verbs:["create" "delete"]}\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}',
    );
  });
  it('appends resolution errors', () => {
    expect(
      escalationMessage(
        { name: 'u', groups: ['g'] },
        [{ nonResourceURLs: ['/x'], verbs: ['get'] }],
        ['clusterrole.rbac.authorization.k8s.io "v" not found'],
      ),
    ).toBe(
      'user "u" (groups=["g"]) is attempting to grant RBAC permissions not currently held:\n{NonResourceURLs:["/x"], Verbs:["get"]}; resolution errors: [clusterrole.rbac.authorization.k8s.io "v" not found]',
    );
  });
  it('CompactString field order', () => {
    expect(
      compactRuleString({
        apiGroups: ['a'],
        resources: ['r'],
        resourceNames: ['n'],
        nonResourceURLs: ['/u'],
        verbs: ['v'],
      }),
    ).toBe(
      '{APIGroups:["a"], Resources:["r"], NonResourceURLs:["/u"], ResourceNames:["n"], Verbs:["v"]}',
    );
  });
});

describe('invalid messages (sections 3 and 4)', () => {
  it('changed roleRef', () => {
    const old = {
      kind: 'RoleBinding',
      metadata: { name: 'msg-rr', namespace: 'payments' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [],
    };
    const next = { ...old, roleRef: { ...old.roleRef, name: 'edit' } };
    const { errors } = validateRbacObject(next, old);
    expect(errors).toEqual([
      {
        field: 'roleRef',
        type: 'FieldValueInvalid',
        message:
          'Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
      },
    ]);
    expect(invalidStatusMessage('RoleBinding', 'rbac.authorization.k8s.io', 'msg-rr', errors)).toBe(
      'RoleBinding.rbac.authorization.k8s.io "msg-rr" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
  });
  it('empty verbs', () => {
    const { errors } = validateRbacObject({
      kind: 'Role',
      metadata: { name: 'bad', namespace: 'payments' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: [] }],
    });
    expect(errors).toEqual([
      {
        field: 'rules[0].verbs',
        type: 'FieldValueRequired',
        message: 'Required value: verbs must contain at least one value',
      },
    ]);
    expect(invalidStatusMessage('Role', 'rbac.authorization.k8s.io', 'bad', errors)).toBe(
      'Role.rbac.authorization.k8s.io "bad" is invalid: rules[0].verbs: Required value: verbs must contain at least one value',
    );
  });
  it('several errors are bracketed', () => {
    const { errors } = validateRbacObject({
      kind: 'Role',
      metadata: { name: 'bad', namespace: 'p' },
      rules: [{ verbs: [] }],
    });
    expect(invalidStatusMessage('Role', 'rbac.authorization.k8s.io', 'bad', errors)).toBe(
      'Role.rbac.authorization.k8s.io "bad" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[0].resources: Required value: resource rules must supply at least one resource]',
    );
  });
});
