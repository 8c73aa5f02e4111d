import { describe, expect, it } from 'vitest';
import type { RoleObject } from '../../api/rbacSchemas.js';
import { cloneDraft, draftFromYaml, editDraft } from './roleDraft.js';
import { toYaml } from '../../rbac/yamlText.js';

const admin: RoleObject = {
  metadata: {
    name: 'admin',
    uid: 'u1',
    resourceVersion: '7',
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', team: 'x' },
  },
  rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] },
};

describe('role drafts', () => {
  it('clones without server fields, bootstrap label or aggregationRule', () => {
    const c = cloneDraft(admin, 'ClusterRole', undefined);
    expect(c.metadata).toEqual({ name: 'admin-copy', labels: { team: 'x' } });
    expect(c.aggregationRule).toBeUndefined();
    expect(c.rules).toEqual(admin.rules);
    expect(c.rules).not.toBe(admin.rules);
  });

  it('keeps resourceVersion when editing so stale saves conflict', () => {
    expect(editDraft(admin, 'ClusterRole').metadata.resourceVersion).toBe('7');
  });

  it('round-trips through YAML', () => {
    const draft = editDraft(admin, 'ClusterRole');
    const back = draftFromYaml(toYaml(draft), 'ClusterRole', { name: 'admin' });
    expect(back.ok && back.draft.rules).toEqual(draft.rules);
  });

  it('reports YAML that is not a role, or that renames it', () => {
    expect(draftFromYaml('rules: [', 'Role', { namespace: 'a' }).ok).toBe(false);
    expect(draftFromYaml('metadata: {name: x}\nrules: 3', 'Role', { namespace: 'a' }).ok).toBe(
      false,
    );
    const renamed = draftFromYaml('metadata: {name: other}\nrules: []', 'ClusterRole', {
      name: 'admin',
    });
    expect(!renamed.ok && renamed.error).toMatch(/must stay admin/);
    const moved = draftFromYaml('metadata: {name: r, namespace: b}\nrules: []', 'Role', {
      namespace: 'a',
    });
    expect(moved.ok).toBe(false);
  });
});
