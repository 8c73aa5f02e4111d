import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { ProjectPage, ProjectsPage } from '../pages/ProjectPages.js';

test('a namespace labelled into a project without its record shows as unverified until alice verifies it', async ({
  page,
  fixtures,
}) => {
  const claims = fixtures.name('claims');
  const claimer = fixtures.name('claimer');
  const admin = fixtures.kubectl('dev', 'admin');
  fixtures.trackProject(claims, [claims, claimer]);
  await ConsolePage.signIn(page, 'alice', '/c/dev/projects');
  const projects = new ProjectsPage(page);
  await projects.create(claims, [claims]);
  const project = new ProjectPage(page);
  await project.expectLoaded(claims);

  // Someone who may update a namespace labels it into the project with kubectl.
  await fixtures.namespace('claimer');
  const label = await admin('label', 'namespace', claimer, `gatehouse.dev/project=${claims}`);
  expect(label.code, label.stderr).toBe(0);

  await project.open(claims);
  const namespaces = page.locator('section').filter({ hasText: 'Namespaces (1)' });
  await expect(namespaces).toBeVisible();
  const unverified = page.getByRole('list', { name: 'Unverified namespaces' });
  await expect(unverified).toContainText(claimer);
  await expect(unverified).toContainText('unverified');
  await expect(namespaces).toContainText("the project's record");
  await page.screenshot({
    path: test.info().outputPath('alice-unverified-namespace.png'),
    fullPage: true,
  });

  await page
    .getByRole('button', { name: `Verify namespace ${claimer} as part of the project` })
    .click();
  await expect(page.locator('section').filter({ hasText: 'Namespaces (2)' })).toContainText(
    claimer,
  );
  await expect(page.getByRole('list', { name: 'Unverified namespaces' })).toHaveCount(0);
  const record = await admin(
    'get',
    'namespace',
    claims,
    '-o',
    "jsonpath={.metadata.annotations['gatehouse\\.dev/namespaces']}",
  );
  expect(record.stdout).toBe([claimer, claims].sort().join(','));

  const confirm = await project.deleteProject(claims);
  await confirm.click();
  await expect(projects.list()).not.toContainText(claims);
});
