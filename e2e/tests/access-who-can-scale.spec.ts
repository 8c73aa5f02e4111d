import { expect, test } from '../pages/fixtures.js';
import { join } from 'node:path';
import { ConsolePage } from '../pages/ConsolePage.js';
import { WhoCanPage } from '../pages/AccessPages.js';
import { createScaleFixture, SCALE_SPLIT } from '../pages/ScaleFixture.js';

const adminKubeconfig = join(
  process.env.GATEHOUSE_E2E_DATA_DIR ?? '',
  'devcluster',
  'kubeconfig',
  'admin.yaml',
);

test('alice asks who can get a resource 10,000 subjects may get: counts first, a bounded number of rows, filter and expand', async ({
  page,
  fixtures,
}) => {
  const fixture = await createScaleFixture(adminKubeconfig, fixtures.name('scale'));
  fixtures.defer('remove the 10,000-subject fixture', () => fixture.remove());
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('Who can').click();
  const whoCan = new WhoCanPage(page);
  await whoCan.resource({
    verb: fixture.verb,
    apiGroup: fixture.apiGroup,
    resource: fixture.resource,
  });
  await whoCan.submit('Find subjects');

  const section = whoCan.clusterWide();
  const { users, groups, serviceAccounts } = fixture.bindings;
  const id = users.replace(/-users$/, '');
  // Grouped and counted by binding and by subject kind; no binding opened yet at this size.
  await expect(whoCan.grant(section, `ClusterRoleBinding ${users}`)).toHaveText(/6,000 subjects/);
  await expect(whoCan.grant(section, `ClusterRoleBinding ${users}`)).toHaveAttribute(
    'aria-expanded',
    'false',
  );
  await expect(whoCan.grant(section, `ClusterRoleBinding ${groups}`)).toHaveText(/3,000 subjects/);
  await expect(whoCan.grant(section, `ClusterRoleBinding ${serviceAccounts}`)).toHaveText(
    /1,000 subjects/,
  );
  // alice (cluster-admin) and system:masters match too: 10,000 from the fixture plus a few.
  await expect(section).toContainText(/1\d,\d{3} subjects through \d+ bindings/);
  await expect(whoCan.kindFilter(section, 'Groups')).toHaveText(/Groups 3,\d{3}/);
  await expect(section.getByRole('row')).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('who-can-10k-grouped.png'),
    fullPage: true,
  });

  // Opening a binding windows its rows: the table says how many there are, the DOM holds a few.
  await whoCan.grant(section, `ClusterRoleBinding ${users}`).click();
  const people = whoCan.grantSubjects(section, `ClusterRoleBinding ${users}`);
  await expect(people).toHaveAttribute('aria-rowcount', String(SCALE_SPLIT.users + 1));
  await expect(
    people.getByRole('link', {
      name: `What User ${id}-user-00000 can do`,
    }),
  ).toBeVisible();
  const rendered = await people.getByRole('row').count();
  expect(rendered).toBeGreaterThan(1);
  expect(rendered).toBeLessThan(100);
  const nodes = await page.evaluate<number>('document.getElementsByTagName("*").length');
  expect(nodes).toBeLessThan(5000);
  await page.screenshot({ path: test.info().outputPath('who-can-10k-open.png'), fullPage: true });

  // The filter narrows every binding and its counts; a kind button narrows to one kind.
  await whoCan.filter(section).fill(`${id}-user-0421`);
  await expect(section).toContainText(/10 of 1\d,\d{3} subjects through 1 binding/);
  await expect(people).toHaveAttribute('aria-rowcount', '11');
  await expect(people.getByRole('row')).toHaveCount(11);
  await whoCan.filter(section).fill('');
  await whoCan.kindFilter(section, 'ServiceAccounts').click();
  await expect(whoCan.kindFilter(section, 'ServiceAccounts')).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(whoCan.grant(section, `ClusterRoleBinding ${serviceAccounts}`)).toHaveText(
    /1,000 subjects/,
  );
  await expect(whoCan.grant(section, `ClusterRoleBinding ${users}`)).toHaveCount(0);
  await whoCan.grant(section, `ClusterRoleBinding ${serviceAccounts}`).click();
  const robots = whoCan.grantSubjects(section, `ClusterRoleBinding ${serviceAccounts}`);
  await expect(
    robots.getByRole('link', { name: `What SA ${id}-ns/robot-00000 can do` }),
  ).toBeVisible();

  // Scrolling the window brings later rows in and keeps the DOM bounded.
  await robots.locator('xpath=..').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(
    robots.getByRole('link', { name: `What SA ${id}-ns/robot-00999 can do` }),
  ).toBeVisible();
  expect(await robots.getByRole('row').count()).toBeLessThan(100);
});
