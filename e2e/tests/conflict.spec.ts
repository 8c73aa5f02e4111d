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
  fixtures,
}) => {
  const name = fixtures.name('conflict');
  await fixtures.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  });
  await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL ?? '');

  await page.goto(`/c/dev/clusterroles/${name}/edit`);
  const editor = new RoleEditorPage(page);
  await expect(editor.verb(1, 'get')).toBeChecked();

  // Someone else saves first.
  const current = await api.get<Obj>(`${rbac}/clusterroles/${name}`);
  await api.put(`${rbac}/clusterroles/${name}`, {
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
  await detail.expectLoaded(name);
  await expect(detail.rulesTable()).toContainText('configmaps');
  await expect(detail.rulesTable()).toContainText('list');
});

test('adding a subject to a binding changed meanwhile keeps the other person’s subject', async ({
  page,
  baseURL,
  fixtures,
}) => {
  // Its own namespace and binding; the subjects are names nobody else uses.
  const ns = await fixtures.namespace();
  const name = fixtures.name('race');
  const [first, theirs, mine] = ['first', 'theirs', 'mine'].map((who) => fixtures.name(who));
  await fixtures.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: first }],
  });
  await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL ?? '');
  await page.goto(`/c/dev/ns/${ns}/rolebindings/${name}`);
  const detail = new BindingDetailPage(page);
  await expect(detail.subjectsTab()).toHaveText('Subjects (1)');

  const current = await api.get<Obj>(`${rbac}/namespaces/${ns}/rolebindings/${name}`);
  await api.put(`${rbac}/namespaces/${ns}/rolebindings/${name}`, {
    ...current,
    subjects: [
      ...(current.subjects ?? []),
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: theirs },
    ],
  });

  await detail.addSubject('User', mine!);
  const dialog = page.getByRole('dialog', { name: 'This binding changed while you were editing' });
  await expect(dialog).toContainText('Added');
  await expect(dialog).toContainText(theirs!);
  await dialog.getByRole('button', { name: 'Reapply my change' }).click();
  await expect(detail.subjectsTab()).toHaveText('Subjects (3)');
  for (const who of [first!, theirs!, mine!]) await expect(detail.subjectRow(who)).toBeVisible();
});
