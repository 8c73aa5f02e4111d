import { expect, test } from '../pages/fixtures.js';
import { impactPanel } from '../pages/AccessPages.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { ProjectPage } from '../pages/ProjectPages.js';

test('alice sees who gains and who loses what before inviting, changing a level or removing', async ({
  page,
}) => {
  await ConsolePage.signIn(page, 'alice', '/c/dev/projects/payments');
  const project = new ProjectPage(page);
  await project.expectLoaded('payments');

  const invite = await project.openInvite();
  await invite.getByRole('textbox', { name: /^Users/ }).fill('dave');
  await invite.getByRole('radio', { name: /^viewer\b/ }).check();
  const dave = impactPanel(page).getByRole('listitem', { name: 'User dave' });
  await expect(dave).toContainText('Gains');
  await expect(dave).toContainText('in payments');
  await page.screenshot({
    path: test.info().outputPath('alice-invite-impact.png'),
    fullPage: true,
  });
  await invite.getByRole('button', { name: 'Cancel' }).click();
  await expect(project.row('User', 'dave')).toHaveCount(0);

  await project.row('User', 'bob').getByRole('button', { name: 'Change level of bob' }).click();
  const level = page.getByRole('dialog');
  await level.getByRole('combobox', { name: 'Access level' }).selectOption('viewer');
  const bobLoses = impactPanel(page).getByRole('listitem', { name: 'User bob' });
  await expect(bobLoses).toContainText('Loses');
  await expect(bobLoses).not.toContainText('Gains');
  await level.getByRole('button', { name: 'Cancel' }).click();

  await project.row('User', 'bob').getByRole('button', { name: 'Remove bob' }).click();
  const removal = page.getByRole('dialog');
  await expect(impactPanel(page).getByRole('listitem', { name: 'User bob' })).toContainText(
    'Loses',
  );
  await page.screenshot({
    path: test.info().outputPath('alice-remove-impact.png'),
    fullPage: true,
  });
  await removal.getByRole('button', { name: 'Cancel' }).click();
  await expect(project.row('User', 'bob')).toContainText('admin');
});

test('bob, a namespace admin, sees the impact worked out from what he may read, labelled partial, and can still invite', async ({
  page,
}) => {
  await ConsolePage.signIn(page, 'bob', '/c/dev/projects/payments');
  const project = new ProjectPage(page);
  await project.expectLoaded('payments');
  const invite = await project.openInvite();
  await invite.getByRole('textbox', { name: /^Users/ }).fill('dave');
  const panel = impactPanel(page);
  await expect(panel).toContainText('Partial analysis');
  // The level's ClusterRole is not his to get: named, its rules not guessed.
  await expect(panel).toContainText(/Not read: ClusterRoles? .*(view|edit|admin)/);
  await expect(panel).toContainText('No gain or loss found among the RBAC objects you may read.');
  await expect(panel).not.toContainText('could not be computed');
  await page.screenshot({
    path: test.info().outputPath('bob-invite-impact-partial.png'),
    fullPage: true,
  });
  await expect(invite.getByRole('button', { name: 'Invite 1' })).toBeEnabled();
  await invite.getByRole('button', { name: 'Cancel' }).click();
});
