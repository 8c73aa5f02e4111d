import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { AccessCheckPage } from '../pages/AccessPages.js';

test('alice checks whether joe may create Deployments in deliveries and sees the chain and the API server agree', async ({
  page,
}) => {
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('Check access').click();
  await expect(console.heading('Check access')).toBeVisible();

  const check = new AccessCheckPage(page);
  await check.subject('User', 'joe', { groups: 'devel, system:authenticated' });
  await check.resource({
    verb: 'create',
    apiGroup: 'apps',
    resource: 'deployments',
    namespace: 'deliveries',
  });
  await check.submit('Check');
  await expect(check.verdict('Gatehouse engine')).toHaveText('Allowed');
  await expect(check.verdict('API server')).toHaveText('Allowed');
  await expect(page.getByText('Both answers agree.')).toBeVisible();
  await expect(check.disagreement()).toHaveCount(0);
  const chain = check.chain();
  await expect(chain).toContainText('RoleBinding deliveries/gatehouse:deliveries:developer');
  await expect(chain).toContainText('ClusterRole edit');
  await page.screenshot({ path: test.info().outputPath('alice-check.png'), fullPage: true });

  // The chain links to the objects that decide.
  await chain
    .getByRole('link', { name: 'RoleBinding deliveries/gatehouse:deliveries:developer' })
    .click();
  await expect(console.heading('gatehouse:deliveries:developer')).toBeVisible();
  await page.goBack();

  // A name outside the Role's resourceNames is denied by both, with what was considered.
  await check.subject('ServiceAccount', 'etl-runner', { namespace: 'data' });
  await check.resource({ verb: 'get', resource: 'configmaps', name: 'other', namespace: 'data' });
  await check.submit('Check');
  await expect(check.verdict('Gatehouse engine')).toHaveText('Denied');
  await expect(check.verdict('API server')).toHaveText('Denied');
  await expect(page.getByText(/Considered RoleBinding data\/etl-runner-config/)).toBeVisible();

  // A non-resource URL for myself.
  await check.subject('Myself');
  await check.nonResource('get', '/metrics');
  await check.submit('Check');
  await expect(check.verdict('API server')).toHaveText('Allowed');
  await expect(page).toHaveURL(/subjectKind=Self/);
});

test('carol, who may read no binding, is offered no access analysis and told why on opening it', async ({
  page,
}) => {
  const console = await ConsolePage.signIn(page, 'carol');
  expect(await console.navLinkNames()).not.toContain('Check access');
  await page.goto('/c/dev/access/check');
  await expect(
    page.getByRole('heading', {
      level: 1,
      name: 'You don’t have access to Check access (access analysis)',
    }),
  ).toBeVisible();
  await expect(page.getByRole('form', { name: 'Check access' })).toHaveCount(0);
});
