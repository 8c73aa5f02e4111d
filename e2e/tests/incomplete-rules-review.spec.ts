import type { Request } from '@playwright/test';
import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { signInWithToken } from '../pages/TokenSignIn.js';

// playwright.config.ts names this ServiceAccount as one whose rules reviews come back incomplete:
// a fixed name, so the test makes it and its binding itself and the cleanup removes both.
const sa = 'e2e-webhooked';

const accessReviewOf = (resource: string) => (r: Request) =>
  r.method() === 'POST' &&
  r.url().includes('/selfsubjectaccessreviews') &&
  (r.postData() ?? '').includes(`"${resource}"`);

test('when the rules review is incomplete, what it does not allow is settled by access reviews, not guessed', async ({
  page,
  fixtures,
}) => {
  await fixtures.create({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: sa, namespace: 'payments' },
  });
  await fixtures.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: sa, namespace: 'payments' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: 'payments' }],
  });
  const token = await fixtures.kubectl('dev')('create', 'token', sa, '-n', 'payments');
  expect(token.code).toBe(0);
  // Access reviews are held on their way until released, so the unknown state can be seen.
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/selfsubjectaccessreviews', async (route) => {
    await held;
    await route.continue();
  });
  // A complete review would decide ClusterRoles (denied) from the rules alone, with no request.
  const clusterRolesReview = page.waitForRequest(accessReviewOf('clusterroles'));
  await signInWithToken(page, token.stdout.trim());
  const console = new ConsolePage(page);
  await expect(
    page.getByRole('button', { name: `User menu for system:serviceaccount:payments:${sa}` }),
  ).toBeVisible();
  await clusterRolesReview;
  await expect(console.nav.getByRole('link', { name: /^ClusterRoles/ })).toContainText(
    'checking access',
  );
  await expect(console.main.getByRole('link', { name: /^ClusterRoles/ })).toContainText(
    'checking access',
  );
  await page.screenshot({
    path: test.info().outputPath('incomplete-review-checking.png'),
    fullPage: true,
  });
  // The BFF learns of the ServiceAccount's new RoleBinding through its watch: coming back to the
  // tab re-reads capabilities until payments is there.
  await expect(async () => {
    await page.evaluate("window.dispatchEvent(new Event('visibilitychange'))");
    await expect(console.main.getByRole('heading', { name: 'Your namespaces (1)' })).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 30_000 });
  release();

  // Allowed by its rules: shown at once. Unknown from the rules, denied by the API server: hidden.
  await expect(console.navLink('Roles')).toBeVisible();
  await expect(console.navLink('RoleBindings')).toBeVisible();
  await expect(console.nav.getByText('checking access')).toHaveCount(0);
  await expect(console.nav.getByRole('link', { name: /^ClusterRoles/ })).toHaveCount(0);
  await expect(console.nav.getByRole('heading', { name: 'Cluster access' })).toHaveCount(0);
  const manage = console.main
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: 'What you can manage' }) });
  await expect(manage.getByRole('link', { name: /^RoleBindings/ })).toBeVisible();
  await expect(manage.getByRole('link', { name: /^ClusterRoles/ })).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('incomplete-review-nav.png'),
    fullPage: true,
  });

  // A direct visit asks the API server too, and says no access instead of guessing either way.
  const direct = page.waitForRequest(accessReviewOf('clusterroles'));
  await page.goto('/c/dev/clusterroles');
  await expect(
    page.getByRole('heading', { level: 1, name: /You don’t have access to/ }),
  ).toBeVisible();
  await direct;
  await page.screenshot({
    path: test.info().outputPath('incomplete-review-no-access.png'),
    fullPage: true,
  });
});
