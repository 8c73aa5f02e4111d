import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { SubjectAccessPage, WhoCanPage } from '../pages/AccessPages.js';

test('alice asks who can read Secrets in payments: cluster admins cluster-wide, bob through his project RoleBinding', async ({
  page,
}) => {
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('Who can').click();
  await expect(console.heading('Who can')).toBeVisible();

  const whoCan = new WhoCanPage(page);
  await whoCan.resource({ verb: 'get', resource: 'secrets', namespace: 'payments' });
  await whoCan.submit('Find subjects');
  await expect(whoCan.clusterWide()).toContainText('alice');
  await expect(whoCan.clusterWide()).toContainText('system:masters');
  await expect(
    whoCan.clusterWide().getByRole('link', { name: 'ClusterRoleBinding alice-cluster-admin' }),
  ).toBeVisible();
  const local = whoCan.inNamespace('payments');
  await expect(local.getByRole('row')).toHaveCount(2);
  await expect(local).toContainText('bob');
  await expect(
    local.getByRole('link', { name: 'RoleBinding payments/gatehouse:payments:admin' }),
  ).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('alice-who-can.png'), fullPage: true });

  // Each subject leads to everything it can do.
  await local.getByRole('link', { name: 'What User bob can do' }).click();
  await expect(console.heading('Subject access')).toBeVisible();
  await expect(new SubjectAccessPage(page).bindings()).toContainText('gatehouse:payments:admin');

  // Non-resource URLs are granted only cluster-wide.
  await console.navLink('Who can').click();
  await whoCan.nonResource('get', '/metrics');
  await whoCan.submit('Find subjects');
  await expect(whoCan.clusterWide()).toContainText('sre');
  await expect(
    page.getByText('Give a namespace to see who is allowed there through RoleBindings.'),
  ).toBeVisible();
});
