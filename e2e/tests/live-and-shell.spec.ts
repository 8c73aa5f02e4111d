import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { RoleListPage } from '../pages/RolePages.js';
import { KubeApi } from '../pages/KubeApi.js';

test('the ClusterRoles list updates live when someone else creates and deletes one', async ({
  page,
  baseURL,
  fixtures,
}) => {
  const live = fixtures.name('live');
  fixtures.track({ kind: 'clusterrole', name: live });
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('ClusterRoles').click();
  const list = new RoleListPage(page, 'ClusterRoles');
  await expect(list.row('admin')).toBeVisible();
  await list.search(live);
  await expect(list.table.getByRole('link', { name: live })).toHaveCount(0);

  const api = await KubeApi.as(page, baseURL ?? '');
  await api.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: live },
    rules: [],
  });
  await expect(list.row(live)).toBeVisible();

  await api.delete(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${live}`);
  await expect(list.table.getByRole('link', { name: live })).toHaveCount(0);
});

test('the shell works from the keyboard, switches theme and keeps the choice', async ({ page }) => {
  const console = await ConsolePage.signIn(page, 'alice');
  // The first Tab reaches the skip link, which jumps to the page content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(console.main).toBeFocused();

  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.screenshot({ path: test.info().outputPath('alice-overview-dark.png') });
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);

  // The user menu opens with the keyboard and closes with Escape, returning focus.
  const menuButton = page.getByRole('button', { name: 'User menu for alice' });
  await menuButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(menuButton).toBeFocused();
});

test('when the session ends elsewhere, the next request sends alice to sign in and back', async ({
  page,
  baseURL,
}) => {
  const console = await ConsolePage.signIn(page, 'alice');
  const session = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
  // Signing out from another tab revokes the session this page still holds.
  const out = await page.request.post('/api/auth/logout', {
    headers: { 'X-CSRF-Token': session.csrfToken, Origin: baseURL ?? '' },
  });
  expect(out.status()).toBe(204);
  await console.navLink('ClusterRoles').click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveURL(/returnTo=%2Fc%2Fdev%2Fclusterroles/);
  await page.getByRole('button', { name: 'Sign in as alice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ClusterRoles' })).toBeVisible();
});
