import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { kubectl } from '../pages/Kubectl.js';
import { KubeconfigLinkPage, MyKubeconfigsPage } from '../pages/ProjectPages.js';

test('alice, cluster-admin in no project, gets a kubeconfig for the namespace data at a level she picks', async ({
  page,
  fixtures,
}) => {
  // Revoked at the end by the test itself; on a failure before that, by the cleanup.
  fixtures.revokeKubeconfigsOf('alice');
  await ConsolePage.signIn(page, 'alice', '/c/dev/ns/data');
  await page.getByRole('link', { name: 'Get a kubeconfig for data' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Kubeconfig for namespace data' }),
  ).toBeVisible();
  const level = page.getByRole('combobox', { name: 'Access level' });
  await expect(level.getByRole('option')).toHaveText(['viewer', 'developer', 'admin']);
  await level.selectOption('developer');
  await expect(
    page.getByText(/identity of its own, bound to the level you choose in data/),
  ).toBeVisible();
  const file = test.info().outputPath('alice-data.kubeconfig');
  expect(await new KubeconfigLinkPage(page).download(file)).toBe('dev-ns-data.kubeconfig');
  const run = kubectl(file);
  const can = async (...args: string[]) => (await run('auth', 'can-i', ...args)).stdout.trim();
  expect(await can('create', 'deployments', '-n', 'data')).toBe('yes');
  expect(await can('create', 'rolebindings', '-n', 'data')).toBe('no');
  expect(await can('get', 'pods', '-n', 'payments')).toBe('no');
  await page.screenshot({
    path: test.info().outputPath('kubeconfig-namespace.png'),
    fullPage: true,
  });

  // carol reaches no namespace: the same link says why, and offers nothing.
  const carol = await (await page.context().browser()!.newContext()).newPage();
  await ConsolePage.signIn(carol, 'carol', '/kubeconfig?cluster=dev&namespace=data');
  await expect(carol.getByText('No kubeconfig for namespace data')).toBeVisible();
  await expect(carol.getByText(/you hold none of the access levels in data/)).toBeVisible();

  const mine = new MyKubeconfigsPage(page);
  await mine.open();
  await page.getByRole('button', { name: 'Revoke all' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke all' }).click();
  await expect(page.getByText(/Your kubeconfig identity was removed too/)).toBeVisible();
  expect((await run('get', 'pods', '-n', 'data')).code).not.toBe(0);
});
