// Requests whose answers differed from kube-apiserver's when the same ones were sent to both: PUT of a
// missing RBAC object, a LocalSubjectAccessReview about another namespace, the system:controller:*
// bootstrap policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, raw, startTestCluster, type TestCluster } from './helpers.js';
import { kubectl, manifest, requireKubectl } from './kubectl.js';

let tc: TestCluster;
let admin: string;
beforeAll(async () => {
  requireKubectl();
  tc = await startTestCluster({ seed: 'demo' });
  admin = tc.cluster.token('admin');
});
afterAll(async () => tc?.stop());

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

describe('PUT of a missing RBAC object', () => {
  // pkg/registry/rbac/*/strategy.go: AllowCreateOnUpdate is true for the four RBAC kinds, so the
  // update handler creates the object and answers 201 (a ConfigMap's strategy says false: 404).
  it('creates a Role, ClusterRole, RoleBinding and ClusterRoleBinding with 201, then updates with 200', async () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'put-created' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    };
    const created = await raw(tc.cluster, 'PUT', `${RBAC}/namespaces/payments/roles/put-created`, {
      token: admin,
      body: role,
    });
    expect(created.status).toBe(201);
    expect(at(created.json, 'metadata', 'namespace')).toBe('payments');
    expect(at(created.json, 'metadata', 'uid')).toEqual(expect.any(String));
    const again = await raw(tc.cluster, 'PUT', `${RBAC}/namespaces/payments/roles/put-created`, {
      token: admin,
      body: { ...role, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] },
    });
    expect(again.status).toBe(200);
    expect(at(again.json, 'metadata', 'uid')).toBe(at(created.json, 'metadata', 'uid'));

    const cr = await raw(tc.cluster, 'PUT', `${RBAC}/clusterroles/put-created`, {
      token: admin,
      body: { metadata: { name: 'put-created' }, rules: [] },
    });
    expect(cr.status).toBe(201);
    const rb = await raw(
      tc.cluster,
      'PUT',
      `${RBAC}/namespaces/payments/rolebindings/put-created`,
      {
        token: admin,
        body: {
          metadata: {},
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'put-created' },
          subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
        },
      },
    );
    expect(rb.status).toBe(201);
    expect(at(rb.json, 'metadata', 'name')).toBe('put-created');
    const crb = await raw(tc.cluster, 'PUT', `${RBAC}/clusterrolebindings/put-created`, {
      token: admin,
      body: {
        metadata: { name: 'put-created' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'qa' }],
      },
    });
    expect(crb.status).toBe(201);
  });

  it('still validates, checks the name and escalation, and leaves a ConfigMap PUT a 404', async () => {
    const mismatch = await raw(tc.cluster, 'PUT', `${RBAC}/clusterroles/put-a`, {
      token: admin,
      body: { metadata: { name: 'put-b' }, rules: [] },
    });
    expect(mismatch.status).toBe(400);
    expect(at(mismatch.json, 'message')).toBe(
      'the name of the object (put-b) does not match the name on the URL (put-a)',
    );
    const invalidRule = await raw(tc.cluster, 'PUT', `${RBAC}/clusterroles/put-invalid`, {
      token: admin,
      body: { metadata: { name: 'put-invalid' }, rules: [{ resources: ['pods'] }] },
    });
    expect(invalidRule.status).toBe(422);
    // bob is admin in payments: he may create Roles there but not grant what he does not hold.
    const escalate = await raw(
      tc.cluster,
      'PUT',
      `${RBAC}/namespaces/payments/roles/put-escalate`,
      {
        token: tc.cluster.token('bob'),
        body: {
          metadata: { name: 'put-escalate' },
          rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
        },
      },
    );
    expect(escalate.status).toBe(403);
    expect(String(at(escalate.json, 'message'))).toContain('attempting to grant RBAC permissions');
    for (const name of ['put-a', 'put-b', 'put-invalid'])
      expect(
        (await raw(tc.cluster, 'GET', `${RBAC}/clusterroles/${name}`, { token: admin })).status,
      ).toBe(404);
    const cm = await raw(tc.cluster, 'PUT', '/api/v1/namespaces/payments/configmaps/put-cm', {
      token: admin,
      body: { metadata: { name: 'put-cm' }, data: { a: 'b' } },
    });
    expect(cm.status).toBe(404);
  });

  it('lets kubectl replace a Role that does not exist yet, as against a real cluster', async () => {
    const file = manifest(
      tc,
      'replace-role.yaml',
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: replaced-into-being
  namespace: deliveries
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [list]
`,
    );
    const r = await kubectl(tc, 'admin', ['replace', '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('role.rbac.authorization.k8s.io/replaced-into-being replaced\n');
    const got = await kubectl(tc, 'admin', [
      'get',
      'role',
      'replaced-into-being',
      '-n',
      'deliveries',
      '-o',
      'jsonpath={.rules[0].verbs[0]}',
    ]);
    expect(got.stdout).toBe('list');
  });
});

describe('LocalSubjectAccessReview', () => {
  const lsar = (namespace: string, body: Record<string, unknown>) =>
    raw(
      tc.cluster,
      'POST',
      `/apis/authorization.k8s.io/v1/namespaces/${namespace}/localsubjectaccessreviews`,
      {
        token: admin,
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', ...body },
      },
    );

  // ValidateLocalSubjectAccessReview (pkg/apis/authorization/validation/validation.go):
  // field.Invalid("spec.resourceAttributes.namespace", …, "must match metadata.namespace"), and
  // the REST storage answers NewInvalid(Kind, "", errs): 422, not 400.
  it('about another namespace is 422 Invalid naming the field', async () => {
    const r = await lsar('payments', {
      spec: {
        user: 'bob',
        resourceAttributes: { namespace: 'deliveries', verb: 'get', resource: 'pods' },
      },
    });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      code: 422,
      message:
        'LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "deliveries": must match metadata.namespace',
      details: {
        group: 'authorization.k8s.io',
        kind: 'LocalSubjectAccessReview',
        causes: [
          {
            reason: 'FieldValueInvalid',
            field: 'spec.resourceAttributes.namespace',
            message: 'Invalid value: "deliveries": must match metadata.namespace',
          },
        ],
      },
    });
    const missing = await lsar('payments', {
      spec: { user: 'bob', resourceAttributes: { verb: 'get', resource: 'pods' } },
    });
    expect(missing.status).toBe(422);
    expect(at(missing.json, 'details', 'causes', 0, 'message')).toBe(
      'Invalid value: "": must match metadata.namespace',
    );
  });

  it('whose metadata names another namespace is the create handler’s 400; a matching one is answered', async () => {
    const r = await lsar('payments', {
      metadata: { namespace: 'deliveries' },
      spec: {
        user: 'bob',
        resourceAttributes: { namespace: 'payments', verb: 'get', resource: 'pods' },
      },
    });
    expect(r.status).toBe(400);
    expect(at(r.json, 'message')).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
    const ok = await lsar('payments', {
      spec: {
        user: 'bob',
        resourceAttributes: { namespace: 'payments', verb: 'get', resource: 'pods' },
      },
    });
    expect(ok.status).toBe(201);
    expect(at(ok.json, 'status', 'allowed')).toBe(true);
    expect(at(ok.json, 'metadata', 'namespace')).toBe('payments');
  });
});

describe('bootstrap policy', () => {
  // kube-apiserver's RBAC post-start hook also creates the controller roles and bindings
  // (bootstrappolicy/controller_policy.go; testdata controller-roles.yaml, controller-role-bindings.yaml).
  it('has the system:controller:* ClusterRoles and bindings, and they grant the controllers', async () => {
    const roles = await kubectl(tc, 'admin', ['get', 'clusterroles', '-o', 'name']);
    const controllerRoles = roles.stdout
      .split('\n')
      .filter((l) => l.startsWith('clusterrole.rbac.authorization.k8s.io/system:controller:'));
    expect(controllerRoles).toHaveLength(38);
    const bindings = await kubectl(tc, 'admin', ['get', 'clusterrolebindings', '-o', 'name']);
    expect(
      bindings.stdout
        .split('\n')
        .filter((l) =>
          l.startsWith('clusterrolebinding.rbac.authorization.k8s.io/system:controller:'),
        ),
    ).toHaveLength(38);
    const can = await kubectl(tc, 'admin', [
      'auth',
      'can-i',
      'create',
      'replicasets.apps',
      '-n',
      'payments',
      '--as',
      'system:serviceaccount:kube-system:deployment-controller',
    ]);
    expect(can.stdout).toBe('yes\n');
    const cannot = await kubectl(tc, 'admin', [
      'auth',
      'can-i',
      'create',
      'secrets',
      '-n',
      'payments',
      '--as',
      'system:serviceaccount:kube-system:deployment-controller',
    ]);
    expect(cannot.stdout).toBe('no\n');
  });
});
