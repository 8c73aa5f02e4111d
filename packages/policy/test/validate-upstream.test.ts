// The cases of Kubernetes' pkg/apis/rbac/validation/validation_test.go, restated: each invalid object
// must fail with errors of exactly the expected type on exactly the expected field.
import { describe, expect, it } from 'vitest';
import { validateRbacObject } from '../src/index.js';

const G = 'rbac.authorization.k8s.io';
const ref = (kind: string, name?: string, apiGroup = G) =>
  name === undefined ? { apiGroup, kind } : { apiGroup, kind, name };
const crb = (metadata: object, roleRef: object, subjects?: object[]) => ({
  kind: 'ClusterRoleBinding',
  metadata,
  roleRef,
  ...(subjects ? { subjects } : {}),
});
const rb = (metadata: object, roleRef: object, subjects?: object[]) => ({
  kind: 'RoleBinding',
  metadata,
  roleRef,
  ...(subjects ? { subjects } : {}),
});
const role = (metadata: object, rules?: object[]) => ({
  kind: 'Role',
  metadata,
  ...(rules ? { rules } : {}),
});
const clusterRole = (metadata: object, rules?: object[]) => ({
  kind: 'ClusterRole',
  metadata,
  ...(rules ? { rules } : {}),
});
const def = { namespace: 'default' };

const valid: [string, unknown][] = [
  [
    'ClusterRoleBinding with every subject kind',
    crb({ name: 'master' }, ref('ClusterRole', 'valid'), [
      { name: 'validsaname', namespace: 'foo', kind: 'ServiceAccount' },
      { name: 'valid@username', kind: 'User' },
      { name: 'valid@groupname', kind: 'Group' },
    ]),
  ],
  [
    'RoleBinding with every subject kind',
    rb({ ...def, name: 'master' }, ref('Role', 'valid'), [
      { name: 'validsaname', kind: 'ServiceAccount' },
      { name: 'valid@username', kind: 'User' },
      { name: 'valid@groupname', kind: 'Group' },
    ]),
  ],
  ['Role without rules', role({ ...def, name: 'default' })],
  ['ClusterRole without namespace', clusterRole({ name: 'default' })],
  [
    'ClusterRole with a non-resource URL',
    clusterRole({ name: 'default' }, [{ verbs: ['get'], nonResourceURLs: ['/*'] }]),
  ],
  [
    'Role with a resource rule',
    role({ ...def, name: 'default' }, [{ verbs: ['get'], apiGroups: ['v1'], resources: ['pods'] }]),
  ],
];

const invalid: [string, unknown, string, string][] = [
  [
    'CRB bad group',
    crb({ name: 'default' }, ref('ClusterRole', 'valid', 'rbac.GroupName')),
    'FieldValueNotSupported',
    'roleRef.apiGroup',
  ],
  [
    'CRB bad kind',
    crb({ name: 'default' }, ref('Type', 'valid')),
    'FieldValueNotSupported',
    'roleRef.kind',
  ],
  [
    'CRB reference role',
    crb({ name: 'default' }, ref('Role', 'valid')),
    'FieldValueNotSupported',
    'roleRef.kind',
  ],
  [
    'CRB zero-length name',
    crb({}, ref('ClusterRole', 'valid')),
    'FieldValueRequired',
    'metadata.name',
  ],
  [
    'CRB bad role',
    crb({ name: 'default' }, ref('ClusterRole')),
    'FieldValueRequired',
    'roleRef.name',
  ],
  [
    'CRB bad subject kind',
    crb({ name: 'master' }, ref('ClusterRole', 'valid'), [{ name: 'subject' }]),
    'FieldValueNotSupported',
    'subjects[0].kind',
  ],
  [
    'CRB bad subject name',
    crb({ name: 'master' }, ref('ClusterRole', 'valid'), [
      { namespace: 'foo', name: 'subject:bad', kind: 'ServiceAccount' },
    ]),
    'FieldValueInvalid',
    'subjects[0].name',
  ],
  [
    'CRB missing SA namespace',
    crb({ name: 'master' }, ref('ClusterRole', 'valid'), [
      { name: 'good', kind: 'ServiceAccount' },
    ]),
    'FieldValueRequired',
    'subjects[0].namespace',
  ],
  [
    'CRB missing subject name',
    crb({ name: 'master' }, ref('ClusterRole', 'valid'), [
      { namespace: 'foo', kind: 'ServiceAccount' },
    ]),
    'FieldValueRequired',
    'subjects[0].name',
  ],
  [
    'RB bad group',
    rb({ ...def, name: 'default' }, ref('ClusterRole', 'valid', 'rbac.GroupName')),
    'FieldValueNotSupported',
    'roleRef.apiGroup',
  ],
  [
    'RB bad kind',
    rb({ ...def, name: 'default' }, ref('Type', 'valid')),
    'FieldValueNotSupported',
    'roleRef.kind',
  ],
  [
    'RB zero-length namespace',
    rb({ name: 'default' }, ref('Role', 'valid')),
    'FieldValueRequired',
    'metadata.namespace',
  ],
  ['RB zero-length name', rb(def, ref('Role', 'valid')), 'FieldValueRequired', 'metadata.name'],
  [
    'RB bad role',
    rb({ ...def, name: 'default' }, ref('Role')),
    'FieldValueRequired',
    'roleRef.name',
  ],
  [
    'RB bad subject kind',
    rb({ ...def, name: 'master' }, ref('Role', 'valid'), [{ name: 'subject' }]),
    'FieldValueNotSupported',
    'subjects[0].kind',
  ],
  [
    'RB bad subject name',
    rb({ ...def, name: 'master' }, ref('Role', 'valid'), [
      { name: 'subject:bad', kind: 'ServiceAccount' },
    ]),
    'FieldValueInvalid',
    'subjects[0].name',
  ],
  [
    'RB missing subject name',
    rb({ ...def, name: 'master' }, ref('Role', 'valid'), [{ kind: 'ServiceAccount' }]),
    'FieldValueRequired',
    'subjects[0].name',
  ],
  [
    'Role zero-length namespace',
    role({ name: 'default' }),
    'FieldValueRequired',
    'metadata.namespace',
  ],
  ['Role zero-length name', role(def), 'FieldValueRequired', 'metadata.name'],
  [
    'Role namespaced non-resource URL',
    role({ ...def, name: 'default' }, [{ verbs: ['get'], nonResourceURLs: ['/*'] }]),
    'FieldValueInvalid',
    'rules[0].nonResourceURLs',
  ],
  [
    'ClusterRole non-resource URL without verbs',
    clusterRole({ name: 'default' }, [{ verbs: [], nonResourceURLs: ['/*'] }]),
    'FieldValueRequired',
    'rules[0].verbs',
  ],
  [
    'Role mixing non-resource URLs and resources',
    role({ name: 'default', ...def }, [
      { verbs: ['get'], nonResourceURLs: ['/*'], apiGroups: ['v1'], resources: ['pods'] },
    ]),
    'FieldValueInvalid',
    'rules[0].nonResourceURLs',
  ],
  [
    'Role without apiGroups',
    role({ name: 'default', ...def }, [{ verbs: ['get'], resources: ['pods'] }]),
    'FieldValueRequired',
    'rules[0].apiGroups',
  ],
  [
    'Role without resources',
    role({ name: 'default', ...def }, [{ verbs: ['get'], apiGroups: ['v1'] }]),
    'FieldValueRequired',
    'rules[0].resources',
  ],
];

describe('validateRbacObject: upstream cases', () => {
  it.each(valid)('%s is valid', (_name, obj) => {
    expect(validateRbacObject(obj).errors).toEqual([]);
  });

  it.each(invalid)('%s', (_name, obj, type, field) => {
    const { valid: ok, errors } = validateRbacObject(obj);
    expect(ok).toBe(false);
    for (const e of errors) expect([e.type, e.field]).toEqual([type, field]);
  });

  it('RoleBinding update: same roleRef passes, a changed one fails on roleRef', () => {
    const old = rb({ ...def, name: 'master', resourceVersion: '1' }, ref('Role', 'valid'));
    expect(
      validateRbacObject(
        rb({ ...def, name: 'master', resourceVersion: '1' }, ref('Role', 'valid')),
        old,
      ).errors,
    ).toEqual([]);
    const { errors } = validateRbacObject(
      rb({ ...def, name: 'master', resourceVersion: '1' }, ref('Role', 'changed')),
      old,
    );
    expect(errors.map((e) => [e.type, e.field])).toEqual([['FieldValueInvalid', 'roleRef']]);
  });
});
