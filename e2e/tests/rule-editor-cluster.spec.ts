import { expect, test, type OwnedObjects } from '../pages/fixtures.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConsolePage } from '../pages/ConsolePage.js';
import { ImportPage } from '../pages/ImportPage.js';
import { kubectl } from '../pages/Kubectl.js';
import { RoleDetailPage, RoleEditorPage } from '../pages/RolePages.js';

// The cluster admin's kubeconfig the embedded devcluster writes into the e2e data directory.
const admin = kubectl(
  join(process.env.GATEHOUSE_E2E_DATA_DIR ?? '', 'devcluster', 'kubeconfig', 'admin.yaml'),
);

/** This test's own names for every object it may make, tracked so they go after it, pass or fail. */
function own(fixtures: OwnedObjects) {
  const id = fixtures.name('rules');
  const names = {
    id,
    base: `${id}-base`,
    aggregated: `${id}-agg`,
    source: `${id}-source`,
    editable: `${id}-editable`,
    binding: `${id}-crb`,
    imported: `${id}-imported`,
    existing: `${id}-existing`,
    importedBinding: `${id}-rb`,
  };
  for (const name of [
    names.base,
    names.aggregated,
    names.source,
    names.editable,
    names.imported,
    names.existing,
  ])
    fixtures.track({ kind: 'clusterrole', name });
  fixtures.track({ kind: 'clusterrolebinding', name: names.binding });
  fixtures.track({ kind: 'rolebinding', name: names.importedBinding, namespace: 'payments' });
  return names;
}

async function getJson<T>(...args: string[]): Promise<T> {
  const r = await admin('get', ...args, '-o', 'json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

test('typos in groups and resources are flagged with served names, and verbs follow discovery', async ({
  page,
  fixtures,
}) => {
  const { base } = own(fixtures);
  await ConsolePage.signIn(page, 'alice', '/c/dev/new/clusterroles');
  const editor = new RoleEditorPage(page);
  await editor.setName(base);
  await editor.addRule();
  await page.getByRole('button', { name: 'Remove Rule 1 API groups core ("")' }).click();
  await editor.addTokens(1, 'API groups', 'ap');
  await editor.addTokens(1, 'Resources', 'dep');
  const warnings = page.getByRole('list', { name: 'Rule 1 names the cluster does not serve' });
  await expect(warnings).toContainText('API group ap is not served by this cluster.');
  await page.screenshot({ path: test.info().outputPath('typo-flagged.png'), fullPage: true });
  await warnings.getByRole('button', { name: 'Rule 1: use API group apps instead of ap' }).click();
  await expect(warnings).toContainText('dep is not served by apps.');
  await warnings
    .getByRole('button', { name: 'Rule 1: use resource deployments instead of dep' })
    .click();
  await expect(warnings).toHaveCount(0);

  // deployments/scale: discovery lists get, patch and update, so create and delete are not offered.
  await page.getByRole('button', { name: 'Remove Rule 1 Resources deployments' }).click();
  await editor.addTokens(1, 'Resources', 'deployments/scale');
  await expect(editor.verb(1, 'patch')).toBeVisible();
  await expect(editor.verb(1, 'create')).toHaveCount(0);
  await expect(editor.verb(1, 'delete')).toHaveCount(0);
  // Verbs already ticked stay visible, marked as not listed.
  await expect(page.getByRole('group', { name: 'Rule 1 verbs' })).toContainText(
    'watch(not listed by discovery)',
  );
  // Unticked, a verb discovery does not list is no longer offered.
  await editor.verb(1, 'watch').click();
  await expect(editor.verb(1, 'watch')).toHaveCount(0);
  await editor.verb(1, 'list').click();
  await expect(editor.verb(1, 'list')).toHaveCount(0);
  await editor.verb(1, 'patch').check();

  // Pod subresources are offered, and pods/log gets only get.
  await editor.addRule();
  await expect(page.locator('datalist option[value="pods/exec"]')).toHaveCount(1);
  await editor.addTokens(2, 'Resources', 'pods/log');
  await expect(editor.verb(2, 'get')).toBeVisible();
  await expect(editor.verb(2, 'create')).toHaveCount(0);
  await expect(editor.verb(2, 'deletecollection')).toHaveCount(0);
});

test('labels and annotations are edited in the form, and an unserved resource does not block saving', async ({
  page,
  fixtures,
}) => {
  const { id, base } = own(fixtures);
  await ConsolePage.signIn(page, 'alice', '/c/dev/new/clusterroles');
  const editor = new RoleEditorPage(page);
  await editor.setName(base);
  await editor.addRule();
  await editor.addTokens(1, 'Resources', 'pods/log', 'gizmos');
  // A warning, not a block: RBAC may name a resource before it is served.
  await expect(
    page.getByRole('list', { name: 'Rule 1 names the cluster does not serve' }),
  ).toContainText('gizmos is not served by core ("").');

  // Labels and annotations in the form.
  await page.getByRole('button', { name: 'Add Label' }).click();
  await page.getByRole('textbox', { name: 'Label 1 key' }).fill(`${id}/aggregate`);
  await page.getByRole('textbox', { name: 'Label 1 value' }).fill('true');
  await page.getByRole('button', { name: 'Add Annotation' }).click();
  await page.getByRole('textbox', { name: 'Annotation 1 key' }).fill('example.com/owner');
  await page.getByRole('textbox', { name: 'Annotation 1 value' }).fill('platform team');
  await page.screenshot({ path: test.info().outputPath('verbs-and-labels.png'), fullPage: true });
  await editor.submit();
  await new RoleDetailPage(page).expectLoaded(base);

  const role = await getJson<{
    metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
    rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  }>('clusterrole', base);
  expect(role.metadata.labels).toEqual({ [`${id}/aggregate`]: 'true' });
  expect(role.metadata.annotations).toEqual({ 'example.com/owner': 'platform team' });
  expect(role.rules).toEqual([
    { apiGroups: [''], resources: ['pods/log', 'gizmos'], verbs: ['get', 'list', 'watch'] },
  ]);
});

test('an aggregationRule edited in the form selects ClusterRoles by label', async ({
  page,
  fixtures,
}) => {
  const { id, source, aggregated } = own(fixtures);
  // Its own labelled ClusterRole for the selector to find.
  expect(
    (await admin('create', 'clusterrole', source, '--verb=get', '--resource=configmaps')).code,
  ).toBe(0);
  expect((await admin('label', 'clusterrole', source, `${id}/aggregate=true`)).code).toBe(0);

  await ConsolePage.signIn(page, 'alice', '/c/dev/new/clusterroles');
  const editor = new RoleEditorPage(page);
  await editor.setName(aggregated);
  await page
    .getByRole('checkbox', { name: 'Aggregate the rules of ClusterRoles matching label selectors' })
    .check();
  await page.getByRole('button', { name: 'Add Selector 1 label' }).click();
  await page.getByRole('textbox', { name: 'Selector 1 label 1 key' }).fill(`${id}/aggregate`);
  await page.getByRole('textbox', { name: 'Selector 1 label 1 value' }).fill('true');
  await page.getByRole('button', { name: 'Add selector', exact: true }).click();
  await page.getByRole('button', { name: 'Add expression to Selector 2' }).click();
  await page.getByRole('textbox', { name: 'Selector 2 expression 1 key' }).fill(`${id}/tier`);
  await page.getByRole('combobox', { name: 'Selector 2 expression 1 operator' }).selectOption('In');
  const values = page.getByLabel('Selector 2 expression 1 Values', { exact: true });
  await values.fill('gold');
  await values.press('Enter');
  await page.screenshot({ path: test.info().outputPath('aggregation-form.png'), fullPage: true });
  await editor.submit();
  await new RoleDetailPage(page).expectLoaded(aggregated);

  const role = await getJson<{ aggregationRule: unknown }>('clusterrole', aggregated);
  expect(role.aggregationRule).toMatchObject({
    clusterRoleSelectors: [
      { matchLabels: { [`${id}/aggregate`]: 'true' } },
      { matchExpressions: [{ key: `${id}/tier`, operator: 'In', values: ['gold'] }] },
    ],
  });
  // The aggregation controller filled the rules from the labelled roles (this spec's own source).
  await expect
    .poll(async () =>
      (
        await getJson<{ rules?: Array<{ resources?: string[] }> }>('clusterrole', aggregated)
      ).rules?.flatMap((r) => r.resources ?? []),
    )
    .toContain('configmaps');
});

test('an aggregated ClusterRole stays editable for its selectors', async ({ page, fixtures }) => {
  const { id, editable } = own(fixtures);
  const yaml = [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    `metadata: { name: ${editable} }`,
    'aggregationRule:',
    '  clusterRoleSelectors:',
    `    - matchLabels: { ${id}/aggregate: "true" }`,
    `    - matchLabels: { ${id}/other: "true" }`,
    'rules: []',
  ].join('\n');
  const file = test.info().outputPath('aggregated.yaml');
  await writeFile(file, yaml);
  const made = await admin('create', '-f', file);
  expect(made.code, made.stderr).toBe(0);

  await ConsolePage.signIn(page, 'alice', `/c/dev/clusterroles/${editable}/edit`);
  const editor = new RoleEditorPage(page);
  await expect(page.getByRole('textbox', { name: 'Selector 2 label 1 key' })).toHaveValue(
    `${id}/other`,
  );
  await page.getByRole('button', { name: 'Remove Selector 2', exact: true }).click();
  await editor.submit();
  await new RoleDetailPage(page).expectLoaded(editable);
  expect(
    (
      await getJson<{ aggregationRule: { clusterRoleSelectors: unknown[] } }>(
        'clusterrole',
        editable,
      )
    ).aggregationRule.clusterRoleSelectors,
  ).toEqual([{ matchLabels: { [`${id}/aggregate`]: 'true' } }]);
});

test('a ClusterRoleBinding is created from its YAML tab', async ({ page, fixtures }) => {
  const { id, binding } = own(fixtures);
  await ConsolePage.signIn(page, 'alice', '/c/dev/new/clusterrolebindings');
  const editor = new RoleEditorPage(page);
  await editor.openTab('YAML');
  await editor.replaceYaml(
    [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRoleBinding',
      'metadata:',
      `  name: ${binding}`,
      '  labels:',
      `    ${id}/via: yaml-tab`,
      'roleRef:',
      '  apiGroup: rbac.authorization.k8s.io',
      '  kind: ClusterRole',
      '  name: view',
      'subjects:',
      '  - kind: User',
      '    apiGroup: rbac.authorization.k8s.io',
      `    name: ${id}-user`,
      '',
    ].join('\n'),
  );
  await expect(page.getByText('Valid ClusterRoleBinding.')).toBeVisible();
  await editor.openTab('Form');
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(binding);
  await page.screenshot({ path: test.info().outputPath('binding-yaml-tab.png'), fullPage: true });
  await editor.submitButton(/^Create ClusterRoleBinding$/).click();
  await expect(page.getByRole('heading', { level: 1, name: binding })).toBeVisible();

  const crb = await getJson<{
    metadata: { labels?: Record<string, string> };
    roleRef: { name: string };
    subjects: Array<{ kind: string; name: string }>;
  }>('clusterrolebinding', binding);
  expect(crb.metadata.labels).toEqual({ [`${id}/via`]: 'yaml-tab' });
  expect(crb.roleRef.name).toBe('view');
  expect(crb.subjects).toEqual([
    { kind: 'User', name: `${id}-user`, apiGroup: 'rbac.authorization.k8s.io' },
  ]);
});

test('a multi-document stream is checked by a dry run with a diff per object, then applied', async ({
  page,
  fixtures,
}) => {
  const { id, existing, imported, importedBinding } = own(fixtures);
  expect(
    (await admin('create', 'clusterrole', existing, '--verb=get', '--resource=secrets')).code,
  ).toBe(0);
  await ConsolePage.signIn(page, 'alice', '/c/dev');
  const importer = new ImportPage(page);
  await importer.open();

  const clusterRole = [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    `  name: ${imported}`,
    'rules:',
    '  - apiGroups: [""]',
    '    resources: [configmaps]',
    '    verbs: [get, list]',
  ].join('\n');
  const changed = [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    `  name: ${existing}`,
    'rules:',
    '  - apiGroups: [""]',
    '    resources: [secrets]',
    '    verbs: [get, list]',
  ].join('\n');
  const roleBinding = [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: RoleBinding',
    'metadata:',
    `  name: ${importedBinding}`,
    '  namespace: payments',
    'roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }',
    `subjects: [{ kind: User, name: ${id}-user, apiGroup: rbac.authorization.k8s.io }]`,
  ].join('\n');

  // An invalid document stops everything, named, before any request.
  await importer.paste(
    [clusterRole, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: nope }', roleBinding].join(
      '\n---\n',
    ),
  );
  await importer.dryRun();
  await expect(importer.errors).toContainText(
    'Document 2 (ConfigMap nope): kind ConfigMap is not an RBAC kind',
  );
  expect((await admin('get', 'clusterrole', imported)).code).not.toBe(0);

  await importer.paste([clusterRole, changed, roleBinding].join('\n---\n'));
  await importer.dryRun();
  await expect(importer.object(`ClusterRole ${imported}`)).toContainText('Will create');
  await expect(importer.object(`ClusterRole ${existing}`)).toContainText('Will update');
  await expect(importer.object(`RoleBinding payments/${importedBinding}`)).toContainText(
    'Will create',
  );
  const diff = importer.diff(`ClusterRole ${existing}`);
  await expect(diff.locator('[data-diff="added"]')).toHaveText(['+       - list']);
  await expect(diff.locator('[data-diff="removed"]')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('import-dry-run.png'), fullPage: true });
  // The dry run changed nothing.
  expect((await admin('get', 'clusterrole', imported)).code).not.toBe(0);
  expect(
    (await getJson<{ rules: Array<{ verbs: string[] }> }>('clusterrole', existing)).rules[0]?.verbs,
  ).toEqual(['get']);

  await importer.applyButton().click();
  await expect(page.getByRole('list', { name: 'Import results' })).toBeVisible();
  await expect(importer.object(`ClusterRole ${imported}`)).toContainText('Created');
  await expect(importer.object(`ClusterRole ${existing}`)).toContainText('Updated');
  await expect(importer.object(`RoleBinding payments/${importedBinding}`)).toContainText('Created');
  await page.screenshot({ path: test.info().outputPath('import-applied.png'), fullPage: true });

  expect(
    (await getJson<{ rules: Array<{ verbs: string[] }> }>('clusterrole', existing)).rules[0]?.verbs,
  ).toEqual(['get', 'list']);
  expect(
    (await getJson<{ rules: Array<{ resources: string[] }> }>('clusterrole', imported)).rules[0]
      ?.resources,
  ).toEqual(['configmaps']);
  const rb = await getJson<{ roleRef: { name: string } }>(
    'rolebinding',
    importedBinding,
    '-n',
    'payments',
  );
  expect(rb.roleRef.name).toBe('view');
});
