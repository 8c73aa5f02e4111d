import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';

test.describe('navigation follows each person’s permissions', () => {
  test('alice, a cluster admin, sees every access-control page', async ({ page }) => {
    const console = await ConsolePage.signIn(page, 'alice');
    expect(await console.navLinkNames()).toEqual(
      expect.arrayContaining([
        'Overview',
        'ClusterRoles',
        'ClusterRoleBindings',
        'Roles',
        'RoleBindings',
      ]),
    );
    await page.screenshot({ path: test.info().outputPath('alice-overview.png') });
  });

  test('bob, admin of payments, sees only his namespaces and no ClusterRoles link', async ({
    page,
  }) => {
    const console = await ConsolePage.signIn(page, 'bob');
    const links = await console.navLinkNames();
    expect(links).toEqual(expect.arrayContaining(['Overview', 'Roles', 'RoleBindings']));
    expect(links).not.toContain('ClusterRoles');
    expect(links).not.toContain('ClusterRoleBindings');
    await expect(
      console.main.getByRole('region', { name: 'Project payments' }).getByRole('link'),
    ).toHaveText(['payments', 'payments-staging']);
    // bob is also in group devel, a developer (edit, no RBAC) in deliveries: there the RBAC pages go away.
    await console.chooseNamespace('deliveries');
    await expect(console.heading('Namespace deliveries')).toBeVisible();
    expect(await console.navLinkNames()).not.toContain('Roles');
    expect(await console.navLinkNames()).not.toContain('RoleBindings');
    await console.chooseNamespace('');

    await console.navLink('RoleBindings').click();
    await expect(page).toHaveURL(/\/c\/dev\/ns\/payments\/rolebindings$/);
    await expect(console.heading('RoleBindings')).toBeVisible();
    await expect(
      page
        .getByRole('table', { name: 'RoleBindings' })
        .getByRole('link', { name: 'gatehouse:payments:admin' }),
    ).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('bob-rolebindings.png') });
  });

  test('the namespace search lists your own namespaces first and finds the others by keyboard', async ({
    page,
  }) => {
    const console = await ConsolePage.signIn(page, 'alice');
    // alice's own RoleBinding is her group devel's in deliveries; every other namespace is searched for.
    await console.namespacePicker.click();
    const list = console.namespaceOptions;
    await expect(list.getByRole('group')).toHaveText([
      /All namespaces/,
      /^Project deliveries/,
      /^Other namespaces/,
    ]);
    await expect(list.getByRole('group', { name: 'Other namespaces' })).toContainText('payments');
    await page.screenshot({ path: test.info().outputPath('namespace-search-open.png') });

    await console.namespacePicker.fill('LAKE');
    await expect(list.getByRole('option')).toHaveText([/^data-lake/]);
    await console.namespacePicker.press('ArrowDown');
    await expect(console.namespaceOption('data-lake')).toHaveAttribute('aria-selected', 'true');
    await console.namespacePicker.press('Enter');
    await expect(page).toHaveURL(/\/c\/dev\/ns\/data-lake$/);
    await expect(console.heading('Namespace data-lake')).toBeVisible();
    await expect(console.namespacePicker).toHaveValue('data-lake');

    // Escape closes the list and puts the current namespace back.
    await console.namespacePicker.fill('pay');
    await expect(console.namespaceOption('payments')).toBeVisible();
    await console.namespacePicker.press('Escape');
    await expect(console.namespacePicker).toHaveAttribute('aria-expanded', 'false');
    await expect(console.namespacePicker).toHaveValue('data-lake');
    await expect(page).toHaveURL(/\/ns\/data-lake$/);

    // bob may not see data-lake: the search does not find it for him.
    await console.signOut();
    const bob = await ConsolePage.signIn(page, 'bob');
    await bob.namespacePicker.fill('lake');
    await expect(
      page.getByRole('paragraph').filter({ hasText: 'No namespace you may see matches' }),
    ).toBeVisible();
    await expect(bob.namespaceOptions.getByRole('option')).toHaveCount(0);
  });

  test('bob gets a clear no-access page when he opens ClusterRoles directly', async ({ page }) => {
    const console = await ConsolePage.signIn(page, 'bob', '/c/dev/clusterroles');
    await expect(console.heading('You don’t have access to ClusterRoles')).toBeVisible();
    await expect(console.main).toContainText('list clusterroles');
    await expect(console.main.getByRole('link', { name: 'Go to overview' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('bob-no-access.png') });
  });

  test('joe, a developer in deliveries, finds his namespace but no RBAC pages', async ({
    page,
  }) => {
    const console = await ConsolePage.signIn(page, 'joe');
    // A collaborator of a project: its pages and his own kubeconfigs, nothing of RBAC; in deliveries
    // on both clusters, so the Fleet group's Projects comes first.
    expect(await console.navLinkNames()).toEqual([
      'Overview',
      'Projects',
      'Projects',
      'My kubeconfigs',
    ]);
    await expect(
      console.main
        .getByRole('region', { name: 'Project deliveries' })
        .getByRole('link', { name: 'deliveries' }),
    ).toBeVisible();
    await console.chooseNamespace('deliveries');
    await expect(console.heading('Namespace deliveries')).toBeVisible();
    const mine = console.main.getByRole('table', { name: 'Your permissions in deliveries' });
    await expect(mine).toContainText('deployments');
    await expect(mine).not.toContainText('rolebindings');
    await page.screenshot({ path: test.info().outputPath('joe-overview.png'), fullPage: true });
  });

  test('bob switches to staging, where he is no admin, and the navigation follows that cluster', async ({
    page,
  }) => {
    const console = await ConsolePage.signIn(page, 'bob');
    expect(await console.navLinkNames()).toContain('RoleBindings');
    await console.chooseCluster('staging');
    // One sign-in, evaluated per cluster: on staging bob has no bindings, so no RBAC pages.
    expect(await console.navLinkNames()).not.toContain('RoleBindings');
    await expect(console.main.getByText('You have no access here yet')).toBeVisible();
    await console.chooseCluster('dev');
    expect(await console.navLinkNames()).toContain('RoleBindings');
  });

  test('carol, who has no access, is told so and can sign out', async ({ page }) => {
    const console = await ConsolePage.signIn(page, 'carol');
    expect(await console.navLinkNames()).toEqual(['Overview']);
    await expect(console.main.getByText('You have no access here yet')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('carol-overview.png') });
    await console.signOut();
    await page.goto('/c/dev/clusterroles');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});
