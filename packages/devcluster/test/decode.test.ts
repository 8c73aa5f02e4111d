// What kube-apiserver's decoder refuses before validation, sent over HTTPS and with kubectl: JSON
// nested past encoding/json's maxNestingDepth (10000, kept by sigs.k8s.io/json), labels and
// annotations that are not string→string, fields of the wrong JSON type (transformDecodeError in
// apiserver's endpoints/handlers/rest.go: 400 "<Kind> in version "v1" cannot be handled as a
// <Kind>: json: cannot unmarshal …"), and `__proto__` label keys (422, not a qualified name).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, raw, startTestCluster, type TestCluster } from './helpers.js';
import { kubectl, requireKubectl } from './kubectl.js';

let tc: TestCluster;
let admin: string;
let stateFile: string;
beforeAll(async () => {
  requireKubectl();
  const dir = mkdtempSync(join(tmpdir(), 'decode-state-'));
  stateFile = join(dir, 'state.json');
  tc = await startTestCluster({ seed: 'demo', stateFile });
  admin = tc.cluster.token('admin');
});
afterAll(async () => tc?.stop());

const ROLES = '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles';

/** `{"a":{"a":…{}…}}` with `depth` objects. */
function nested(depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}

function roleWithLabels(labelsJson: string, name: string): string {
  return `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"${name}","labels":${labelsJson}},"rules":[]}`;
}

async function rolesStillServed(): Promise<void> {
  const list = await raw(tc.cluster, 'GET', ROLES, { token: admin });
  expect(list.status).toBe(200);
  const all = await kubectl(tc, 'admin', ['get', 'roles', '-A', '-o', 'name']);
  expect(all.code).toBe(0);
  expect(all.stdout).toContain('role.rbac.authorization.k8s.io/payments-deployer');
}

describe('decoding', () => {
  it('refuses labels nested past the decoder limit with its syntax error, and nothing is stored or journaled', async () => {
    // labels at depth 3 (body, metadata, labels), so the body opens 10,001 levels.
    const body = roleWithLabels(nested(9_999), 'too-deep');
    const r = await raw(tc.cluster, 'POST', ROLES, { token: admin, body });
    expect(r.status).toBe(400);
    expect(at(r.json, 'reason')).toBe('BadRequest');
    expect(at(r.json, 'message')).toBe(
      `the object provided is unrecognized (must be of type Role): couldn't get version/kind; json parse error: invalid character '{' exceeded max depth ({"apiVersion":"rbac.authorizat ...)`,
    );
    await rolesStillServed();
    expect((await raw(tc.cluster, 'GET', `${ROLES}/too-deep`, { token: admin })).status).toBe(404);
    expect(readFileSync(`${stateFile}.journal`, 'utf8')).not.toContain('too-deep');
  });

  it('refuses labels that are not string→string as a decode error, however deep (within the limit)', async () => {
    for (const [labels, name] of [
      [nested(9_990), 'deep-labels'],
      ['{"team":{"x":"y"}}', 'object-label'],
      ['{"team":7}', 'number-label'],
    ] as const) {
      const r = await raw(tc.cluster, 'POST', ROLES, {
        token: admin,
        body: roleWithLabels(labels, name),
      });
      expect(r.status, name).toBe(400);
      expect(at(r.json, 'message'), name).toBe(
        `Role in version "v1" cannot be handled as a Role: json: cannot unmarshal ${name === 'number-label' ? 'number' : 'object'} into Go struct field ObjectMeta.metadata.labels of type string`,
      );
    }
    const list = await raw(tc.cluster, 'POST', ROLES, {
      token: admin,
      body: roleWithLabels('["a"]', 'array-labels'),
    });
    expect(at(list.json, 'message')).toBe(
      'Role in version "v1" cannot be handled as a Role: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    );
    const ann = await raw(tc.cluster, 'POST', '/api/v1/namespaces/payments/configmaps', {
      token: admin,
      body: { metadata: { name: 'ann', annotations: { a: ['x'] } } },
    });
    expect(ann.status).toBe(400);
    expect(at(ann.json, 'message')).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.annotations of type string',
    );
    await rolesStillServed();
  });

  it('refuses RBAC fields of the wrong type with the field path Go reports', async () => {
    const cases: [string, unknown, string][] = [
      [
        ROLES,
        {
          metadata: { name: 'verbs-string' },
          rules: [{ apiGroups: [''], resources: ['pods'], verbs: 'get' }],
        },
        'Role in version "v1" cannot be handled as a Role: json: cannot unmarshal string into Go struct field PolicyRule.rules.verbs of type []string',
      ],
      [
        ROLES,
        { metadata: { name: 'rules-object' }, rules: { verbs: ['get'] } },
        'Role in version "v1" cannot be handled as a Role: json: cannot unmarshal object into Go struct field Role.rules of type []v1.PolicyRule',
      ],
      [
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
        {
          metadata: { name: 'ref-name-number' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 5 },
          subjects: [],
        },
        'ClusterRoleBinding in version "v1" cannot be handled as a ClusterRoleBinding: json: cannot unmarshal number into Go struct field RoleRef.roleRef.name of type string',
      ],
      [
        ROLES,
        { metadata: 'payments' },
        'Role in version "v1" cannot be handled as a Role: json: cannot unmarshal string into Go struct field Role.metadata of type v1.ObjectMeta',
      ],
      [
        ROLES,
        { metadata: { name: 'gen-float', generation: 1.5 }, rules: [] },
        'Role in version "v1" cannot be handled as a Role: json: cannot unmarshal number 1.5 into Go struct field ObjectMeta.metadata.generation of type int64',
      ],
    ];
    for (const [path, body, message] of cases) {
      const r = await raw(tc.cluster, 'POST', path, { token: admin, body });
      expect(r.status, message).toBe(400);
      expect(at(r.json, 'message')).toBe(message);
    }
  });

  it('checks a patched object as a created one, and bounds how deep a patch nests', async () => {
    const created = await raw(tc.cluster, 'POST', ROLES, {
      token: admin,
      body: { metadata: { name: 'to-patch' }, rules: [] },
    });
    expect(created.status).toBe(201);
    const patch = await raw(tc.cluster, 'PATCH', `${ROLES}/to-patch`, {
      token: admin,
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { a: { b: 'c' } } } },
    });
    expect(patch.status).toBe(400);
    expect(at(patch.json, 'message')).toContain(
      'cannot unmarshal object into Go struct field ObjectMeta.metadata.labels of type string',
    );
    const deep = await raw(tc.cluster, 'PATCH', `${ROLES}/to-patch`, {
      token: admin,
      contentType: 'application/strategic-merge-patch+json',
      body: `{"x":${nested(5_000)}}`,
    });
    expect(deep.status).toBe(400);
    expect(at(deep.json, 'message')).toContain('nests deeper than 100 levels');
    const unknownDeep = await raw(tc.cluster, 'POST', ROLES, {
      token: admin,
      body: `{"metadata":{"name":"unknown-deep"},"rules":[],"extra":${nested(5_000)}}`,
    });
    expect(unknownDeep.status).toBe(400);
    expect(at(unknownDeep.json, 'message')).toContain('nests deeper than 100 levels');
    const after = await raw(tc.cluster, 'GET', `${ROLES}/to-patch`, { token: admin });
    expect(at(after.json, 'metadata', 'labels')).toBeUndefined();
    await rolesStillServed();
  });

  it('refuses a __proto__ label key as an invalid qualified name (422), on RBAC kinds and others', async () => {
    for (const path of [ROLES, '/api/v1/namespaces/payments/configmaps']) {
      const r = await raw(tc.cluster, 'POST', path, {
        token: admin,
        body: `{"metadata":{"name":"proto-label","labels":{"__proto__":"x"}},"rules":[]}`,
      });
      expect(r.status, path).toBe(422);
      expect(at(r.json, 'details', 'causes', 0, 'field')).toBe('metadata.labels');
      expect(String(at(r.json, 'details', 'causes', 0, 'message'))).toContain('"__proto__"');
    }
  });
});
