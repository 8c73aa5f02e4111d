import { describe, expect, it } from 'vitest';
import { objectDiff, parseStream } from './importPlan.js';

const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widget-reader
  resourceVersion: "42"
  uid: 0f0f
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
`;
const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: readers, namespace: payments }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: widget-reader }
subjects: [{ kind: User, name: carol, apiGroup: rbac.authorization.k8s.io }]
`;

describe('YAML import stream', () => {
  it('reads every RBAC document in order, without server-owned fields, skipping empty ones', () => {
    const r = parseStream(`${role}---\n${binding}---\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.objects.map((o) => [o.document, o.label])).toEqual([
      [1, 'ClusterRole widget-reader'],
      [2, 'RoleBinding payments/readers'],
    ]);
    expect(r.objects[0]?.object.metadata).toEqual({ name: 'widget-reader' });
  });

  it('names each bad document and imports nothing', () => {
    const r = parseStream(
      [
        role,
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n',
        binding.replace('namespace: payments', 'labels: {}'),
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: r, namespace: payments }\nrules: [{ apiGroups: [""], resources: [pods], verbs: [] }]\n',
        'kind: [\n',
        role,
      ].join('---\n'),
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        'Document 2 (ConfigMap x): kind ConfigMap is not an RBAC kind; only Role, ClusterRole, RoleBinding and ClusterRoleBinding can be imported',
        'Document 3 (RoleBinding readers): metadata.namespace is required for a RoleBinding',
        expect.stringMatching(/^Document 4 \(Role payments\/r\): rules\[0\]\.verbs: /),
        expect.stringMatching(/^Document 5: not valid YAML: /),
        'Document 6 (ClusterRole widget-reader): ClusterRole widget-reader is also document 1; import each object once',
      ],
    });
  });

  it('refuses an empty stream', () => {
    expect(parseStream('---\n')).toEqual({
      ok: false,
      errors: ['No objects to import: the text is empty'],
    });
  });

  it('diffs stored and dry-run objects without bookkeeping fields', () => {
    const before = {
      metadata: { name: 'a', resourceVersion: '1', uid: 'u' },
      rules: [{ verbs: ['get'] }],
    };
    const after = {
      metadata: { name: 'a', resourceVersion: '1', uid: 'u' },
      rules: [{ verbs: ['get', 'list'] }],
    };
    const lines = objectDiff(before, after);
    expect(lines.filter((l) => l.kind === 'added').map((l) => l.text)).toEqual(['      - list']);
    expect(lines.some((l) => l.text.includes('resourceVersion'))).toBe(false);
    expect(objectDiff(null, after).every((l) => l.kind === 'added')).toBe(true);
  });
});
