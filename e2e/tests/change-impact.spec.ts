import type { Page } from '@playwright/test';
import { expect, test, type OwnedObjects } from '../pages/fixtures.js';
import { impactPanel } from '../pages/AccessPages.js';
import { BindingDetailPage } from '../pages/BindingPages.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { KubeApi } from '../pages/KubeApi.js';
import { RoleDetailPage } from '../pages/RolePages.js';

// Every test here makes its own objects, with names of its own, tracked so they go after it.
const RBAC = 'rbac.authorization.k8s.io';
const rbac = `/apis/${RBAC}/v1`;

/** Creates through the console's proxy as the signed-in person, and tracks it for cleanup. */
async function make(
  api: KubeApi,
  fixtures: OwnedObjects,
  collection: string,
  body: { kind: string; metadata: { name: string; namespace?: string }; [field: string]: unknown },
): Promise<void> {
  fixtures.track({
    kind: body.kind.toLowerCase(),
    name: body.metadata.name,
    namespace: body.metadata.namespace,
  });
  await api.post(collection, { apiVersion: `${RBAC}/v1`, ...body });
}

/** Waits until the BFF's model of the cluster answers as `ready` says, so the dialog's first answer is current. */
async function untilModelShows(
  page: Page,
  baseURL: string,
  body: object,
  ready: (answer: { subjects: unknown[]; aggregatedRoles?: unknown[] }) => boolean,
): Promise<void> {
  const session = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
  await expect
    .poll(async () => {
      const res = await page.request.post('/api/clusters/dev/access/impact', {
        headers: { 'X-CSRF-Token': session.csrfToken, Origin: baseURL },
        data: body,
      });
      return res.ok() && ready((await res.json()) as { subjects: unknown[] });
    })
    .toBe(true);
}

test('alice deletes a ClusterRole: who loses what, which bindings dangle, which aggregated role shrinks', async ({
  page,
  baseURL,
  fixtures,
}) => {
  const run = fixtures.name('impact');
  const origin = baseURL ?? '';
  await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, origin);
  const reader = `${run}-reader`;
  const label = `${run}/aggregate`;
  const readerRole = {
    kind: 'ClusterRole',
    metadata: { name: reader, labels: { [label]: 'true' } },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
  };
  await make(api, fixtures, `${rbac}/clusterroles`, readerRole);
  await make(api, fixtures, `${rbac}/clusterroles`, {
    kind: 'ClusterRole',
    metadata: { name: `${run}-monitoring` },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [label]: 'true' } }] },
    rules: [],
  });
  const roleRef = { apiGroup: RBAC, kind: 'ClusterRole', name: reader };
  for (const [ns, who] of [
    ['payments', `${run}-pia`],
    ['data', `${run}-dan`],
  ] as const)
    await make(api, fixtures, `${rbac}/namespaces/${ns}/rolebindings`, {
      kind: 'RoleBinding',
      metadata: { name: reader, namespace: ns },
      roleRef,
      subjects: [{ kind: 'User', apiGroup: RBAC, name: who }],
    });
  await make(api, fixtures, `${rbac}/clusterrolebindings`, {
    kind: 'ClusterRoleBinding',
    metadata: { name: `${run}-sre` },
    roleRef: { ...roleRef, name: `${run}-monitoring` },
    subjects: [{ kind: 'Group', apiGroup: RBAC, name: `${run}-sre` }],
  });
  await untilModelShows(
    page,
    origin,
    { operation: 'delete', object: readerRole },
    (a) => a.subjects.length === 3 && a.aggregatedRoles?.length === 1,
  );

  await page.goto(`/c/dev/clusterroles/${reader}`);
  const detail = new RoleDetailPage(page);
  await detail.expectLoaded(reader);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog');
  const impact = impactPanel(page);
  const pia = impact.getByRole('listitem', { name: `User ${run}-pia` });
  await expect(pia).toContainText('Loses');
  await expect(pia).toContainText('get, list configmaps (core) in payments');
  await expect(pia).toContainText('Groups unknown');
  await expect(impact.getByRole('listitem', { name: `User ${run}-dan` })).toContainText('in data');
  // Through the aggregated role, the SRE group loses the reads everywhere.
  await expect(impact.getByRole('listitem', { name: `Group ${run}-sre` })).toContainText(
    'cluster-wide',
  );
  const dangling = impact.getByRole('region', { name: 'Bindings left dangling' });
  await expect(dangling).toContainText('2 bindings left pointing at a missing role');
  await expect(dangling.getByRole('link', { name: `RoleBinding data/${reader}` })).toHaveAttribute(
    'href',
    `/c/dev/ns/data/rolebindings/${reader}`,
  );
  await expect(
    dangling.getByRole('link', { name: `RoleBinding payments/${reader}` }),
  ).toBeVisible();
  const aggregated = impact.getByRole('region', { name: 'Aggregated roles that change' });
  await expect(
    aggregated.getByRole('listitem', { name: `ClusterRole ${run}-monitoring` }),
  ).toContainText('Loses');
  await page.screenshot({
    path: test.info().outputPath('alice-delete-clusterrole-impact.png'),
    fullPage: true,
  });

  await dialog.getByRole('button', { name: 'Delete ClusterRole' }).click();
  await expect(dialog).toBeHidden();
  // The dangling bindings are still there, as the panel said.
  await page.goto(`/c/dev/ns/data/rolebindings/${reader}`);
  await new BindingDetailPage(page).expectLoaded(reader);
});

test('alice changes a binding: adding and removing a subject, swapping its role and deleting it each show their impact', async ({
  page,
  baseURL,
  fixtures,
}) => {
  const run = fixtures.name('impact');
  const origin = baseURL ?? '';
  await ConsolePage.signIn(page, 'alice');
  const api = await KubeApi.as(page, origin);
  const name = `${run}-team`;
  const binding = {
    kind: 'RoleBinding',
    metadata: { name, namespace: 'payments' },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    subjects: [
      { kind: 'User', apiGroup: RBAC, name: `${run}-rita` },
      { kind: 'User', apiGroup: RBAC, name: `${run}-sam` },
    ],
  };
  await make(api, fixtures, `${rbac}/namespaces/payments/rolebindings`, binding);
  await untilModelShows(
    page,
    origin,
    { operation: 'delete', object: binding },
    (a) => a.subjects.length === 2,
  );
  await page.goto(`/c/dev/ns/payments/rolebindings/${name}`);
  const detail = new BindingDetailPage(page);
  await detail.expectLoaded(name);

  // Removing rita: she loses what view gives in payments, sam loses nothing.
  await page.getByRole('button', { name: `Remove User ${run}-rita` }).click();
  const removal = page.getByRole('dialog');
  const rita = impactPanel(page).getByRole('listitem', { name: `User ${run}-rita` });
  await expect(rita).toContainText('Loses');
  await expect(rita).toContainText('in payments');
  await expect(impactPanel(page).getByRole('listitem', { name: `User ${run}-sam` })).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('alice-remove-subject-impact.png'),
    fullPage: true,
  });
  await removal.getByRole('button', { name: 'Remove subject' }).click();
  await expect(removal).toBeHidden();
  await expect(detail.subjectsTab()).toHaveText('Subjects (1)');

  // Adding one: the dialog shows what the newcomer gains before anything is written.
  const form = page.getByRole('tabpanel').getByRole('group', { name: 'Add a subject' });
  await form.getByLabel('Subject name', { exact: true }).fill(`${run}-neo`);
  await form.getByRole('button', { name: 'Add subject' }).click();
  const adding = page.getByRole('dialog', { name: `Add User ${run}-neo?` });
  const neo = impactPanel(page).getByRole('listitem', { name: `User ${run}-neo` });
  await expect(neo).toContainText('Gains');
  await expect(neo).not.toContainText('Loses');
  await adding.getByRole('button', { name: 'Add to binding' }).click();
  await expect(adding).toBeHidden();
  await expect(detail.subjectsTab()).toHaveText('Subjects (2)');

  // Swapping view for edit: one change, what edit adds is gained and nothing is lost.
  await page.getByRole('button', { name: 'Change role' }).click();
  const swap = page.getByRole('dialog', { name: `Change the role of ${name}` });
  await swap.getByRole('combobox', { name: 'Role name' }).fill('edit');
  const samSwap = impactPanel(page).getByRole('listitem', { name: `User ${run}-sam` });
  await expect(samSwap).toContainText('Gains');
  await expect(samSwap).not.toContainText('Loses');
  await page.screenshot({
    path: test.info().outputPath('alice-change-role-impact.png'),
    fullPage: true,
  });
  await swap.getByRole('button', { name: 'Cancel' }).click();

  // Deleting it: both remaining subjects lose, nothing is left dangling.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const deletion = page.getByRole('dialog');
  await expect(impactPanel(page).getByRole('listitem', { name: `User ${run}-sam` })).toContainText(
    'Loses',
  );
  await expect(impactPanel(page).getByRole('listitem', { name: `User ${run}-neo` })).toContainText(
    'Loses',
  );
  await expect(
    impactPanel(page).getByRole('region', { name: 'Bindings left dangling' }),
  ).toHaveCount(0);
  await deletion.getByRole('button', { name: 'Delete RoleBinding' }).click();
  await expect(page).toHaveURL(/\/c\/dev\/ns\/payments\/rolebindings$/);
});

test('bob, admin of payments, deleting a Role there sees its impact among what he may read, labelled partial', async ({
  page,
  baseURL,
  fixtures,
}) => {
  const run = fixtures.name('impact');
  const origin = baseURL ?? '';
  await ConsolePage.signIn(page, 'bob');
  const api = await KubeApi.as(page, origin);
  const name = `${run}-bob-role`;
  await make(api, fixtures, `${rbac}/namespaces/payments/roles`, {
    kind: 'Role',
    metadata: { name, namespace: 'payments' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  });
  await page.goto(`/c/dev/ns/payments/roles/${name}`);
  await new RoleDetailPage(page).expectLoaded(name);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog');
  // Computed from payments' Roles and RoleBindings (scoped analysis): no binding there names it.
  await expect(impactPanel(page)).toContainText(
    'Partial analysis: computed from the RBAC objects you may read',
  );
  await expect(impactPanel(page)).toContainText(
    'No gain or loss found among the RBAC objects you may read.',
  );
  await expect(impactPanel(page)).not.toContainText('cannot list');
  await page.screenshot({
    path: test.info().outputPath('bob-delete-role-impact-partial.png'),
    fullPage: true,
  });
  // A partial answer does not block the deletion.
  await dialog.getByRole('button', { name: 'Delete Role' }).click();
  await expect(dialog).toBeHidden();
});
