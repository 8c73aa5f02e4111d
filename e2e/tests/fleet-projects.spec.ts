import { readFileSync } from 'node:fs';
import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { FleetProjectPage, FleetProjectsPage } from '../pages/FleetProjectPages.js';
import { devclusterKubectl, kubectl, type EmbeddedCluster } from '../pages/Kubectl.js';

// A project of this test's own on dev (two namespaces, bob an admin there too) and on staging (one
// namespace, alice alone): alice invites carol at developer across both clusters from Fleet →
// Projects, reads the plan per cluster, applies it and sees each cluster's result; carol's one
// kubeconfig reaches both clusters with --context. The projects, carol's bindings in them and her
// kubeconfig identities go at cleanup.

const clusters: EmbeddedCluster[] = ['dev', 'staging'];

/** Asked of each cluster as its admin: may carol create deployments there? */
async function carolMay(cluster: EmbeddedCluster, namespace: string): Promise<string> {
  const r = await devclusterKubectl(cluster)(
    'auth',
    'can-i',
    'create',
    'deployments',
    '-n',
    namespace,
    '--as',
    'carol',
  );
  return r.stdout.trim();
}

test('alice invites carol to a project across dev and staging; carol’s kubeconfig reaches both', async ({
  browser,
  fixtures,
}) => {
  const shop = fixtures.name('shop');
  const namespaces: Record<EmbeddedCluster, string[]> = {
    dev: [shop, fixtures.name('shop-staging')],
    staging: [shop],
  };
  fixtures.revokeKubeconfigsOf('carol');
  await fixtures.project(shop, namespaces.dev, {
    invite: [{ subject: { kind: 'User', name: 'bob' }, level: 'admin' }],
  });
  await fixtures.project(shop, namespaces.staging, { cluster: 'staging' });
  const alicePage = await (await browser.newContext()).newPage();
  await ConsolePage.signIn(alicePage, 'alice', '/c/dev');
  const list = new FleetProjectsPage(alicePage);
  await list.openFromNav();
  await expect(list.table().getByRole('columnheader')).toHaveText(['Project', 'dev', 'staging']);
  await expect(list.row(shop)).toContainText(namespaces.dev.join(', '));
  await list.row(shop).getByRole('link', { name: shop }).click();

  const project = new FleetProjectPage(alicePage);
  await project.expectLoaded(shop);
  await expect(project.levelOn('alice', 0)).toHaveText('admin');
  await expect(project.levelOn('alice', 1)).toHaveText('admin');
  await expect(project.levelOn('bob', 0)).toHaveText('admin');
  await expect(project.levelOn('bob', 1)).toHaveText('—');

  await project.planInvite('carol', 'developer');
  await expect(project.planOn('dev')).toContainText('will change');
  await expect(project.planOn('dev')).toContainText('2 creates');
  await expect(project.planOn('dev').getByRole('listitem')).toHaveCount(2);
  await expect(project.planOn('dev')).toContainText('+ edit: carol');
  await expect(project.planOn('staging')).toContainText('1 create');
  // Nothing is written by planning.
  expect(await carolMay('dev', shop)).toBe('no');
  await alicePage.screenshot({
    path: test.info().outputPath('alice-fleet-plan.png'),
    fullPage: true,
  });

  await project.dialog.getByRole('button', { name: 'Apply on dev and staging' }).click();
  await expect(project.dialog).toContainText('Applied on every cluster');
  await expect(project.resultOn('dev')).toContainText('applied');
  await expect(project.resultOn('dev').getByRole('listitem')).toHaveCount(2);
  await expect(project.resultOn('staging')).toContainText('applied');
  await alicePage.screenshot({
    path: test.info().outputPath('alice-fleet-result.png'),
    fullPage: true,
  });
  await project.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(project.levelOn('carol', 0)).toHaveText('developer');
  await expect(project.levelOn('carol', 1)).toHaveText('developer');
  for (const cluster of clusters)
    for (const ns of namespaces[cluster]) expect(await carolMay(cluster, ns)).toBe('yes');

  // carol downloads one file: a context per cluster, each with her own credential there.
  const carolPage = await (await browser.newContext()).newPage();
  await ConsolePage.signIn(carolPage, 'carol', `/fleet/projects/${shop}`);
  const hers = new FleetProjectPage(carolPage);
  await hers.expectLoaded(shop);
  const file = test.info().outputPath('carol-fleet.kubeconfig');
  expect(await hers.download(file)).toBe(`fleet-${shop}.kubeconfig`);
  await expect(
    carolPage.getByRole('note').filter({ hasText: 'Kubeconfig downloaded' }),
  ).toBeVisible();
  await carolPage.screenshot({
    path: test.info().outputPath('carol-fleet-project.png'),
    fullPage: true,
  });
  expect(readFileSync(file, 'utf8')).not.toContain('alice');
  const carolKubectl = kubectl(file);
  const contexts = await carolKubectl('config', 'get-contexts', '-o', 'name');
  expect(contexts.stdout.trim().split('\n').sort()).toEqual(['dev', 'staging']);
  for (const cluster of clusters) {
    const pods = await carolKubectl('--context', cluster, 'get', 'pods', '-n', shop);
    expect(pods.code, `${cluster}: ${pods.stderr}`).toBe(0);
    const can = await carolKubectl(
      '--context',
      cluster,
      'auth',
      'can-i',
      'create',
      'deployments',
      '-n',
      shop,
    );
    expect(can.stdout.trim(), cluster).toBe('yes');
    const elsewhere = await carolKubectl('--context', cluster, 'get', 'pods', '-n', 'deliveries');
    expect(elsewhere.code, cluster).not.toBe(0);
    expect(elsewhere.stderr).toContain('Forbidden');
  }
});
