import { expect, test } from '../pages/fixtures.js';
import { join } from 'node:path';
import { ConsolePage } from '../pages/ConsolePage.js';
import { kubectl } from '../pages/Kubectl.js';

// The cluster admin's kubeconfig the embedded devcluster writes into the e2e data directory.
const admin = kubectl(
  join(process.env.GATEHOUSE_E2E_DATA_DIR ?? '', 'devcluster', 'kubeconfig', 'admin.yaml'),
);

// What the browser fires when a person returns to the tab; the e2e code runs outside the page, so as source.
const comeBackToTab = "window.dispatchEvent(new Event('visibilitychange'))";

test('carol’s navigation grows when an admin binds her with kubectl, without signing out', async ({
  page,
}) => {
  const console = await ConsolePage.signIn(page, 'carol');
  expect(await console.navLinkNames()).toEqual(['Overview']);

  const granted = await admin(
    'create',
    'rolebinding',
    'e2e-carol-admin',
    '--clusterrole=admin',
    '--user=carol',
    '-n',
    'payments',
  );
  expect(granted.stderr).toBe('');
  try {
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
  } finally {
    const removed = await admin('delete', 'rolebinding', 'e2e-carol-admin', '-n', 'payments');
    expect(removed.stderr).toBe('');
  }
  await expect(async () => {
    await page.evaluate(comeBackToTab);
    await expect(console.navLink('RoleBindings')).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  expect(await console.navLinkNames()).toEqual(['Overview']);
});
