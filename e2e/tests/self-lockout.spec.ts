import { expect, test } from '@playwright/test';
import { ConsolePage } from '../pages/ConsolePage.js';
import { BindingDetailPage } from '../pages/BindingPages.js';
import { KubeApi } from '../pages/KubeApi.js';

test('removing herself from a binding tells alice what she loses and needs her explicit consent', async ({ page, baseURL }) => {
  await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, baseURL ?? '');
  await api.post('/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'e2e-self', namespace: 'payments' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'zoe' },
    ],
  });
  await page.goto('/c/dev/ns/payments/rolebindings/e2e-self');
  const detail = new BindingDetailPage(page);
  await expect(detail.subjectsTab()).toHaveText('Subjects (2)');

  await page.getByRole('button', { name: 'Remove User alice' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('This takes away your own access');
  const confirm = dialog.getByRole('button', { name: 'Remove subject' });
  await expect(confirm).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('alice-self-lockout.png') });
  await dialog.getByRole('checkbox', { name: 'I understand that I will lose this access' }).check();
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(detail.subjectsTab()).toHaveText('Subjects (1)');
  await expect(detail.subjectRow('zoe')).toBeVisible();

  // Removing someone else asks for confirmation but carries no lockout warning.
  await page.getByRole('button', { name: 'Remove User zoe' }).click();
  await expect(dialog).not.toContainText('This takes away your own access');
  await expect(dialog.getByRole('button', { name: 'Remove subject' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
