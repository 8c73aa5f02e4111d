import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { RoleEditorPage } from '../pages/RolePages.js';

test('bob sees exactly which permissions a Role would escalate, and cannot submit it', async ({
  page,
  fixtures,
}) => {
  const name = fixtures.name('node-reader');
  fixtures.track({ kind: 'role', name, namespace: 'payments' });
  await ConsolePage.signIn(page, 'bob', '/c/dev/ns/payments/new/roles');
  const editor = new RoleEditorPage(page);
  await editor.setName(name);
  await editor.addRule();
  await editor.addTokens(1, 'Resources', 'pods');
  // admin in payments covers pods: nothing is reported yet.
  await expect(
    page.getByRole('alert').filter({ hasText: 'permissions you do not hold' }),
  ).toHaveCount(0);

  await editor.addTokens(1, 'Resources', 'nodes');
  const notice = page.getByRole('alert').filter({ hasText: 'permissions you do not hold' });
  await expect(notice).toBeVisible();
  const missing = notice.getByRole('table', { name: 'Permissions you are missing' });
  await expect(missing).toContainText('nodes');
  await expect(missing).not.toContainText('pods');
  await expect(editor.submitButton()).toBeDisabled();
  await page.screenshot({
    path: test.info().outputPath('bob-escalation-role.png'),
    fullPage: true,
  });

  // Taking the rule back to what bob holds clears the notice and allows creating it.
  await page.getByRole('button', { name: 'Remove Rule 1 Resources nodes' }).click();
  await expect(notice).toHaveCount(0);
  await editor.submit();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});
