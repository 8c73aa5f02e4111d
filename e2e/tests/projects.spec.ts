import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { kubectl } from '../pages/Kubectl.js';
import {
  KubeconfigLinkPage,
  MyKubeconfigsPage,
  ProjectPage,
  ProjectsPage,
} from '../pages/ProjectPages.js';
import { SignInPage } from '../pages/SignInPage.js';

test('bob invites joe to a project he administers; joe’s own kubeconfig works there only, until bob removes him', async ({
  browser,
  baseURL,
  fixtures,
}) => {
  // A project of this test's own, made by alice with bob as its admin: it goes at cleanup with
  // everything in it, and joe's kubeconfig identities with it.
  const shop = fixtures.name('shop');
  await fixtures.project(shop, [shop], {
    invite: [{ subject: { kind: 'User', name: 'bob' }, level: 'admin' }],
  });
  fixtures.revokeKubeconfigsOf('joe');
  const bobPage = await (await browser.newContext()).newPage();
  await ConsolePage.signIn(bobPage, 'bob', '/c/dev/projects');
  await bobPage.getByRole('link', { name: new RegExp(`^${shop}`) }).click();
  const project = new ProjectPage(bobPage);
  await project.expectLoaded(shop);

  const link = await project.invite(['joe'], 'developer');
  expect(link).toBe(`${baseURL}/kubeconfig?cluster=dev&project=${shop}`);
  await expect(project.row('User', 'joe')).toContainText('developer');
  await expect(project.row('User', 'joe')).toContainText('by bob');
  await bobPage.screenshot({
    path: test.info().outputPath('bob-project.png'),
    fullPage: true,
  });

  // joe opens the link he was sent: sign-in first, then his own file.
  const joePage = await (await browser.newContext()).newPage();
  await joePage.goto(link);
  await expect(joePage).toHaveURL(/\/sign-in\?returnTo=/);
  await new SignInPage(joePage).signInAs('joe');
  const download = new KubeconfigLinkPage(joePage);
  await download.expectLoaded(shop);
  await expect(download.commands()).toContainText(`kubectl get pods -n ${shop}`);
  await joePage.screenshot({
    path: test.info().outputPath('joe-kubeconfig-link.png'),
    fullPage: true,
  });
  const file = test.info().outputPath('joe.kubeconfig');
  expect(await download.download(file)).toBe(`dev-${shop}.kubeconfig`);

  const joeKubectl = kubectl(file);
  const pods = await joeKubectl('get', 'pods', '-n', shop);
  expect(pods.code, pods.stderr).toBe(0);
  const deliveries = await joeKubectl('get', 'pods', '-n', 'deliveries');
  expect(deliveries.code).not.toBe(0);
  expect(deliveries.stderr).toContain('Forbidden');
  const bind = await joeKubectl('auth', 'can-i', 'create', 'rolebindings', '-n', shop);
  expect(bind.stdout.trim()).toBe('no');
  const create = await joeKubectl(
    'create',
    'rolebinding',
    'joe-escalates',
    '--clusterrole=admin',
    '--user=joe',
    '-n',
    shop,
  );
  expect(create.stderr).toMatch(/forbidden/i);

  // In deliveries joe's access comes through group devel, which he may not extend: no file, and the page says why.
  await joePage.goto('/kubeconfig?cluster=dev&project=deliveries');
  await download.expectLoaded('deliveries');
  await joePage.getByRole('button', { name: 'Download kubeconfig' }).click();
  await expect(joePage.getByRole('alert').filter({ hasText: 'No file was issued' })).toContainText(
    'invite you by name',
  );

  const mine = new MyKubeconfigsPage(joePage);
  await mine.open();
  await expect(mine.rows()).toHaveCount(1);
  await expect(mine.rows().first()).toContainText(shop);
  await expect(mine.rows().first()).toContainText('active');
  await joePage.screenshot({
    path: test.info().outputPath('joe-my-kubeconfigs.png'),
    fullPage: true,
  });

  // bob removes joe: the very same file is refused at once, its identity gone with the membership.
  await project.remove('joe');
  await expect(bobPage.getByText('1 kubeconfig file revoked')).toBeVisible();
  const after = await joeKubectl('get', 'pods', '-n', shop);
  expect(after.code).not.toBe(0);
  expect(after.stderr).toMatch(/Unauthorized|must be logged in/);
});

test('bob cannot invite above his own level, nor change or remove himself', async ({ page }) => {
  await ConsolePage.signIn(page, 'bob', '/c/dev/projects/payments');
  const project = new ProjectPage(page);
  await project.expectLoaded('payments');

  const self = project.row('User', 'bob');
  await expect(self).toContainText('you');
  await expect(self.getByRole('button', { name: 'Remove bob' })).toHaveCount(0);
  await expect(self.getByRole('button', { name: 'Change level of bob' })).toHaveCount(0);
  await expect(self).toContainText('ask another admin');

  const refusal = await project.inviteWithClusterRole('carol', 'cluster-admin');
  await expect(refusal).toContainText('you cannot grant cluster-admin');
  await page.screenshot({
    path: test.info().outputPath('bob-invite-above-level.png'),
    fullPage: true,
  });
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(project.row('User', 'carol')).toHaveCount(0);
});

test('alice creates a project, changes a collaborator’s level, and deletes the project only once its name is typed', async ({
  page,
  fixtures,
}) => {
  const shop = fixtures.name('shop');
  const shopStaging = fixtures.name('shop-staging');
  const carol = fixtures.name('carol');
  fixtures.trackProject(shop, [shop, shopStaging]);
  await ConsolePage.signIn(page, 'alice', '/c/dev/projects');
  const projects = new ProjectsPage(page);
  await expect(projects.list()).toContainText('payments');
  await projects.create(shop, [shop, shopStaging]);
  const project = new ProjectPage(page);
  await project.expectLoaded(shop);
  await expect(project.row('User', 'alice')).toContainText('admin');
  await expect(page.locator('section').filter({ hasText: 'Namespaces (2)' })).toContainText(
    shopStaging,
  );

  await project.invite([carol], 'viewer');
  await project
    .row('User', carol)
    .getByRole('button', { name: `Change level of ${carol}` })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Access level' }).selectOption('developer');
  await dialog.getByRole('button', { name: 'Change level' }).click();
  await expect(project.row('User', carol)).toContainText('developer');
  await page.screenshot({ path: test.info().outputPath('alice-new-project.png'), fullPage: true });

  const confirm = await project.deleteProject(shop);
  await page.screenshot({
    path: test.info().outputPath('alice-delete-project.png'),
    fullPage: true,
  });
  await confirm.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
  await expect(projects.list()).not.toContainText(shop);
});
