import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { RoleDetailPage, RoleEditorPage, RoleListPage } from '../pages/RolePages.js';

test('alice creates, edits, clones and deletes a ClusterRole', async ({ page, fixtures }) => {
  const name = fixtures.name('config-reader');
  fixtures.track({ kind: 'clusterrole', name });
  fixtures.track({ kind: 'clusterrole', name: `${name}-copy` });
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('ClusterRoles').click();
  const list = new RoleListPage(page, 'ClusterRoles');
  await expect(list.row('admin')).toContainText('Built-in');
  await expect(list.row('admin')).toContainText('Aggregated');
  await page.screenshot({ path: test.info().outputPath('alice-clusterroles.png') });

  // Create through the form: a new rule starts as core group with get, list, watch.
  const editor = await list.create('ClusterRole');
  await editor.setName(name);
  await editor.addRule();
  await editor.addTokens(1, 'Resources', 'configmaps');
  await editor.openTab('YAML');
  await expect(editor.yamlEditor()).toContainText('configmaps');
  await editor.openTab('Form');
  await page.screenshot({
    path: test.info().outputPath('alice-create-clusterrole.png'),
    fullPage: true,
  });
  await editor.submit();

  const detail = new RoleDetailPage(page);
  await detail.expectLoaded(name);
  await expect(console.toast(`ClusterRole ${name} created`)).toBeVisible();
  await expect(detail.rulesTable()).toContainText('configmaps');
  await expect(detail.rulesTable()).not.toContainText('create');

  // Edit: the form and the YAML stay in sync, and the saved role has the new verb.
  const edit = await detail.edit();
  await edit.verb(1, 'create').check();
  await edit.openTab('YAML');
  await expect(edit.yamlEditor()).toContainText('- create');
  await edit.submit();
  await detail.expectLoaded(name);
  await expect(detail.rulesTable()).toContainText('create');

  // Clone keeps the rules under a new name.
  const clone = await detail.clone();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(
    `${name}-copy`,
  );
  await clone.submit();
  await detail.expectLoaded(`${name}-copy`);
  await expect(detail.rulesTable()).toContainText('configmaps');

  // Delete both, each after confirmation.
  await detail.delete('ClusterRole');
  await expect(page).toHaveURL(/\/c\/dev\/clusterroles$/);
  await list.search(name);
  await expect(list.row(name)).toHaveCount(1);
  await expect(list.row(`${name}-copy`)).toHaveCount(0);
  await list.row(name).getByRole('link', { name, exact: true }).click();
  await detail.delete('ClusterRole');
  await list.search(name);
  await expect(list.table.getByRole('link', { name: new RegExp(name) })).toHaveCount(0);
});

test('built-in ClusterRoles are read-only and say why', async ({ page }) => {
  await ConsolePage.signIn(page, 'alice', '/c/dev/clusterroles/admin');
  const detail = new RoleDetailPage(page);
  await detail.expectLoaded('admin');
  await expect(page.getByRole('note').filter({ hasText: 'Read-only' })).toContainText('built-in');
  await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Aggregated from' }).click();
  await expect(
    page.getByRole('region', {
      name: 'Rules from system:aggregate-to-admin',
      exact: true,
    }),
  ).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('alice-admin-aggregation.png') });

  // Who holds cluster-admin: the bootstrap binding to system:masters, and alice's own.
  await page.goto('/c/dev/clusterroles/cluster-admin');
  await page.getByRole('tab', { name: 'Bindings' }).click();
  const bound = page.getByRole('table', { name: 'Bindings to this role' });
  await expect(bound).toContainText('system:masters');
  await expect(bound).toContainText('alice');
});

test('the ClusterRoles list filters by label and by kind of role', async ({ page }) => {
  await ConsolePage.signIn(page, 'alice', '/c/dev/clusterroles');
  const list = new RoleListPage(page, 'ClusterRoles');
  await expect(list.row('admin')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Label filter' }).fill('!kubernetes.io/bootstrapping');
  await expect(list.row('admin')).toHaveCount(0);
  await expect(list.row('gatehouse:monitoring')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Label filter' }).fill('');
  await page.getByRole('combobox', { name: 'Show' }).selectOption('aggregated');
  await expect(list.row('edit')).toBeVisible();
  await expect(list.row('cluster-admin')).toHaveCount(0);
});

test('YAML typed into the editor is validated like the API server would and fills the form', async ({
  page,
  fixtures,
}) => {
  const name = fixtures.name('from-yaml');
  fixtures.track({ kind: 'clusterrole', name });
  await ConsolePage.signIn(page, 'alice', '/c/dev/new/clusterroles');
  const editor = new RoleEditorPage(page);
  await editor.openTab('YAML');
  await editor.replaceYaml(
    [
      'metadata:',
      `  name: ${name}`,
      'rules:',
      '  - apiGroups: [""]',
      '    resources: [secrets]',
      '    verbs: []',
      '',
    ].join('\n'),
  );
  const problems = page.getByRole('alert').filter({ hasText: 'Not yet a valid ClusterRole' });
  await expect(problems).toContainText('Rule 1 › Verbs');
  await editor.replaceYaml(
    [
      'metadata:',
      `  name: ${name}`,
      'rules:',
      '  - apiGroups: [""]',
      '    resources: [secrets]',
      '    verbs: [get]',
      '',
    ].join('\n'),
  );
  await expect(page.getByText('Valid ClusterRole.')).toBeVisible();
  await editor.openTab('Form');
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(name);
  await expect(page.getByRole('button', { name: 'Remove Rule 1 Resources secrets' })).toBeVisible();
  await expect(editor.verb(1, 'get')).toBeChecked();
  await editor.submit();
  await new RoleDetailPage(page).expectLoaded(name);
});
