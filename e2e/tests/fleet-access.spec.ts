import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { CopyBindingDialog, FleetAccessPage } from '../pages/FleetAccessPage.js';

const RBAC = 'rbac.authorization.k8s.io';

test('alice asks who can read secrets across dev and staging, compares bob, and copies a binding to staging', async ({
  page,
  fixtures,
}) => {
  // The binding to copy lives in a namespace of this test's own, made on both clusters; the copy
  // on staging is tracked too, so both go at cleanup.
  const ns = await fixtures.namespace('ns');
  await fixtures.namespace('ns', { cluster: 'staging' });
  const binding = fixtures.name('viewers');
  await fixtures.create({
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: binding, namespace: ns },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: 'carol' }],
  });
  fixtures.track({ cluster: 'staging', kind: 'rolebinding', name: binding, namespace: ns });
  const staging = fixtures.kubectl('staging');
  const console = await ConsolePage.signIn(page, 'alice');
  await console.navLink('Access').click();
  await expect(console.heading('Fleet access')).toBeVisible();
  const fleet = new FleetAccessPage(page);

  // Who can get secrets in payments: a column per cluster.
  const whoCan = fleet.form('Who can, across clusters');
  await whoCan.resource({ verb: 'get', resource: 'secrets', namespace: 'payments' });
  await whoCan.submit('Find subjects');
  await expect(fleet.column('dev')).toContainText('RoleBinding payments/gatehouse:payments:admin');
  await expect(fleet.column('dev')).toContainText('bob');
  await expect(fleet.column('staging')).toContainText('alice-cluster-admin');
  await expect(fleet.column('staging')).not.toContainText('bob');
  await page.screenshot({ path: test.info().outputPath('fleet-who-can.png'), fullPage: true });

  // bob compared between dev and staging: payments access only on dev.
  await fleet.tab('Compare clusters').click();
  const compare = fleet.form('Compare a subject between two clusters');
  await compare.subject('User', 'bob');
  await fleet.compareClusters('dev', 'staging');
  await compare.submit('Compare');
  await expect(fleet.compared('Only on dev')).toContainText('secrets');
  await expect(fleet.compared('Only on dev')).toContainText('gatehouse:payments:admin');
  await expect(fleet.compared('Only on staging')).not.toContainText('payments');
  await expect(fleet.column('staging')).toContainText('system:basic-user');
  await expect(fleet.column('staging')).not.toContainText('payments');
  await page.screenshot({ path: test.info().outputPath('fleet-compare.png'), fullPage: true });

  // Copy a RoleBinding from dev to staging through the plan.
  await page.goto(`/c/dev/ns/${ns}/rolebindings/${binding}`);
  await expect(page.getByRole('heading', { level: 1, name: binding, exact: true })).toBeVisible();
  const copy = new CopyBindingDialog(page);
  await copy.open();
  await expect(copy.target('staging')).toBeChecked();
  await copy.button('Show plan').click();
  await expect(copy.plan('staging')).toContainText('Create');
  await expect(copy.plan('staging')).toContainText('User carol gains');
  await page.screenshot({ path: test.info().outputPath('fleet-copy-plan.png'), fullPage: true });
  await copy.button('Apply').click();
  await expect(copy.result('staging')).toContainText('applied');
  await expect(copy.result('staging')).toContainText('created');

  const got = await staging(
    'get',
    'rolebinding',
    binding,
    '-n',
    ns,
    '-o',
    'jsonpath={.roleRef.name} {.subjects[*].name}',
  );
  expect(got.code, got.stderr).toBe(0);
  expect(got.stdout).toBe('view carol');
  const can = await staging('auth', 'can-i', 'get', 'pods', '-n', ns, '--as', 'carol');
  expect(can.stdout.trim()).toBe('yes');
});
