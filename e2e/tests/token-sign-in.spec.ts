import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { seededToken, signInWithToken } from '../pages/TokenSignIn.js';

test('bob signs in with his own bearer token and works as himself', async ({ page }) => {
  await signInWithToken(page, seededToken('bob'));
  const console = new ConsolePage(page);
  await expect(page.getByRole('button', { name: 'User menu for bob' })).toBeVisible();
  const links = await console.navLinkNames();
  expect(links).toEqual(expect.arrayContaining(['Roles', 'RoleBindings']));
  expect(links).not.toContain('ClusterRoles');
  await expect(page.getByRole('region', { name: 'You', exact: true })).toContainText(
    'Bearer token',
  );
});

test('a wrong token is refused with the reason, and nobody is signed in', async ({ page }) => {
  await signInWithToken(page, 'not-a-real-token');
  await expect(page.getByRole('alert').filter({ hasText: 'Sign-in failed' })).toBeVisible();
  await page.goto('/c/dev');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
