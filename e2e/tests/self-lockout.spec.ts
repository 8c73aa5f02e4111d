import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { BindingDetailPage } from '../pages/BindingPages.js';

test('removing herself from a binding tells alice what she loses and needs her explicit consent', async ({
  page,
  fixtures,
}) => {
  const ns = await fixtures.namespace();
  const name = fixtures.name('self');
  const zoe = fixtures.name('zoe');
  await fixtures.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: zoe },
    ],
  });
  await ConsolePage.signIn(page, 'alice');
  await page.goto(`/c/dev/ns/${ns}/rolebindings/${name}`);
  const detail = new BindingDetailPage(page);
  await expect(detail.subjectsTab()).toHaveText('Subjects (2)');

  await page.getByRole('button', { name: 'Remove User alice' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('This may take away your own access');
  const confirm = dialog.getByRole('button', { name: 'Remove subject' });
  await expect(confirm).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('alice-self-lockout.png') });
  await dialog.getByRole('checkbox', { name: 'I understand that I will lose this access' }).check();
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(detail.subjectsTab()).toHaveText('Subjects (1)');
  await expect(detail.subjectRow(zoe)).toBeVisible();

  // Removing someone else asks for confirmation but carries no lockout warning.
  await page.getByRole('button', { name: `Remove User ${zoe}` }).click();
  await expect(dialog).not.toContainText('This may take away your own access');
  await expect(dialog.getByRole('button', { name: 'Remove subject' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('editing a role she relies on warns alice about exactly the rules she would lose', async ({
  page,
  fixtures,
}) => {
  const mine = fixtures.name('mine');
  await fixtures.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: mine },
    rules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list'] },
    ],
  });
  await fixtures.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: mine },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: mine },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
  });
  await ConsolePage.signIn(page, 'alice');
  await page.goto(`/c/dev/clusterroles/${mine}/edit`);
  await page.getByRole('button', { name: 'Remove Rule 2', exact: true }).click();
  const warning = page.getByRole('note').filter({ hasText: 'This may take away your own access' });
  await expect(warning).toBeVisible();
  await page.getByText(/Permissions this change takes from you/).click();
  const lost = page.getByRole('table', { name: 'Permissions you would lose' });
  await expect(lost).toContainText('events');
  await expect(lost).not.toContainText('configmaps');
  await page.getByRole('button', { name: 'Save changes' }).click();
  // Without the acknowledgement nothing is sent.
  await expect(page).toHaveURL(/\/edit$/);
  await page.getByRole('checkbox', { name: 'I understand that I will lose this access' }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: mine })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Rules' })).not.toContainText('events');
});
