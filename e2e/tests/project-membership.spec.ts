import { expect, test } from '../pages/fixtures.js';
import { join } from 'node:path';
import { ConsolePage } from '../pages/ConsolePage.js';
import { kubectl } from '../pages/Kubectl.js';
import { ProjectPage, ProjectsPage } from '../pages/ProjectPages.js';

// The cluster admin's kubeconfig the embedded devcluster writes into the e2e data directory.
const admin = kubectl(
  join(process.env.GATEHOUSE_E2E_DATA_DIR ?? '', 'devcluster', 'kubeconfig', 'admin.yaml'),
);

test('a namespace labelled into a project without its record shows as unverified until alice verifies it', async ({
  page,
}) => {
  await ConsolePage.signIn(page, 'alice', '/c/dev/projects');
  const projects = new ProjectsPage(page);
  await projects.create('e2e-claims', ['e2e-claims']);
  const project = new ProjectPage(page);
  await project.expectLoaded('e2e-claims');

  // Someone who may update a namespace labels it into the project with kubectl.
  expect((await admin('create', 'namespace', 'e2e-claimer')).code).toBe(0);
  const label = await admin(
    'label',
    'namespace',
    'e2e-claimer',
    'gatehouse.dev/project=e2e-claims',
  );
  expect(label.code, label.stderr).toBe(0);

  await project.open('e2e-claims');
  const namespaces = page.locator('section').filter({ hasText: 'Namespaces (1)' });
  await expect(namespaces).toBeVisible();
  const unverified = page.getByRole('list', { name: 'Unverified namespaces' });
  await expect(unverified).toContainText('e2e-claimer');
  await expect(unverified).toContainText('unverified');
  await expect(namespaces).toContainText("the project's record");
  await page.screenshot({
    path: test.info().outputPath('alice-unverified-namespace.png'),
    fullPage: true,
  });

  await page
    .getByRole('button', { name: 'Verify namespace e2e-claimer as part of the project' })
    .click();
  await expect(page.locator('section').filter({ hasText: 'Namespaces (2)' })).toContainText(
    'e2e-claimer',
  );
  await expect(page.getByRole('list', { name: 'Unverified namespaces' })).toHaveCount(0);
  const record = await admin(
    'get',
    'namespace',
    'e2e-claims',
    '-o',
    "jsonpath={.metadata.annotations['gatehouse\\.dev/namespaces']}",
  );
  expect(record.stdout).toBe('e2e-claimer,e2e-claims');

  const confirm = await project.deleteProject('e2e-claims');
  await confirm.click();
  await expect(projects.list()).not.toContainText('e2e-claims');
});
