import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { RoleDetailPage, RoleEditorPage } from '../pages/RolePages.js';
import { BindingDetailPage } from '../pages/BindingPages.js';
import { KubeApi } from '../pages/KubeApi.js';

const rbac = '/apis/rbac.authorization.k8s.io/v1';
type Obj = { metadata: { resourceVersion: string }; rules?: unknown[]; subjects?: unknown[] };

test('a stale ClusterRole edit gets 409: alice sees their version and reapplies hers', async ({
  page,
  baseURL,
}) => {
  await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL ?? '');
  await api.post(`${rbac}/clusterroles`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'e2e-conflict' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  });

  await page.goto('/c/dev/clusterroles/e2e-conflict/edit');
  const editor = new RoleEditorPage(page);
  await expect(editor.verb(1, 'get')).toBeChecked();

  // Someone else saves first.
  const current = await api.get<Obj>(`${rbac}/clusterroles/e2e-conflict`);
  await api.put(`${rbac}/clusterroles/e2e-conflict`, {
    ...current,
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
  });

  await editor.verb(1, 'list').check();
  await editor.submit();
  const conflict = page
    .getByRole('note')
    .filter({ hasText: 'Someone else changed this role while you were editing' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('table', { name: 'Permissions they added' })).toContainText(
    'secrets',
  );
  await expect(conflict.getByRole('table', { name: 'Permissions they removed' })).toContainText(
    'configmaps',
  );
  await page.screenshot({
    path: test.info().outputPath('alice-role-conflict.png'),
    fullPage: true,
  });

  await conflict.getByRole('button', { name: 'Reapply my changes' }).click();
  const detail = new RoleDetailPage(page);
  await detail.expectLoaded('e2e-conflict');
  await expect(detail.rulesTable()).toContainText('configmaps');
  await expect(detail.rulesTable()).toContainText('list');
});

test('adding a subject to a binding changed meanwhile keeps the other person’s subject', async ({
  page,
  baseURL,
}) => {
  await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL ?? '');
  await api.post(`${rbac}/namespaces/payments/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'e2e-race', namespace: 'payments' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'first' }],
  });
  await page.goto('/c/dev/ns/payments/rolebindings/e2e-race');
  const detail = new BindingDetailPage(page);
  await expect(detail.subjectsTab()).toHaveText('Subjects (1)');

  const current = await api.get<Obj>(`${rbac}/namespaces/payments/rolebindings/e2e-race`);
  await api.put(`${rbac}/namespaces/payments/rolebindings/e2e-race`, {
    ...current,
    subjects: [
      ...(current.subjects ?? []),
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'theirs' },
    ],
  });

  await detail.addSubject('User', 'mine');
  const dialog = page.getByRole('dialog', { name: 'This binding changed while you were editing' });
  await expect(dialog).toContainText('Added');
  await expect(dialog).toContainText('theirs');
  await dialog.getByRole('button', { name: 'Reapply my change' }).click();
  await expect(detail.subjectsTab()).toHaveText('Subjects (3)');
  for (const name of ['first', 'theirs', 'mine'])
    await expect(detail.subjectRow(name)).toBeVisible();
});
