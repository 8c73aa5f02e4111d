// What pkg/apis/rbac/validation rejects, with the API server's field paths and messages.
import { describe, expect, it } from 'vitest';
import { validateRbacObject } from '../src/index.js';

const RBAC = 'rbac.authorization.k8s.io';
const fields = (obj: unknown, old?: unknown) =>
  validateRbacObject(obj, old).errors.map((e) => `${e.field}: ${e.message}`);
const roleWith = (rules: unknown[], kind = 'Role') => ({
  kind,
  metadata: { name: 'r', namespace: kind === 'Role' ? 'ns' : undefined },
  rules,
});
const binding = (roleRef: unknown, subjects: unknown[] = [], kind = 'RoleBinding') => ({
  kind,
  metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'ns' } : {}) },
  roleRef,
  subjects,
});

describe('validateRbacObject: names', () => {
  it('accepts colons, upper case, dots and spaces', () => {
    for (const name of ['system:controller:x', 'Upper.Case', 'with space']) {
      expect(validateRbacObject({ kind: 'ClusterRole', metadata: { name }, rules: [] }).valid).toBe(
        true,
      );
    }
  });
  it('rejects ., .., / and %', () => {
    expect(fields({ kind: 'ClusterRole', metadata: { name: '..' } })).toEqual([
      'metadata.name: Invalid value: "..": may not be \'..\'',
    ]);
    expect(fields({ kind: 'ClusterRole', metadata: { name: 'a/b%' } })).toEqual([
      'metadata.name: Invalid value: "a/b%": may not contain \'/\'',
      'metadata.name: Invalid value: "a/b%": may not contain \'%\'',
    ]);
  });
  it('requires a name and, for namespaced kinds, a DNS-1123 label namespace', () => {
    expect(fields({ kind: 'Role', metadata: {} })).toEqual([
      'metadata.name: Required value: name or generateName is required',
      'metadata.namespace: Required value',
    ]);
    expect(fields({ kind: 'Role', metadata: { name: 'r', namespace: 'Bad_NS' } })).toEqual([
      "metadata.namespace: Invalid value: \"Bad_NS\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(
      validateRbacObject({ kind: 'Role', metadata: { generateName: 'r-', namespace: 'ns' } }).valid,
    ).toBe(true);
  });
  it('validates labels', () => {
    expect(
      fields({
        kind: 'ClusterRole',
        metadata: { name: 'x', labels: { 'a/b/c': 'v', ok: 'bad value' } },
      }),
    ).toEqual([
      "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      "metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
  it('rejects an unknown kind', () => {
    expect(fields({ kind: 'Pod', metadata: { name: 'x' } })).toEqual([
      'kind: Unsupported value: "Pod": supported values: "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"',
    ]);
  });
});

describe('validateRbacObject: rules', () => {
  it('requires verbs, apiGroups and resources on resource rules', () => {
    expect(fields(roleWith([{ verbs: [] }]))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
  });
  it('rejects nonResourceURLs in a Role and mixed rules anywhere', () => {
    expect(fields(roleWith([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }]))).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    ]);
    expect(
      fields(
        roleWith([{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }], 'ClusterRole'),
      ),
    ).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/x"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
    expect(
      validateRbacObject(roleWith([{ verbs: ['get'], nonResourceURLs: ['/x'] }], 'ClusterRole'))
        .valid,
    ).toBe(true);
  });
  it('does not check spelling, wildcards or several resources with resourceNames', () => {
    expect(
      validateRbacObject(
        roleWith([
          { verbs: ['fly'], apiGroups: ['nope'], resources: ['a', 'b'], resourceNames: ['*'] },
        ]),
      ).valid,
    ).toBe(true);
  });
  it('requires selectors in an aggregationRule and validates them', () => {
    const cr = (aggregationRule: unknown) => ({
      kind: 'ClusterRole',
      metadata: { name: 'c' },
      aggregationRule,
    });
    expect(fields(cr({ clusterRoleSelectors: [] }))).toEqual([
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
    expect(
      fields(
        cr({
          clusterRoleSelectors: [
            {
              matchExpressions: [
                { key: 'a', operator: 'Bad' },
                { key: 'b', operator: 'In' },
                { key: 'c', operator: 'Exists', values: ['x'] },
              ],
            },
          ],
        }),
      ),
    ).toEqual([
      'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "Bad": not a valid selector operator',
      "aggregationRule.clusterRoleSelectors[0].matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "aggregationRule.clusterRoleSelectors[0].matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'aggregationRule.clusterRoleSelectors[0]: Invalid value: "null": invalid label selector.',
    ]);
    expect(
      validateRbacObject(
        cr({
          clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-x': 'true' } }],
        }),
      ).valid,
    ).toBe(true);
  });
});

describe('validateRbacObject: bindings', () => {
  it('defaults roleRef.apiGroup and subject apiGroups', () => {
    expect(
      validateRbacObject(
        binding({ kind: 'ClusterRole', name: 'view' }, [
          { kind: 'User', name: 'u' },
          { kind: 'Group', name: 'g' },
          { kind: 'ServiceAccount', name: 'sa' },
        ]),
      ).valid,
    ).toBe(true);
  });
  it('checks roleRef apiGroup, kind and name', () => {
    expect(fields(binding({ apiGroup: 'x', kind: 'Role', name: '' }))).toEqual([
      'roleRef.apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
      'roleRef.name: Required value',
    ]);
    expect(fields(binding({ apiGroup: RBAC, kind: 'role', name: 'a/b' }))).toEqual([
      'roleRef.kind: Unsupported value: "role": supported values: "Role", "ClusterRole"',
      'roleRef.name: Invalid value: "a/b": may not contain \'/\'',
    ]);
    expect(
      fields(binding({ apiGroup: RBAC, kind: 'Role', name: 'r' }, [], 'ClusterRoleBinding')),
    ).toEqual(['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"']);
  });
  it('checks subjects', () => {
    const ref = { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' };
    expect(
      fields(
        binding(ref, [
          { kind: 'User', name: '' },
          { kind: 'Robot', name: 'r' },
          { kind: 'Group', name: 'g', apiGroup: 'x' },
          { kind: 'ServiceAccount', name: 'Bad', apiGroup: RBAC },
        ]),
      ),
    ).toEqual([
      'subjects[0].name: Required value',
      'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
      'subjects[2].apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
      "subjects[3].name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'subjects[3].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
    ]);
  });
  it('a ServiceAccount subject needs a namespace only in a ClusterRoleBinding', () => {
    const ref = { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' };
    expect(validateRbacObject(binding(ref, [{ kind: 'ServiceAccount', name: 'sa' }])).valid).toBe(
      true,
    );
    expect(
      fields(binding(ref, [{ kind: 'ServiceAccount', name: 'sa' }], 'ClusterRoleBinding')),
    ).toEqual(['subjects[0].namespace: Required value']);
  });
  it('roleRef is immutable on update; a defaulted apiGroup is not a change', () => {
    const old = binding({ apiGroup: RBAC, kind: 'ClusterRole', name: 'view' });
    expect(
      validateRbacObject(
        binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', name: 'x' }]),
        old,
      ).valid,
    ).toBe(true);
    expect(fields(binding({ kind: 'Role', name: 'view' }), old)).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"view"}: cannot change roleRef',
    ]);
  });
  it('name and namespace are immutable on update', () => {
    const old = binding({ apiGroup: RBAC, kind: 'ClusterRole', name: 'view' });
    const moved = { ...old, metadata: { name: 'c', namespace: 'other' } };
    expect(fields(moved, old)).toEqual([
      'metadata.name: Invalid value: "c": field is immutable',
      'metadata.namespace: Invalid value: "other": field is immutable',
    ]);
  });
});

describe('validateRbacObject: malformed JSON', () => {
  it('names the field and the type it needs instead of throwing', () => {
    expect(
      fields({
        kind: 'Role',
        metadata: { name: 'r', namespace: 'ns' },
        rules: [{ verbs: 'get', apiGroups: [''], resources: ['pods'] }],
      }),
    ).toEqual([
      'rules[0].verbs: Invalid value: "string": must be of type array',
      'rules[0].verbs: Required value: verbs must contain at least one value',
    ]);
    expect(
      fields({ kind: 'RoleBinding', metadata: { name: 'b', namespace: 'ns' }, roleRef: 'view' }),
    ).toEqual([
      'roleRef: Invalid value: "string": must be of type object',
      'roleRef.kind: Unsupported value: "": supported values: "Role", "ClusterRole"',
      'roleRef.name: Required value',
    ]);
    expect(fields(null)).toEqual([
      'kind: Unsupported value: "": supported values: "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"',
    ]);
  });
});
