import { expect, test } from '../pages/fixtures.js';
import { AuditPage } from '../pages/AuditPage.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { KubeApi } from '../pages/KubeApi.js';

const rbac = 'rbac.authorization.k8s.io/v1';
const roles = '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles';

test('alice finds her change to a Role in the audit log, with a diff of its rules', async ({
  page,
  baseURL,
  fixtures,
}) => {
  // Made through the console as alice, so the audit log holds her changes; deleted at cleanup.
  const audited = fixtures.name('audited');
  fixtures.track({ kind: 'role', name: audited, namespace: 'payments' });
  const console = await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL!);
  await api.post(roles, {
    apiVersion: rbac,
    kind: 'Role',
    metadata: { name: audited, namespace: 'payments' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  });
  const current = await api.get<Record<string, unknown>>(`${roles}/${audited}`);
  await api.put(`${roles}/${audited}`, {
    ...current,
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
  });

  await console.navLink('Audit log').click();
  const audit = new AuditPage(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await audit.filterBy({ name: audited, kind: 'roles' });
  await expect(page).toHaveURL(new RegExp(`name=${audited}`));
  await expect(audit.rows()).toHaveCount(2);
  await expect(audit.row('update', 'roles', audited, 'alice')).toContainText('success 200');
  // The object links to its page.
  await expect(
    audit
      .row('update', 'roles', audited, 'alice')
      .getByRole('link', { name: `Role payments/${audited}` }),
  ).toBeVisible();

  const diff = await audit.details('update', 'roles', audited);
  await expect(diff.locator('[data-diff="added"]')).toHaveText(['+       - list']);
  await expect(diff.locator('[data-diff="removed"]')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('alice-audit-diff.png'), fullPage: true });
});

test('bob sees the changes in payments and none of the cluster-wide ones', async ({
  page,
  baseURL,
  fixtures,
}) => {
  const clusterOnly = fixtures.name('cluster-only');
  const inPayments = fixtures.name('payments');
  fixtures.track({ kind: 'clusterrole', name: clusterOnly });
  fixtures.track({ kind: 'role', name: inPayments, namespace: 'payments' });
  const alice = await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL!);
  await api.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    apiVersion: rbac,
    kind: 'ClusterRole',
    metadata: { name: clusterOnly },
    rules: [],
  });
  await api.post(roles, {
    apiVersion: rbac,
    kind: 'Role',
    metadata: { name: inPayments, namespace: 'payments' },
    rules: [],
  });
  await alice.signOut();
  const bob = await ConsolePage.signIn(page, 'bob');
  await bob.navLink('Audit log').click();
  const audit = new AuditPage(page);
  await audit.filterBy({ person: 'alice' });
  await expect(audit.row('create', 'roles', inPayments, 'alice')).toBeVisible();
  await expect(audit.row('create', 'clusterroles', clusterOnly, 'alice')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('bob-audit.png'), fullPage: true });
});
