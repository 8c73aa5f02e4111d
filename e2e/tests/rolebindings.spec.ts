import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { BindingCreatePage, BindingDetailPage } from '../pages/BindingPages.js';

test('alice creates a RoleBinding, adds and removes single subjects, then deletes it', async ({
  page,
  fixtures,
}) => {
  const name = fixtures.name('auditors');
  fixtures.track({ kind: 'rolebinding', name, namespace: 'payments' });
  const console = await ConsolePage.signIn(page, 'alice', '/c/dev/ns/payments/rolebindings');
  await expect(console.heading('RoleBindings')).toBeVisible();
  await page.getByRole('link', { name: 'Create RoleBinding' }).click();

  const create = new BindingCreatePage(page);
  await create.fill(name, { kind: 'ClusterRole', name: 'view' });
  await create.addSubject('User', 'dave');
  await create.addSubject('Group', 'auditors');
  await page.screenshot({
    path: test.info().outputPath('alice-create-rolebinding.png'),
    fullPage: true,
  });
  await create.submitButton().click();

  const detail = new BindingDetailPage(page);
  await detail.expectLoaded(name);
  await expect(detail.subjectsTab()).toHaveText('Subjects (2)');

  await detail.addSubject('ServiceAccount', 'ci-deployer', 'payments');
  await expect(detail.subjectsTab()).toHaveText('Subjects (3)');
  await expect(detail.subjectRow('payments/ci-deployer')).toBeVisible();

  // Removing one subject keeps the others.
  await detail.removeSubject('User', 'dave');
  await expect(detail.subjectsTab()).toHaveText('Subjects (2)');
  await expect(detail.subjectRow('auditors')).toBeVisible();
  await expect(detail.subjectRow('payments/ci-deployer')).toBeVisible();
  await expect(detail.subjectRow('dave')).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('alice-rolebinding-detail.png'),
    fullPage: true,
  });

  await detail.delete('RoleBinding');
  await expect(page).toHaveURL(/\/c\/dev\/ns\/payments\/rolebindings$/);
  await expect(
    page.getByRole('table', { name: 'RoleBindings' }).getByRole('link', { name }),
  ).toHaveCount(0);
});

test('bob cannot bind cluster-admin: the console warns it cannot check, and shows the API server’s refusal', async ({
  page,
  fixtures,
}) => {
  // Refused, so nothing should be made; tracked all the same, in case.
  const name = fixtures.name('too-much');
  fixtures.track({ kind: 'rolebinding', name, namespace: 'payments' });
  await ConsolePage.signIn(page, 'bob', '/c/dev/ns/payments/new/rolebindings');
  const create = new BindingCreatePage(page);
  await create.fill(name, { kind: 'ClusterRole', name: 'cluster-admin' });
  await create.addSubject('User', 'mallory');
  // bob may not read ClusterRoles, so the rules of cluster-admin cannot be compared with his.
  await expect(
    page.getByRole('note').filter({ hasText: 'Gatehouse cannot check this in advance' }),
  ).toBeVisible();
  await create.submitButton().click();
  const refusal = page
    .getByRole('alert')
    .filter({ hasText: 'The API server refused to create the binding' });
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('forbidden');
  await page.screenshot({
    path: test.info().outputPath('bob-escalation-binding.png'),
    fullPage: true,
  });
});
