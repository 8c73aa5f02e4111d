import { expect, test } from '../pages/fixtures.js';
import { AuditPage } from '../pages/AuditPage.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { KubeApi } from '../pages/KubeApi.js';

const rbac = 'rbac.authorization.k8s.io/v1';
const roles = '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles';

test('alice finds her change to a Role in the audit log, with a diff of its rules', async ({
  page,
  baseURL,
}) => {
  const console = await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL!);
  await api.post(roles, {
    apiVersion: rbac,
    kind: 'Role',
    metadata: { name: 'e2e-audited', namespace: 'payments' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  });
  try {
    const current = await api.get<Record<string, unknown>>(`${roles}/e2e-audited`);
    await api.put(`${roles}/e2e-audited`, {
      ...current,
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    });

    await console.navLink('Audit log').click();
    const audit = new AuditPage(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    await audit.filterBy({ name: 'e2e-audited', kind: 'roles' });
    await expect(page).toHaveURL(/name=e2e-audited/);
    await expect(audit.rows()).toHaveCount(2);
    await expect(audit.row('update', 'roles', 'e2e-audited', 'alice')).toContainText('success 200');
    // The object links to its page.
    await expect(
      audit
        .row('update', 'roles', 'e2e-audited', 'alice')
        .getByRole('link', { name: 'Role payments/e2e-audited' }),
    ).toBeVisible();

    const diff = await audit.details('update', 'roles', 'e2e-audited');
    await expect(diff.locator('[data-diff="added"]')).toHaveText(['+       - list']);
    await expect(diff.locator('[data-diff="removed"]')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('alice-audit-diff.png'), fullPage: true });
  } finally {
    await api.delete(`${roles}/e2e-audited`);
  }
});

test('bob sees the changes in payments and none of the cluster-wide ones', async ({
  page,
  baseURL,
}) => {
  const alice = await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL!);
  await api.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    apiVersion: rbac,
    kind: 'ClusterRole',
    metadata: { name: 'e2e-audit-cluster-only' },
    rules: [],
  });
  await api.post(roles, {
    apiVersion: rbac,
    kind: 'Role',
    metadata: { name: 'e2e-audit-payments', namespace: 'payments' },
    rules: [],
  });
  try {
    await alice.signOut();
    const bob = await ConsolePage.signIn(page, 'bob');
    await bob.navLink('Audit log').click();
    const audit = new AuditPage(page);
    await audit.filterBy({ person: 'alice' });
    await expect(audit.row('create', 'roles', 'e2e-audit-payments', 'alice')).toBeVisible();
    await expect(
      audit.row('create', 'clusterroles', 'e2e-audit-cluster-only', 'alice'),
    ).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('bob-audit.png'), fullPage: true });
  } finally {
    // Cleaned up as alice again (bob may not delete either).
    await page.context().clearCookies();
    await ConsolePage.signIn(page, 'alice');
    const admin = await KubeApi.as(page, baseURL!);
    await admin.delete('/apis/rbac.authorization.k8s.io/v1/clusterroles/e2e-audit-cluster-only');
    await admin.delete(`${roles}/e2e-audit-payments`);
  }
});
