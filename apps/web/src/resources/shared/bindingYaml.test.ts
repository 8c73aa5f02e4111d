import { describe, expect, it } from 'vitest';
import { bindingFromYaml } from './bindingYaml.js';

const yaml = (body: string) => `apiVersion: rbac.authorization.k8s.io/v1\n${body}`;

describe('binding YAML tab', () => {
  it('reads name, role, subjects and labels back', () => {
    const r = bindingFromYaml(
      yaml(`kind: RoleBinding
metadata:
  name: readers
  namespace: payments
  labels: { team: pay }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects:
  - { kind: User, name: carol, apiGroup: rbac.authorization.k8s.io }
`),
      'RoleBinding',
      'payments',
    );
    expect(r).toEqual({
      ok: true,
      draft: {
        name: 'readers',
        role: { kind: 'Role', name: 'reader' },
        subjects: [{ kind: 'User', name: 'carol', apiGroup: 'rbac.authorization.k8s.io' }],
        metadata: { labels: { team: 'pay' } },
      },
    });
  });

  it('keeps the page kind and namespace and refuses what a binding cannot be', () => {
    const ref = 'roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: r }';
    expect(
      bindingFromYaml(
        yaml(`kind: ClusterRoleBinding\nmetadata: { name: x }\n${ref}`),
        'ClusterRoleBinding',
        undefined,
      ),
    ).toEqual({
      ok: false,
      error: 'roleRef.kind must be ClusterRole',
    });
    expect(
      bindingFromYaml(
        yaml(`kind: RoleBinding\nmetadata: { name: x, namespace: other }\n${ref}`),
        'RoleBinding',
        'payments',
      ),
    ).toEqual({ ok: false, error: 'metadata.namespace must stay payments' });
    expect(bindingFromYaml('kind: [', 'RoleBinding', 'payments').ok).toBe(false);
    const missing = bindingFromYaml(
      yaml('kind: RoleBinding\nmetadata: { name: x }'),
      'RoleBinding',
      'payments',
    );
    expect(missing.ok === false && missing.error).toMatch(/^Not a RoleBinding: roleRef/);
  });
});
