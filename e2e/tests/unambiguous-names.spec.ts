import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { KubeApi } from '../pages/KubeApi.js';
import { ProjectPage } from '../pages/ProjectPages.js';

// U+202E RIGHT-TO-LEFT OVERRIDE: shown raw, "evil\u202Etxt.exe" reads as "evilexe.txt".
const spoof = 'evil\u202Etxt.exe';
const shown = 'evil\\u202Etxt.exe';

test('a name with a bidi override is shown written out and flagged, in the table and the Remove dialog', async ({
  page,
  baseURL,
  fixtures,
}) => {
  // The test removes it through the Remove dialog; the cleanup does if it fails before that.
  fixtures.track({
    kind: 'rolebinding',
    name: 'gatehouse:payments:viewer:user:spoof',
    namespace: 'payments',
  });
  await ConsolePage.signIn(page, 'bob', '/c/dev/projects');
  // Made outside the console's invite (which refuses such names), as kubectl would.
  const api = await KubeApi.as(page, baseURL ?? '');
  await api.post('/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings', {
    metadata: {
      name: 'gatehouse:payments:viewer:user:spoof',
      labels: { 'gatehouse.dev/project': 'payments', 'gatehouse.dev/access-level': 'viewer' },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: spoof }],
  });
  await page.getByRole('link', { name: /^payments/ }).click();
  const project = new ProjectPage(page);
  await project.expectLoaded('payments');

  const row = project.row('User', shown);
  await expect(row).toContainText(shown);
  await expect(row).toContainText('unusual name');
  await expect(row.getByText('unusual name')).toHaveAttribute(
    'title',
    /bidirectional control characters/,
  );

  await row.getByRole('button', { name: `Remove ${shown}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading').first()).toHaveText(`Remove ${shown} from payments?`);
  await expect(dialog.getByRole('alert').first()).toContainText('Check this name');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(project.row('User', shown)).toHaveCount(0);
});

test('the invite dialog warns about invisible characters and mixed scripts before inviting', async ({
  page,
}) => {
  await ConsolePage.signIn(page, 'bob', '/c/dev/projects');
  await page.getByRole('link', { name: /^payments/ }).click();
  const project = new ProjectPage(page);
  await project.expectLoaded('payments');
  const dialog = await project.openInvite();
  // A Cyrillic о in "jоe", and a zero-width no-break space (U+FEFF) before "joe".
  await dialog.getByRole('textbox', { name: /^Users/ }).fill('j\u043Ee, \uFEFFjoe');
  await expect(
    dialog.getByRole('alert').filter({ hasText: 'mixes scripts (Latin, Cyrillic)' }),
  ).toBeVisible();
  await expect(
    dialog.getByRole('alert').filter({ hasText: '“\\uFEFFjoe” contains invisible characters' }),
  ).toBeVisible();
  // The BFF refuses the invisible one outright, saying why; nothing is invited.
  await dialog.getByRole('radio', { name: /^viewer\b/ }).check();
  await dialog.getByRole('button', { name: /^Invite 2/ }).click();
  await expect(
    dialog.getByRole('alert').filter({ hasText: /invisible \(zero-width or format\) character/ }),
  ).toBeVisible();
});
