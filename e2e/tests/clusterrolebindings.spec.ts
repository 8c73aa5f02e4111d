import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { BindingCreatePage, BindingDetailPage } from '../pages/BindingPages.js';

test('alice grants a ClusterRole to a group cluster-wide, then moves it to another role by guided re-create', async ({
  page,
  fixtures,
}) => {
  const name = fixtures.name('sre-view');
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('ClusterRoleBindings').click();
  await expect(console.heading('ClusterRoleBindings')).toBeVisible();
  await page.getByRole('link', { name: 'Create ClusterRoleBinding' }).click();

  const create = new BindingCreatePage(page);
  await create.fill(name, { kind: 'ClusterRole', name: 'view' });
  await create.addSubject('Group', 'sre');
  await create.addSubject('ServiceAccount', 'dispatcher', 'deliveries');
  fixtures.track({ kind: 'clusterrolebinding', name });
  await create.submitButton().click();

  const detail = new BindingDetailPage(page);
  await detail.expectLoaded(name);
  await expect(page.getByText('Grants ClusterRole view in every namespace.')).toBeVisible();
  await expect(detail.subjectsTab()).toHaveText('Subjects (2)');

  // roleRef is immutable: the console deletes and re-creates with the same subjects.
  await page.getByRole('button', { name: 'Change role' }).click();
  const dialog = page.getByRole('dialog', { name: `Change the role of ${name}` });
  await dialog.getByRole('combobox', { name: 'Role name' }).fill('edit');
  await dialog.getByRole('button', { name: 'Re-create with new role' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Grants ClusterRole edit in every namespace.')).toBeVisible();
  await expect(detail.subjectsTab()).toHaveText('Subjects (2)');
  await expect(detail.subjectRow('sre')).toBeVisible();
  await expect(detail.subjectRow('deliveries/dispatcher')).toBeVisible();
  await page.screenshot({
    path: test.info().outputPath('alice-clusterrolebinding.png'),
    fullPage: true,
  });

  await detail.delete('ClusterRoleBinding');
  await expect(page).toHaveURL(/\/c\/dev\/clusterrolebindings$/);
});
