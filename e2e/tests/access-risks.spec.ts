import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { RisksPage, impactPanel } from '../pages/AccessPages.js';
import { BindingCreatePage } from '../pages/BindingPages.js';

test('alice reviews risky permissions, with severity and a fix, and sees them inline on the binding', async ({
  page,
}) => {
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('Risks').click();
  const risks = new RisksPage(page);
  await risks.expectLoaded();

  const wildcard = risks.finding(
    'critical: Every verb on every resource in every namespace on ClusterRoleBinding alice-cluster-admin',
  );
  await expect(wildcard).toBeVisible();
  await expect(wildcard).toContainText('Fix:');
  await expect(
    risks.finding(
      /^medium: Exec into Pods in namespace payments on RoleBinding gatehouse:payments:admin/,
    ),
  ).toBeVisible();
  await expect(
    risks.finding(/^low: ClusterRole is not bound on ClusterRole gatehouse:secret-reader/),
  ).toBeVisible();
  // Kubernetes' own defaults are hidden until asked for.
  await expect(risks.finding(/on ClusterRoleBinding cluster-admin$/)).toHaveCount(0);
  await risks.includeDefaults();
  await expect(
    risks.finding(
      'critical: Every verb on every resource in every namespace on ClusterRoleBinding cluster-admin',
    ),
  ).toBeVisible();
  await risks.minimumSeverity('critical');
  await expect(risks.findings().filter({ hasNotText: 'critical' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('alice-risks.png'), fullPage: true });

  await wildcard.getByRole('link', { name: 'ClusterRoleBinding alice-cluster-admin' }).click();
  await expect(console.heading('alice-cluster-admin')).toBeVisible();
  await expect(page.getByRole('link', { name: /\d+ risks? · critical/ })).toBeVisible();
});

test('before creating a RoleBinding alice sees who gains which permissions', async ({ page }) => {
  const console = await ConsolePage.signIn(page, 'alice');
  await page.goto('/c/dev/ns/payments/new/rolebindings');
  await expect(console.heading('Create RoleBinding')).toBeVisible();
  const create = new BindingCreatePage(page);
  await create.fill('e2e-carol-secrets', { kind: 'ClusterRole', name: 'gatehouse:secret-reader' });
  await create.addSubject('User', 'carol');
  const impact = impactPanel(page);
  const carol = impact.getByRole('listitem', { name: 'User carol' });
  await expect(carol).toContainText('Gains');
  await expect(carol).toContainText('get, list secrets (core) in payments');
  await page.screenshot({ path: test.info().outputPath('alice-impact.png'), fullPage: true });
  // Nothing was saved: leaving the form keeps the cluster as it was.
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(console.heading('RoleBindings')).toBeVisible();

  // Removing a subject says what they lose before it is confirmed.
  await console.navLink('RoleBindings').click();
  await page.getByRole('link', { name: 'ci-deployer', exact: true }).click();
  await page.getByRole('tab', { name: /^Subjects/ }).click();
  await page.getByRole('button', { name: 'Remove ServiceAccount payments/ci-deployer' }).click();
  const dialog = page.getByRole('dialog');
  const ci = impactPanel(page).getByRole('listitem', { name: 'ServiceAccount ci-deployer' });
  await expect(ci).toContainText('Loses');
  await expect(ci).toContainText('update, patch deployments (apps) in payments');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});
