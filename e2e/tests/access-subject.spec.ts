import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { AccessMatrixPage, SubjectAccessPage } from '../pages/AccessPages.js';

test('alice sees everything the ci-deployer ServiceAccount can do and every binding naming it', async ({
  page,
}) => {
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('Subject access').click();
  await expect(console.heading('Subject access')).toBeVisible();

  const subject = new SubjectAccessPage(page);
  await subject.subject('ServiceAccount', 'ci-deployer', { namespace: 'payments' });
  await subject.submit('Show access');
  const bindings = subject.bindings();
  await expect(
    bindings.getByRole('link', { name: 'RoleBinding payments/ci-deployer' }),
  ).toBeVisible();
  await expect(
    bindings.getByRole('link', { name: 'Role payments/payments-deployer' }),
  ).toBeVisible();
  // Its groups (system:serviceaccounts, system:authenticated) carry the default policy's bindings.
  await expect(
    bindings.getByRole('link', { name: 'ClusterRoleBinding system:basic-user' }),
  ).toBeVisible();
  const rules = subject.rulesIn('payments');
  await expect(rules).toContainText('deployments');
  await expect(rules).toContainText('update');
  await page.screenshot({ path: test.info().outputPath('alice-subject.png'), fullPage: true });

  await page.getByRole('link', { name: 'Open access matrix' }).click();
  const matrix = new AccessMatrixPage(page);
  await expect(
    matrix.cell('payments, deployments.apps: get, list, watch, update, patch'),
  ).toBeVisible();
});
