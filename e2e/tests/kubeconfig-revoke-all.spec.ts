import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { kubectl } from '../pages/Kubectl.js';
import { KubeconfigLinkPage, MyKubeconfigsPage } from '../pages/ProjectPages.js';

test('bob revokes all his kubeconfigs: the files and his kubeconfig identity go, his project stays', async ({
  page,
  fixtures,
}) => {
  // Revoked by the test itself; on a failure before that, by the cleanup.
  fixtures.revokeKubeconfigsOf('bob');
  await ConsolePage.signIn(page, 'bob', '/kubeconfig?cluster=dev&project=payments');
  const link = new KubeconfigLinkPage(page);
  await link.expectLoaded('payments');
  const file = test.info().outputPath('bob-payments.kubeconfig');
  await link.download(file);
  const bobKubectl = kubectl(file);
  expect((await bobKubectl('get', 'pods', '-n', 'payments')).code).toBe(0);

  const mine = new MyKubeconfigsPage(page);
  await mine.open();
  await expect(mine.rows()).not.toHaveCount(0);
  await page.getByRole('button', { name: 'Revoke all' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('the identity they stood for is removed');
  await dialog.getByRole('button', { name: 'Revoke all' }).click();
  await expect(page.getByText(/Your kubeconfig identity was removed too/)).toBeVisible();
  await expect(mine.rows()).toHaveCount(0);
  const after = await bobKubectl('get', 'pods', '-n', 'payments');
  expect(after.code).not.toBe(0);
  expect(after.stderr).toMatch(/Unauthorized|must be logged in/);

  // His membership is untouched: a new file works at once.
  await page.goto('/kubeconfig?cluster=dev&project=payments');
  await link.expectLoaded('payments');
  const fresh = test.info().outputPath('bob-payments-again.kubeconfig');
  await link.download(fresh);
  expect((await kubectl(fresh)('get', 'pods', '-n', 'payments')).code).toBe(0);
  await mine.open();
  await page.getByRole('button', { name: 'Revoke all' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke all' }).click();
  await expect(mine.rows()).toHaveCount(0);
});
