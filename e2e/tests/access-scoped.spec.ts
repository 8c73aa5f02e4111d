import { expect, test, type OwnedObjects } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import {
  AccessCheckPage,
  SubjectAccessPage,
  WhoCanPage,
  scopeNotice,
} from '../pages/AccessPages.js';

const RBAC = 'rbac.authorization.k8s.io';

// Each test's own fixtures: in payments (bob's) a Role and a RoleBinding he may read, and a
// ClusterRoleBinding he may not list, whose subject must never reach his pages.
async function scoped(fixtures: OwnedObjects) {
  const names = {
    role: fixtures.name('role'),
    binding: fixtures.name('rb'),
    reader: fixtures.name('reader'),
    hiddenCrb: fixtures.name('hidden-crb'),
    hiddenUser: fixtures.name('hidden'),
  };
  await fixtures.create({
    apiVersion: `${RBAC}/v1`,
    kind: 'Role',
    metadata: { name: names.role, namespace: 'payments' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
  });
  await fixtures.create({
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: names.binding, namespace: 'payments' },
    roleRef: { apiGroup: RBAC, kind: 'Role', name: names.role },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: names.reader }],
  });
  await fixtures.create({
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: names.hiddenCrb },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: names.hiddenUser }],
  });
  return names;
}

test.describe('bob, admin of payments, gets analysis of his namespaces, labelled partial', () => {
  test('who-can names the subjects of his bindings, says what could not be read, and nothing else', async ({
    page,
    fixtures,
  }) => {
    const { reader, hiddenUser, hiddenCrb } = await scoped(fixtures);
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

  test('a Denied from the part he may read says it may be incomplete', async ({
    page,
    fixtures,
  }) => {
    const { hiddenUser, hiddenCrb } = await scoped(fixtures);
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
    fixtures,
  }) => {
    const { hiddenCrb } = await scoped(fixtures);
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
