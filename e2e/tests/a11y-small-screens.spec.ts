import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../pages/fixtures.js';
import { AuditPage } from '../pages/AuditPage.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { KubeApi } from '../pages/KubeApi.js';
import type { DemoUser } from '../pages/SignInPage.js';

// Every route of apps/web/src/app/routes.tsx (and the kinds' and features' route lists it spreads),
// filled in with objects of the demo seed. Pages that ask a question get one, so the answer is checked too.
const everyPage: string[] = [
  '/c/dev',
  '/c/dev/clusterroles',
  '/c/dev/clusterroles/view',
  '/c/dev/clusterroles/gatehouse:secret-reader/edit',
  '/c/dev/new/clusterroles',
  '/c/dev/clusterrolebindings',
  '/c/dev/clusterrolebindings/alice-cluster-admin',
  '/c/dev/new/clusterrolebindings',
  '/c/dev/roles',
  '/c/dev/rolebindings',
  '/c/dev/projects',
  '/c/dev/projects/payments',
  '/c/dev/kubeconfigs',
  '/c/dev/access/check?subjectKind=User&subjectName=bob&verb=get&apiGroup=&resource=secrets&namespace=payments',
  '/c/dev/access/who-can?verb=get&apiGroup=&resource=secrets&namespace=payments',
  '/c/dev/access/matrix?subjectKind=User&subjectName=bob',
  '/c/dev/access/subject?subjectKind=User&subjectName=bob',
  '/c/dev/access/risks',
  '/c/dev/audit',
  '/c/dev/ns/payments',
  '/c/dev/ns/payments/roles',
  '/c/dev/ns/payments/roles/payments-deployer',
  '/c/dev/ns/payments/roles/payments-deployer/edit',
  '/c/dev/ns/payments/new/roles',
  '/c/dev/ns/payments/rolebindings',
  '/c/dev/ns/payments/rolebindings/ci-deployer',
  '/c/dev/ns/payments/new/rolebindings',
  '/c/dev/no-such-page',
];

// bob administers project payments and nothing cluster-wide: his pages show what a namespace admin sees.
const bobsPages: string[] = [
  '/c/dev',
  '/c/dev/ns/payments/roles',
  '/c/dev/ns/payments/rolebindings/ci-deployer',
  '/c/dev/projects/payments',
  '/c/dev/access/check',
  '/c/dev/clusterroles',
];

// Screenshots at 360 px to look at (e2e/test-results is git-ignored).
const shots = new Set([
  '/c/dev/clusterroles',
  '/c/dev/ns/payments/rolebindings',
  '/c/dev/projects/payments',
  '/c/dev/access/who-can?verb=get&apiGroup=&resource=secrets&namespace=payments',
  '/c/dev/ns/payments/roles/payments-deployer/edit',
]);

test.use({ viewport: { width: 360, height: 780 } });

async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  // Nothing still loading: the page checked is the page people read.
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
}

async function check(page: Page, path: string): Promise<void> {
  await settled(page);
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  // Named when it fails: the outermost elements whose right edge is past the screen.
  const wide =
    width > 360
      ? await page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > 361 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > 361))
          .slice(0, 5)
          .map((el) => el.tagName.toLowerCase() + '.' + String(el.className).split(' ').slice(0, 6).join('.') + ' ' + Math.round(el.getBoundingClientRect().right) + 'px')`)
      : [];
  expect(width, `${path} is wider than a 360 px screen: ${wide.join('; ')}`).toBeLessThanOrEqual(
    360,
  );
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${path}: axe found serious or critical violations`).toEqual([]);
  if (shots.has(path))
    await page.screenshot({
      path: test.info().outputPath(`${path.replace(/[^a-z0-9]+/gi, '-')}-360.png`),
    });
}

for (const [user, pages] of [
  ['alice', everyPage],
  ['bob', bobsPages],
] as Array<[DemoUser, string[]]>) {
  for (const path of pages) {
    test(`${user} at 360 px: ${path} fits the screen and passes axe`, async ({ page }) => {
      await ConsolePage.signIn(page, user, path);
      await check(page, path);
    });
  }
}

test('signed out at 360 px: the sign-in page fits the screen and passes axe', async ({ page }) => {
  await page.goto('/sign-in');
  await check(page, '/sign-in');
});

test('alice at 360 px: the audit log with long rows fits the screen and passes axe', async ({
  page,
  baseURL,
  fixtures,
}) => {
  // Long rows: a Role whose name has no place to break, in a namespace of this test's own, made
  // and changed through the console so the log holds its create and update.
  const ns = await fixtures.namespace();
  const name = `${fixtures.name('long')}.${'withoutanyplacetobreak'.repeat(8)}`;
  fixtures.track({ kind: 'role', name, namespace: ns });
  await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL!);
  const roles = `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`;
  await api.post(roles, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace: ns },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  });
  const current = await api.get<Record<string, unknown>>(`${roles}/${name}`);
  await api.put(`${roles}/${name}`, {
    ...current,
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
  });
  const audit = new AuditPage(page);
  await audit.open();
  await expect(audit.row('update', 'roles', name, 'alice')).toBeVisible();
  await check(page, '/c/dev/audit (long rows)');
  // The page fits; the table scrolls sideways in its own box (its columns need more than 360 px),
  // and a record's details wrap inside it rather than widen it. The console's <main> scrolls, not
  // the document, so the pictures are of the box itself (a full-page screenshot would be cut off).
  const records = page.getByRole('region', { name: 'Audit records, scrollable' });
  const boxWidth = () => records.evaluate((el) => el.scrollWidth);
  const closed = await boxWidth();
  await records.screenshot({ path: test.info().outputPath('audit-long-rows-360.png') });
  const diff = await audit.details('update', 'roles', name);
  await expect(diff).toContainText(name);
  await check(page, '/c/dev/audit (long rows, details open)');
  expect(await boxWidth(), 'the open details widen the table').toBeLessThanOrEqual(closed);
  await records.evaluate((el) => el.scrollTo({ left: 0 }));
  await records.screenshot({ path: test.info().outputPath('audit-long-rows-details-360.png') });
});
