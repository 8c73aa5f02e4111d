import { expect, test } from '../pages/fixtures.js';
import { join } from 'node:path';
import { ConsolePage } from '../pages/ConsolePage.js';
import { kubectl } from '../pages/Kubectl.js';
import {
  AccessCheckPage,
  SubjectAccessPage,
  WhoCanPage,
  scopeNotice,
} from '../pages/AccessPages.js';

// Own fixtures, unique per run: in payments (bob's) a Role and a RoleBinding he may read, and a
// ClusterRoleBinding he may not list, whose subject must never reach his pages.
const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const role = `e2e-scope-role-${id}`;
const binding = `e2e-scope-rb-${id}`;
const reader = `e2e-scope-reader-${id}`;
const hiddenCrb = `e2e-scope-hidden-crb-${id}`;
const hiddenUser = `e2e-scope-hidden-${id}`;

// The cluster admin's kubeconfig the embedded devcluster writes into the e2e data directory.
const admin = kubectl(
  join(process.env.GATEHOUSE_E2E_DATA_DIR ?? '', 'devcluster', 'kubeconfig', 'admin.yaml'),
);

async function run(...args: string[]): Promise<void> {
  const r = await admin(...args);
  expect(r.code, r.stderr).toBe(0);
}

test.describe('bob, admin of payments, gets analysis of his namespaces, labelled partial', () => {
  test.beforeAll(async () => {
    await run('create', 'role', role, '-n', 'payments', '--verb=get,list', '--resource=configmaps');
    await run(
      'create',
      'rolebinding',
      binding,
      '-n',
      'payments',
      `--role=${role}`,
      `--user=${reader}`,
    );
    await run(
      'create',
      'clusterrolebinding',
      hiddenCrb,
      '--clusterrole=view',
      `--user=${hiddenUser}`,
    );
  });

  test.afterAll(async () => {
    await run('delete', 'clusterrolebinding', hiddenCrb);
    await run('delete', 'rolebinding', binding, '-n', 'payments');
    await run('delete', 'role', role, '-n', 'payments');
  });

  test('who-can names the subjects of his bindings, says what could not be read, and nothing else', async ({
    page,
  }) => {
    const console = await ConsolePage.signIn(page, 'bob');
    await console.navLink('Who can').click();
    await expect(console.heading('Who can')).toBeVisible();
    const whoCan = new WhoCanPage(page);
    await whoCan.resource({ verb: 'get', resource: 'configmaps', namespace: 'payments' });
    await whoCan.submit('Find subjects');
    await expect(whoCan.inNamespace('payments')).toContainText(reader);
    const notice = scopeNotice(page);
    await expect(notice).toContainText('Partial analysis');
    await expect(notice).toContainText('the Roles and RoleBindings of payments, payments-staging');
    await expect(notice).toContainText('Not read: ClusterRoleBindings');
    // bob's own binding refers to ClusterRole admin, which he may not get: said, not guessed.
    await expect(notice).toContainText('Not read: ClusterRole admin');
    await expect(page.getByText('No ClusterRoleBinding grants this.')).toBeVisible();
    await expect(console.main).not.toContainText(hiddenUser);
    await expect(console.main).not.toContainText(hiddenCrb);
    await page.screenshot({ path: test.info().outputPath('bob-who-can.png'), fullPage: true });
  });

  test('a Denied from the part he may read says it may be incomplete', async ({ page }) => {
    const console = await ConsolePage.signIn(page, 'bob');
    await console.navLink('Check access').click();
    const check = new AccessCheckPage(page);
    await check.subject('User', hiddenUser);
    await check.resource({ verb: 'get', resource: 'configmaps', namespace: 'payments' });
    await check.submit('Check');
    await expect(check.verdict('Gatehouse engine')).toHaveText('Denied');
    await expect(scopeNotice(page)).toContainText('This Denied may be incomplete');
    await expect(check.disagreement()).toHaveCount(0);
    await expect(console.main).not.toContainText(hiddenCrb);
    await page.screenshot({ path: test.info().outputPath('bob-check.png'), fullPage: true });
  });

  test('his subject view marks the role he may not read; risks are labelled partial', async ({
    page,
  }) => {
    const console = await ConsolePage.signIn(page, 'bob');
    await console.navLink('Subject access').click();
    const subject = new SubjectAccessPage(page);
    await subject.subject('Myself');
    await subject.submit('Show access');
    await expect(subject.bindings()).toContainText('gatehouse:payments:admin');
    await expect(subject.bindings()).toContainText('not readable by you');
    await expect(scopeNotice(page)).toBeVisible();

    await console.navLink('Risks').click();
    await expect(console.heading('Risks')).toBeVisible();
    await expect(scopeNotice(page)).toContainText('Partial analysis');
    // Nothing risky among his objects unless Kubernetes defaults are included.
    await expect(page.getByText('Nothing risky matches these filters.')).toBeVisible();
    await expect(console.main).not.toContainText('alice-cluster-admin');
    await expect(console.main).not.toContainText(hiddenCrb);
  });
});
