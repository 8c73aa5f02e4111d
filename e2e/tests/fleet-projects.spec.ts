import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ConsolePage } from '../pages/ConsolePage.js';
import { FleetProjectPage, FleetProjectsPage } from '../pages/FleetProjectPages.js';
import { devclusterKubectl, kubectl, type EmbeddedCluster } from '../pages/Kubectl.js';

// payments is a project on dev (payments, payments-staging) and on staging (payments). alice invites
// carol at developer across both clusters from Fleet → Projects, reads the plan per cluster, applies
// it and sees each cluster's result; carol's one kubeconfig reaches both clusters with --context.

const clusters: EmbeddedCluster[] = ['dev', 'staging'];
const namespaces: Record<EmbeddedCluster, string[]> = {
  dev: ['payments', 'payments-staging'],
  staging: ['payments'],
};

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

/** Leaves carol with nothing, as the other specs expect: her bindings, identities and files go. */
async function cleanUp(): Promise<void> {
  const owner = createHash('sha256').update('carol').digest('hex').slice(0, 10);
  for (const cluster of clusters) {
    const admin = devclusterKubectl(cluster);
    for (const ns of namespaces[cluster])
      await admin(
        'delete',
        'rolebinding',
        '-n',
        ns,
        'gatehouse:payments:developer:user:carol',
        '--ignore-not-found',
      );
    const mine = `gatehouse.dev/kubeconfig-owner=${owner}`;
    await admin('delete', 'secrets,serviceaccounts', '-n', 'gatehouse-system', '-l', mine);
  }
}

test('alice invites carol to payments across dev and staging; carol’s kubeconfig reaches both', async ({
  browser,
}) => {
  await cleanUp();
  try {
    const alicePage = await (await browser.newContext()).newPage();
    await ConsolePage.signIn(alicePage, 'alice', '/c/dev');
    const list = new FleetProjectsPage(alicePage);
    await list.openFromNav();
    await expect(list.table().getByRole('columnheader')).toHaveText(['Project', 'dev', 'staging']);
    await expect(list.row('payments')).toContainText('payments, payments-staging');
    await list.row('payments').getByRole('link', { name: 'payments' }).click();

    const project = new FleetProjectPage(alicePage);
    await project.expectLoaded('payments');
    await expect(project.levelOn('bob', 0)).toHaveText('admin');
    await expect(project.levelOn('bob', 1)).toHaveText('—');

    await project.planInvite('carol', 'developer');
    await expect(project.planOn('dev')).toContainText('will change');
    await expect(project.planOn('dev')).toContainText('2 creates');
    await expect(project.planOn('dev').getByRole('listitem')).toHaveCount(2);
    await expect(project.planOn('dev')).toContainText('+ edit: carol');
    await expect(project.planOn('staging')).toContainText('1 create');
    // Nothing is written by planning.
    expect(await carolMay('dev', 'payments')).toBe('no');
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
    await ConsolePage.signIn(carolPage, 'carol', '/fleet/projects/payments');
    const hers = new FleetProjectPage(carolPage);
    await hers.expectLoaded('payments');
    const file = test.info().outputPath('carol-fleet.kubeconfig');
    expect(await hers.download(file)).toBe('fleet-payments.kubeconfig');
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
      const pods = await carolKubectl('--context', cluster, 'get', 'pods', '-n', 'payments');
      expect(pods.code, `${cluster}: ${pods.stderr}`).toBe(0);
      const can = await carolKubectl(
        '--context',
        cluster,
        'auth',
        'can-i',
        'create',
        'deployments',
        '-n',
        'payments',
      );
      expect(can.stdout.trim(), cluster).toBe('yes');
      const elsewhere = await carolKubectl('--context', cluster, 'get', 'pods', '-n', 'deliveries');
      expect(elsewhere.code, cluster).not.toBe(0);
      expect(elsewhere.stderr).toContain('Forbidden');
    }
  } finally {
    await cleanUp();
  }
  for (const cluster of clusters) expect(await carolMay(cluster, 'payments')).toBe('no');
});
