import { expect, test } from '@playwright/test';
import { ConsolePage } from '../pages/ConsolePage.js';
import {
  ManagedObjects,
  PoliciesListPage,
  PolicyDetailPage,
  PolicyEditorPage,
  screenshotWhole,
} from '../pages/FleetPolicyPages.js';
import { devclusterKubectl } from '../pages/Kubectl.js';

// Issue 16's story over the embedded fleet (dev, the home cluster, and staging): a policy written in
// the browser, planned per cluster, applied as alice, drifted with kubectl, restored, and removed.
// Names are unique to the run; whatever a failed run leaves is removed after the spec.
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const sre = `e2e-sre-${run}`;
const bobPolicy = `e2e-bob-${run}`;
const bobGrant = `e2e-bob-policy-author-${run}`;
const rb = (n: number) => `gatehouse-policy:${sre}:${n}`;

test.afterAll(async () => {
  await ManagedObjects.remove(sre);
  await ManagedObjects.remove(bobPolicy);
  await devclusterKubectl('dev')('delete', 'clusterrolebinding', bobGrant, '--ignore-not-found');
});

test('the built-in policies are listed as read-only templates', async ({ page }) => {
  await ConsolePage.signIn(page, 'alice', '/fleet/policies');
  const list = new PoliciesListPage(page);
  await list.expectLoaded();
  for (const name of ['gatehouse-admin', 'gatehouse-developer', 'gatehouse-viewer'])
    await expect(list.row(name)).toContainText('Built-in');
  await screenshotWhole(page, test.info().outputPath('fleet-policies-list.png'));

  const viewer = await list.openPolicy('gatehouse-viewer');
  await expect(page.getByRole('note').filter({ hasText: 'read-only' })).toBeVisible();
  await expect(viewer.link('Edit')).toHaveCount(0);
  await expect(viewer.button('Delete policy')).toHaveCount(0);
  await expect(viewer.button(/Review plan|Re-apply/)).toHaveCount(0);
  // “Create from” starts a policy of one’s own with the template’s statements.
  await viewer.link('Create from').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create access policy' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('viewer-copy');
  await expect(page.getByRole('textbox', { name: 'Subject 1 name' })).toHaveValue('');
  await expect(page.getByRole('combobox', { name: 'Statement 1 ClusterRole' })).toHaveValue('view');

  // Typing the edit address gives no form either.
  await page.goto('/fleet/policies/gatehouse-viewer/edit');
  await expect(
    page.getByRole('note').filter({ hasText: 'Built-in policies cannot be changed' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
});

test.describe('alice’s sre policy', () => {
  test.describe.configure({ mode: 'serial' });

  test('alice writes it, reads the plan per cluster, applies it and sees it applied on each', async ({
    page,
  }) => {
    await ConsolePage.signIn(page, 'alice', '/fleet/policies');
    const list = new PoliciesListPage(page);
    await list.expectLoaded();
    const editor = await list.create();
    await editor.setName(sre);
    await editor.setDescription('SRE on-call');
    await editor.setSubject(1, 'Group', 'sre');
    await editor.setStatement(1, 'view', { clusters: 'every', namespaces: ['kube-system'] });
    await editor.addStatement();
    await editor.setStatement(2, 'edit', { clusters: ['staging'], namespaces: ['payments'] });
    await expect(editor.whereItApplies('dev')).toHaveText(
      'dev: ClusterRole view in namespace kube-system',
    );
    await expect(editor.whereItApplies('staging')).toHaveText(
      'staging: ClusterRole view in namespace kube-system; ClusterRole edit in namespace payments',
    );
    const preview = await editor.previewPlan();
    await expect(preview.getByTestId('plan-headline')).toHaveText('3 to create on 2 clusters');
    await screenshotWhole(page, test.info().outputPath('fleet-policies-editor.png'));

    const detail = await editor.createPolicy(sre);
    await expect(detail.planHeadline()).toHaveText('3 to create on 2 clusters');
    await expect(detail.changes('dev')).toHaveText([`CreateRoleBinding kube-system/${rb(0)}`]);
    await expect(detail.changes('staging')).toHaveText([
      `CreateRoleBinding kube-system/${rb(0)}`,
      `CreateRoleBinding payments/${rb(1)}`,
    ]);
    await screenshotWhole(page, test.info().outputPath('fleet-policies-plan.png'));

    await detail.apply();
    await expect(page.getByRole('region', { name: 'Apply result' })).toContainText(
      'Applied on dev, staging',
    );
    await expect(detail.result('dev')).toContainText('Applied');
    await expect(detail.result('staging')).toContainText(`create RoleBinding payments/${rb(1)}`);
    await screenshotWhole(page, test.info().outputPath('fleet-policies-applied.png'));
    await detail.button('Close').click();
    for (const cluster of ['dev', 'staging'] as const) {
      await expect(detail.status(cluster)).toContainText('Applied');
      await expect(detail.status(cluster)).toContainText('alice');
    }

    expect(await ManagedObjects.list('dev', sre)).toEqual([`RoleBinding kube-system/${rb(0)}`]);
    expect(await ManagedObjects.list('staging', sre)).toEqual([
      `RoleBinding kube-system/${rb(0)}`,
      `RoleBinding payments/${rb(1)}`,
    ]);
    await list.open();
    await expect(list.cell(sre, 'dev')).toHaveText('Applied');
    await expect(list.cell(sre, 'staging')).toHaveText('Applied');
  });

  test('a managed RoleBinding edited with kubectl shows as drift with its diff; re-applying restores it', async ({
    page,
  }) => {
    const patched = await devclusterKubectl('dev')(
      'patch',
      'rolebinding',
      rb(0),
      '-n',
      'kube-system',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/subjects/0/name","value":"sre-interns"}]',
    );
    expect(patched.code, patched.stderr).toBe(0);

    await ConsolePage.signIn(page, 'alice', `/fleet/policies/${sre}`);
    const detail = new PolicyDetailPage(page);
    await detail.expectLoaded(sre);
    await expect(detail.status('dev')).toContainText('Drifted');
    await expect(detail.status('staging')).toContainText('Applied');
    const diff = detail.driftDiff('dev', `RoleBinding kube-system/${rb(0)}`);
    await expect(diff).toContainText('name: sre-interns');
    await expect(diff).toContainText('name: sre');
    await screenshotWhole(page, test.info().outputPath('fleet-policies-drift.png'));

    await detail.button('Re-apply').click();
    // The update carries its diff: what kubectl changed, put back.
    await expect(detail.changes('dev')).toHaveText([
      new RegExp(`^UpdateRoleBinding kube-system/${rb(0)}.*name: sre-interns.*name: sre$`),
    ]);
    await expect(detail.clusterPlan('staging')).toContainText('Up to date');
    await detail.apply();
    await expect(detail.result('dev')).toContainText('Applied');
    await expect(detail.result('staging')).toContainText('Unchanged');
    await detail.button('Close').click();
    await expect(detail.status('dev')).toContainText('Applied');
    await expect(detail.drift('dev')).toHaveCount(0);

    const subject = await devclusterKubectl('dev')(
      'get',
      'rolebinding',
      rb(0),
      '-n',
      'kube-system',
      '-o',
      'jsonpath={.subjects[0].name}',
    );
    expect(subject.stdout).toBe('sre');
  });

  test('alice edits it: saving changes no cluster until the new generation’s plan is applied', async ({
    page,
  }) => {
    await ConsolePage.signIn(page, 'alice', `/fleet/policies/${sre}`);
    const detail = new PolicyDetailPage(page);
    await detail.expectLoaded(sre);
    await detail.link('Edit').click();
    await expect(page.getByRole('heading', { level: 1, name: `Edit ${sre}` })).toBeVisible();
    const editor = new PolicyEditorPage(page);
    await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(sre);
    await editor.setStatement(2, 'edit', {
      clusters: ['staging'],
      namespaces: ['payments', 'checkout'],
    });
    const saved = await editor.saveChanges(sre);
    await expect(page.getByText('generation 2', { exact: true })).toBeVisible();
    // Every object is annotated with the generation it came from, and checkout is new on staging.
    await expect(saved.planHeadline()).toHaveText('1 to create, 3 to update on 2 clusters');
    await expect(saved.changes('staging')).toHaveText([
      `CreateRoleBinding checkout/${rb(1)}`,
      new RegExp(`^UpdateRoleBinding kube-system/${rb(0)}`),
      new RegExp(`^UpdateRoleBinding payments/${rb(1)}`),
    ]);
    expect(await ManagedObjects.list('staging', sre)).toHaveLength(2);
    await saved.apply();
    await expect(saved.result('staging')).toContainText('Applied');
    expect(await ManagedObjects.list('staging', sre)).toEqual([
      `RoleBinding checkout/${rb(1)}`,
      `RoleBinding kube-system/${rb(0)}`,
      `RoleBinding payments/${rb(1)}`,
    ]);
  });

  test('alice deletes it after its removal plan, and its objects are gone from both clusters', async ({
    page,
  }) => {
    await ConsolePage.signIn(page, 'alice', `/fleet/policies/${sre}`);
    const detail = new PolicyDetailPage(page);
    await detail.expectLoaded(sre);
    await detail.button('Delete policy').click();
    const removal = detail.plan('Removal plan');
    await expect(detail.planHeadline()).toHaveText('4 to delete on 2 clusters');
    await expect(detail.changes('dev')).toHaveText([`DeleteRoleBinding kube-system/${rb(0)}`]);
    await expect(detail.changes('staging')).toHaveText([
      `DeleteRoleBinding checkout/${rb(1)}`,
      `DeleteRoleBinding kube-system/${rb(0)}`,
      `DeleteRoleBinding payments/${rb(1)}`,
    ]);
    await screenshotWhole(page, test.info().outputPath('fleet-policies-removal.png'));
    await removal.getByRole('button', { name: 'Delete policy and remove 4 objects' }).click();
    await expect(new ConsolePage(page).toast(`AccessPolicy ${sre} deleted`)).toBeVisible();
    const list = new PoliciesListPage(page);
    await list.expectLoaded();
    await expect(list.row(sre)).toHaveCount(0);

    expect(await ManagedObjects.list('dev', sre)).toEqual([]);
    expect(await ManagedObjects.list('staging', sre)).toEqual([]);
    const gone = await devclusterKubectl('dev')('get', 'accesspolicies.gatehouse.dev', sre);
    expect(gone.stderr).toContain('NotFound');
  });
});

test('bob, admin of payments on dev only, is refused on staging with the API server’s reason', async ({
  page,
}) => {
  // He may write policies on the home cluster; on staging he holds nothing.
  const granted = await devclusterKubectl('dev')(
    'create',
    'clusterrolebinding',
    bobGrant,
    '--clusterrole=gatehouse:policy-author',
    '--user=bob',
  );
  expect(granted.code, granted.stderr).toBe(0);
  await ConsolePage.signIn(page, 'bob', '/fleet/policies');
  const list = new PoliciesListPage(page);
  await list.expectLoaded();
  const editor = await list.create();
  await editor.setName(bobPolicy);
  await editor.setSubject(1, 'User', 'carol');
  await editor.setStatement(1, 'view', { clusters: 'every', namespaces: ['payments'] });
  const detail = await editor.createPolicy(bobPolicy);

  await expect(detail.changes('dev')).toHaveText([
    `CreateRoleBinding payments/gatehouse-policy:${bobPolicy}:0`,
  ]);
  await expect(detail.planHeadline()).toHaveText(
    '1 to create on 1 cluster; staging could not be planned',
  );
  // bob cannot read ClusterRole view on dev: the impact says it found none, not that there is none.
  await expect(detail.clusterPlan('dev')).toContainText('Impact: none found in what you may read');
  await expect(detail.clusterPlan('staging')).toContainText('No access');
  await expect(detail.clusterPlan('staging')).toContainText(/User "bob" cannot/);
  await detail.apply();
  await expect(detail.result('dev')).toContainText('Applied');
  await expect(detail.result('staging')).toContainText('Skipped');
  await expect(detail.result('staging')).toContainText(/User "bob" cannot/);
  await screenshotWhole(page, test.info().outputPath('fleet-policies-bob.png'));

  expect(await ManagedObjects.list('staging', bobPolicy)).toEqual([]);
  expect(await ManagedObjects.list('dev', bobPolicy)).toEqual([
    `RoleBinding payments/gatehouse-policy:${bobPolicy}:0`,
  ]);
});
