import { expect, test } from '../pages/fixtures.js';
import {
  AccessCheckPage,
  AccessMatrixPage,
  SubjectAccessPage,
  WhoCanPage,
} from '../pages/AccessPages.js';
import { ConsolePage } from '../pages/ConsolePage.js';

test("alice asks whether joe may create Deployments in deliveries: warned that joe's groups are unknown, one click takes the groups of his last sign-in", async ({
  page,
}) => {
  // joe signs in once: Gatehouse records the groups his sign-in carried (devel).
  const asJoe = await ConsolePage.signIn(page, 'joe');
  await asJoe.signOut();

  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('Check access').click();
  const check = new AccessCheckPage(page);
  await check.subject('User', 'joe');
  await check.resource({
    verb: 'create',
    apiGroup: 'apps',
    resource: 'deployments',
    namespace: 'deliveries',
  });
  await check.submit('Check');

  // Only system:authenticated: denied by both, and said loudly that groups may be missing.
  await expect(check.verdict('Gatehouse engine')).toHaveText('Denied');
  await expect(check.verdict('API server')).toHaveText('Denied');
  const warning = check.groupsUnknown();
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(
    /joe signed in on .+ \(demo sign-in, cluster dev\) with groups devel\./,
  );
  await expect(warning).toContainText('may belong to (not known to be): devel');
  await expect(page.getByText('with groups system:authenticated.')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('joe-groups-unknown.png'), fullPage: true });

  await check.includeSignInGroups('joe');
  await expect(page).toHaveURL(/signInGroups=true/);
  await expect(check.verdict('Gatehouse engine')).toHaveText('Allowed');
  await expect(check.verdict('API server')).toHaveText('Allowed');
  await expect(check.groupsUnknown()).toHaveCount(0);
  await expect(check.groupSources()).toContainText(
    /from joe’s sign-in on .+ devel, system:authenticated/,
  );
  const chain = check.chain();
  await expect(chain).toContainText('devel');
  await expect(chain).toContainText('RoleBinding deliveries/gatehouse:deliveries:developer');
  await page.screenshot({
    path: test.info().outputPath('joe-groups-included.png'),
    fullPage: true,
  });

  // The form keeps the choice: the box is ticked for the next question.
  await expect(
    page.getByRole('checkbox', {
      name: 'Include the groups seen at their last sign-in to Gatehouse',
    }),
  ).toBeChecked();

  // The subject view warns the same way and offers the same groups.
  await console.navLink('Subject access').click();
  const subject = new SubjectAccessPage(page);
  await subject.subject('User', 'joe');
  await page
    .getByRole('checkbox', { name: 'Include the groups seen at their last sign-in to Gatehouse' })
    .uncheck();
  await subject.submit('Show access');
  await expect(subject.groupsUnknown()).toBeVisible();
  await subject.includeSignInGroups('joe');
  await expect(
    page.getByRole('link', { name: 'RoleBinding deliveries/gatehouse:deliveries:developer' }),
  ).toBeVisible();

  // And the matrix.
  await console.navLink('Access matrix').click();
  const matrix = new AccessMatrixPage(page);
  await matrix.subject('User', 'joe');
  await page
    .getByRole('checkbox', { name: 'Include the groups seen at their last sign-in to Gatehouse' })
    .uncheck();
  await matrix.submit('Show matrix');
  await expect(matrix.groupsUnknown()).toBeVisible();
  await matrix.includeSignInGroups('joe');
  await expect(matrix.groupSources()).toContainText('from joe’s sign-in');

  // Who can: beside group devel, the people seen in it at their last sign-in.
  await console.navLink('Who can').click();
  const who = new WhoCanPage(page);
  await who.resource({
    verb: 'create',
    apiGroup: 'apps',
    resource: 'deployments',
    namespace: 'deliveries',
  });
  await who.submit('Find subjects');
  const devel = who.inNamespace('deliveries').getByRole('row').filter({ hasText: 'devel' });
  await expect(devel).toContainText(/Seen in this group at their last sign-in: .*joe/);
});
