import { readFileSync } from 'node:fs';
import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { AccessMatrixPage } from '../pages/AccessPages.js';

test('alice looks at the access matrix of group devel, filters it and exports CSV', async ({
  page,
}) => {
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('Access matrix').click();
  await expect(console.heading('Access matrix')).toBeVisible();

  const matrix = new AccessMatrixPage(page);
  await matrix.subject('Group', 'devel');
  await matrix.submit('Show matrix');
  await expect(matrix.grid).toBeVisible();
  await expect(
    matrix.cell(
      'deliveries, deployments.apps: get, list, watch, create, update, patch, delete, deletecollection',
    ),
  ).toBeVisible();
  await expect(matrix.cell('payments, deployments.apps: no access')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('alice-matrix.png'), fullPage: true });

  // Only the namespaces where RoleBindings add something, and one resource.
  await matrix
    .filters()
    .getByRole('checkbox', { name: 'Only namespaces with RoleBindings' })
    .check();
  await expect(matrix.rowHeaders()).toHaveText(['Cluster scope (all namespaces)', /^deliveries/]);
  await matrix.filters().getByRole('textbox', { name: 'Resource filter' }).fill('secrets');
  await expect(matrix.grid.getByRole('columnheader')).toHaveCount(2);

  // A cell explains itself and leads to who else can.
  await matrix.cell(/^deliveries, secrets: /).click();
  await expect(page.getByRole('link', { name: 'Who can delete?' })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await matrix.exportLink().click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('access-matrix-dev-devel.csv');
  const csv = readFileSync((await download.path())!, 'utf8').split('\n');
  // The export holds what the filters show: Secrets, in the namespaces with their own RoleBindings.
  expect(csv.filter(Boolean)).toEqual([
    'namespace,apiGroup,resource,get,list,watch,create,update,patch,delete,deletecollection',
    ',,secrets,,,,,,,,',
    'deliveries,,secrets,yes,yes,yes,yes,yes,yes,yes,yes',
  ]);
});

test('myself: joe may not run access analysis and the matrix page says so', async ({ page }) => {
  await ConsolePage.signIn(page, 'joe');
  await page.goto('/c/dev/access/matrix?subjectKind=Self');
  await expect(
    page.getByRole('heading', { level: 1, name: /You don’t have access to Access matrix/ }),
  ).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Access matrix' })).toHaveCount(0);
});
