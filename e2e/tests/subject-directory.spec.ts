import type { Browser } from '@playwright/test';
import { expect, test, type OwnedObjects } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { ProjectPage } from '../pages/ProjectPages.js';
import { SubjectSuggestions, SubjectsPage } from '../pages/SubjectsPage.js';

const rbac = 'rbac.authorization.k8s.io';

/**
 * Each test's own fixtures with names of its own: a RoleBinding in data-lake (bob may not list it)
 * naming a user, a group and a ServiceAccount, and one in payments (bob's) naming another user.
 */
async function directoryFixtures(fixtures: OwnedObjects, browser: Browser) {
  const tag = fixtures.name('dir');
  const names = {
    tag,
    zed: `zed-${tag}`,
    crew: `crew-${tag}`,
    builder: `builder-${tag}`,
    pia: `pia-${tag}`,
    binding: fixtures.name('directory'),
  };
  const view = { apiGroup: rbac, kind: 'ClusterRole', name: 'view' };
  await fixtures.create({
    apiVersion: `${rbac}/v1`,
    kind: 'RoleBinding',
    metadata: { name: names.binding, namespace: 'data-lake' },
    roleRef: view,
    subjects: [
      { kind: 'User', apiGroup: rbac, name: names.zed },
      { kind: 'Group', apiGroup: rbac, name: names.crew },
      { kind: 'ServiceAccount', name: names.builder, namespace: 'data-lake' },
    ],
  });
  await fixtures.create({
    apiVersion: `${rbac}/v1`,
    kind: 'RoleBinding',
    metadata: { name: names.binding, namespace: 'payments' },
    roleRef: view,
    subjects: [{ kind: 'User', apiGroup: rbac, name: names.pia }],
  });
  // The BFF learns of the bindings through its watch: wait until its directory holds all four.
  const page = await browser.newPage();
  await ConsolePage.signIn(page, 'alice');
  await expect
    .poll(async () => {
      const res = await page.request.get(`/api/clusters/dev/access/subjects?query=${tag}`);
      return ((await res.json()) as { total: number }).total;
    })
    .toBe(4);
  await page.close();
  return names;
}

test('alice searches the subject directory, filters by kind and opens a subject', async ({
  page,
  browser,
  fixtures,
}) => {
  const { tag, zed, crew, builder, pia, binding } = await directoryFixtures(fixtures, browser);
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('Subjects').click();
  const directory = new SubjectsPage(page);
  await directory.expectLoaded();
  // Seen only at sign-in elsewhere in the suite or here: alice herself is listed with her binding.
  await expect(directory.subject('User', 'alice')).toBeVisible();

  await directory.search(tag);
  await expect(directory.count()).toHaveText('4 subjects');
  await expect(directory.subject('User', zed)).toBeVisible();
  await expect(directory.subject('Group', crew)).toBeVisible();
  await expect(directory.subject('ServiceAccount', `data-lake/${builder}`)).toBeVisible();
  await expect(directory.subject('User', pia)).toBeVisible();
  await expect(directory.table().getByRole('row', { name: new RegExp(zed) })).toContainText(
    `data-lake/${binding} → ClusterRole view`,
  );
  await page.screenshot({ path: test.info().outputPath('alice-directory.png'), fullPage: true });

  await directory.kind('Group');
  await expect(directory.count()).toHaveText('1 subject');
  await expect(directory.subjectLinks()).toHaveCount(1);
  await expect(directory.subject('Group', crew)).toBeVisible();
  // The search is in the URL, so a result can be shared.
  await expect(page).toHaveURL(new RegExp(`query=${tag}.*kind=Group|kind=Group.*query=${tag}`));

  await directory.kind('');
  await directory.subject('User', zed).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Subject access' })).toBeVisible();
  await expect(page).toHaveURL(/subjectKind=User/);
  await expect(page.getByRole('link', { name: binding }).first()).toBeVisible();
});

test('bob sees only the subjects of bindings in his namespaces', async ({
  page,
  browser,
  fixtures,
}) => {
  const { tag, zed, crew, pia } = await directoryFixtures(fixtures, browser);
  const console = await ConsolePage.signIn(page, 'bob');
  await console.navLink('Subjects').click();
  const directory = new SubjectsPage(page);
  await directory.expectLoaded();
  await expect(page.getByText('Partial: only the bindings you may list')).toBeVisible();
  await directory.search(tag);
  await expect(directory.count()).toHaveText('1 subject');
  await expect(directory.subject('User', pia)).toBeVisible();
  await expect(directory.subject('User', zed)).toHaveCount(0);
  await expect(directory.subject('Group', crew)).toHaveCount(0);
  // Nobody else's sign-in: alice is bound only cluster-wide, which bob may not list.
  await directory.search('alice');
  await expect(directory.count()).toHaveText('0 subjects');
  await page.screenshot({ path: test.info().outputPath('bob-directory.png'), fullPage: true });
});

test('the invite form suggests people and groups, by keyboard, and free text stays', async ({
  page,
  browser,
  fixtures,
}) => {
  const { zed, crew } = await directoryFixtures(fixtures, browser);
  await ConsolePage.signIn(page, 'alice', '/c/dev/projects/payments');
  const project = new ProjectPage(page);
  await project.expectLoaded('payments');
  const invite = await project.openInvite();
  const find = invite.getByRole('combobox', { name: /^Find people and groups/ });
  const field = new SubjectSuggestions(find);
  const users = invite.getByRole('textbox', { name: /^Users/ });
  const groups = invite.getByRole('textbox', { name: /^Groups/ });

  await users.fill('someone-never-seen');
  await find.fill(zed.slice(0, -2));
  await expect(await field.option('User', zed)).toBeVisible();
  await expect(find).toHaveAttribute('aria-expanded', 'true');
  await page.screenshot({ path: test.info().outputPath('invite-suggestions.png') });
  await find.press('ArrowDown');
  await expect(await field.active()).toHaveAttribute('aria-selected', 'true');
  await expect(await field.active()).toHaveAccessibleName(new RegExp(`^User ${zed},`));
  await find.press('Enter');
  await expect(users).toHaveValue(`someone-never-seen, ${zed}`);
  await expect(find).toHaveValue('');
  await expect(find).toHaveAttribute('aria-expanded', 'false');

  // Escape closes the list, not the dialog; Down opens it again on the first suggestion.
  await find.fill(crew);
  await expect(await field.option('Group', crew)).toBeVisible();
  await find.press('Escape');
  await expect(find).toHaveAttribute('aria-expanded', 'false');
  await expect(invite).toBeVisible();
  await find.press('ArrowDown');
  await expect(find).toHaveAttribute('aria-expanded', 'true');
  await find.press('Enter');
  await expect(groups).toHaveValue(crew);
  await expect(invite.getByRole('button', { name: 'Invite 3' })).toBeEnabled();
  await invite.getByRole('button', { name: 'Cancel' }).click();
});

test('a binding subject field suggests ServiceAccounts with their namespace and takes free text', async ({
  page,
  browser,
  fixtures,
}) => {
  const { tag, builder } = await directoryFixtures(fixtures, browser);
  const console = await ConsolePage.signIn(page, 'alice', '/c/dev/ns/data-lake/rolebindings');
  await expect(console.heading('RoleBindings')).toBeVisible();
  await page.getByRole('link', { name: 'Create RoleBinding' }).click();
  const form = page.getByRole('group', { name: 'Add a subject' });
  await form.getByRole('combobox', { name: 'Kind' }).selectOption('ServiceAccount');
  await form.getByRole('textbox', { name: 'Subject namespace' }).fill('');
  const name = form.getByRole('combobox', { name: 'Subject name', exact: true });
  const field = new SubjectSuggestions(name);
  await name.fill(builder.slice(0, 12));
  const option = await field.option('ServiceAccount', `data-lake/${builder}`);
  await expect(option).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('binding-subject-suggestions.png') });
  await option.click();
  await expect(name).toHaveValue(builder);
  await expect(form.getByRole('textbox', { name: 'Subject namespace' })).toHaveValue('data-lake');
  await form.getByRole('button', { name: 'Add subject' }).click();
  const main = page.locator('main');
  await expect(
    main.getByRole('button', { name: `Remove ServiceAccount data-lake/${builder}` }),
  ).toBeVisible();

  // A user seen nowhere: no suggestion, and Enter adds the typed name.
  await form.getByRole('combobox', { name: 'Kind' }).selectOption('User');
  const nobody = `nobody-${tag}`;
  await name.fill(nobody);
  await expect(name).toHaveAttribute('aria-expanded', 'false');
  await name.press('Enter');
  await expect(main.getByRole('button', { name: `Remove User ${nobody}` })).toBeVisible();
});
