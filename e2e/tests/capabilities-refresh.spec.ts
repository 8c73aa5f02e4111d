import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';

// What the browser fires when a person returns to the tab; the e2e code runs outside the page, so as source.
const comeBackToTab = "window.dispatchEvent(new Event('visibilitychange'))";

test('carol’s navigation grows when an admin binds her with kubectl, without signing out', async ({
  page,
  fixtures,
}) => {
  const admin = fixtures.kubectl('dev');
  // carol is made admin of a namespace of this test's own, with a binding of its own.
  const ns = await fixtures.namespace();
  const binding = fixtures.name('carol-admin');
  // Deleted by the test itself to see the navigation shrink; by the cleanup if it fails before.
  fixtures.track({ kind: 'rolebinding', name: binding, namespace: ns });
  const console = await ConsolePage.signIn(page, 'carol');
  expect(await console.navLinkNames()).toEqual(['Overview']);

  const granted = await admin(
    'create',
    'rolebinding',
    binding,
    '--clusterrole=admin',
    '--user=carol',
    '-n',
    ns,
  );
  expect(granted.stderr).toBe('');
  // Carol comes back to the tab (seconds after sign-in, long before the periodic refresh); the
  // BFF learns of the binding through its watch, so she may have to look twice.
  await expect(async () => {
    await page.evaluate(comeBackToTab);
    await expect(console.navLink('RoleBindings')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(console.navLink('Roles')).toBeVisible();
  await expect(console.main.getByText('You have no access here yet')).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('carol-after-grant.png'),
    fullPage: true,
  });
  const removed = await admin('delete', 'rolebinding', binding, '-n', ns);
  expect(removed.stderr).toBe('');
  await expect(async () => {
    await page.evaluate(comeBackToTab);
    await expect(console.navLink('RoleBindings')).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  expect(await console.navLinkNames()).toEqual(['Overview']);
});
