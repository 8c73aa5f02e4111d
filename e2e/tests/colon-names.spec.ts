import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { RoleDetailPage, RoleListPage } from '../pages/RolePages.js';

// Names with a colon (system:*, gatehouse:*) travel escaped through the BFF proxy; these pages
// were unreachable until the devcluster decoded escaped paths like kube-apiserver does.
test('alice opens system:basic-user from the list: its rules, read-only with the reason', async ({
  page,
}) => {
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('ClusterRoles').click();
  const list = new RoleListPage(page, 'ClusterRoles');
  await list.search('system:basic-user');
  await list
    .row('system:basic-user')
    .getByRole('link', { name: 'system:basic-user', exact: true })
    .click();

  const detail = new RoleDetailPage(page);
  await detail.expectLoaded('system:basic-user');
  await expect(page).toHaveURL(/\/c\/dev\/clusterroles\/system(:|%3A)basic-user$/);
  await expect(detail.rulesTable()).toContainText('selfsubjectrulesreviews');
  await expect(detail.rulesTable()).toContainText('selfsubjectaccessreviews');
  await expect(detail.rulesTable()).toContainText('create');
  await expect(page.getByRole('note').filter({ hasText: 'Read-only' })).toContainText('built-in');
  await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('alice-system-basic-user.png'),
    fullPage: true,
  });

  // A reload of the same address lands on the same role.
  await page.reload();
  await detail.expectLoaded('system:basic-user');
  await expect(detail.rulesTable()).toContainText('selfsubjectrulesreviews');
});

test('an aggregated role links to its system: contributors, which open with their rules', async ({
  page,
}) => {
  await ConsolePage.signIn(page, 'alice', '/c/dev/clusterroles/admin');
  const detail = new RoleDetailPage(page);
  await detail.expectLoaded('admin');
  await page.getByRole('tab', { name: 'Aggregated from' }).click();
  const contributor = page.getByRole('region', {
    name: 'Rules from system:aggregate-to-admin',
    exact: true,
  });
  await expect(contributor.getByRole('table')).toContainText('rolebindings');
  await page.screenshot({
    path: test.info().outputPath('alice-admin-contributors.png'),
    fullPage: true,
  });

  await contributor.getByRole('link', { name: 'system:aggregate-to-admin', exact: true }).click();
  await detail.expectLoaded('system:aggregate-to-admin');
  await expect(detail.rulesTable()).toContainText('rolebindings');
  await expect(page.getByRole('note').filter({ hasText: 'Read-only' })).toBeVisible();
});

test('gatehouse: roles open from the list with their rules', async ({ page }) => {
  await ConsolePage.signIn(page, 'alice', '/c/dev/clusterroles');
  const list = new RoleListPage(page, 'ClusterRoles');
  await list.search('gatehouse:monitoring');
  await list
    .row('gatehouse:monitoring')
    .getByRole('link', { name: 'gatehouse:monitoring', exact: true })
    .click();
  const detail = new RoleDetailPage(page);
  await detail.expectLoaded('gatehouse:monitoring');
  await expect(detail.rulesTable()).not.toBeEmpty();
});
