import { expect, type Locator, type Page } from '@playwright/test';
import { devclusterKubectl, type EmbeddedCluster } from './Kubectl.js';

/**
 * A screenshot of the whole page for review: the console scrolls inside its main pane, so a
 * full-page shot would stop at the viewport; the viewport grows to the pane's content instead.
 */
export async function screenshotWhole(page: Page, path: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  const height = await page
    .locator('main')
    .evaluate((m) => m.scrollHeight + m.getBoundingClientRect().top);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path });
  await page.setViewportSize(size);
}

/** Fleet → Policies: every AccessPolicy with a status chip per cluster. */
export class PoliciesListPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/fleet/policies');
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(
      this.page.getByRole('heading', { level: 1, name: 'Access policies' }),
    ).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Access policies' });
  }

  row(name: string): Locator {
    return this.table.getByRole('row', { name, exact: true });
  }

  /** The policy's status chip on one cluster, in the cluster's column. */
  cell(name: string, cluster: EmbeddedCluster): Locator {
    return this.row(name).locator(`td[data-cluster="${cluster}"]`);
  }

  async openPolicy(name: string): Promise<PolicyDetailPage> {
    await this.row(name).getByRole('link', { name, exact: true }).click();
    const detail = new PolicyDetailPage(this.page);
    await detail.expectLoaded(name);
    return detail;
  }

  async create(): Promise<PolicyEditorPage> {
    await this.page.getByRole('link', { name: 'Create policy' }).click();
    await expect(
      this.page.getByRole('heading', { level: 1, name: 'Create access policy' }),
    ).toBeVisible();
    return new PolicyEditorPage(this.page);
  }
}

/** Where a statement grants: every cluster or some by name; namespaces by name. */
export interface PlacementInput {
  clusters: 'every' | string[];
  namespaces: string[];
}

/** The create/edit form of an AccessPolicy. */
export class PolicyEditorPage {
  constructor(readonly page: Page) {}

  async setName(name: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  }

  async setDescription(text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Description (optional)' }).fill(text);
  }

  async setSubject(n: number, kind: 'User' | 'Group', name: string): Promise<void> {
    await this.page.getByRole('combobox', { name: `Subject ${n} kind` }).selectOption(kind);
    await this.page.getByRole('textbox', { name: `Subject ${n} name` }).fill(name);
  }

  async addStatement(): Promise<void> {
    await this.page.getByRole('button', { name: 'Add statement' }).click();
  }

  /** Statement `n` (from 1) binds `clusterRole` at its first placement. */
  async setStatement(n: number, clusterRole: string, where: PlacementInput): Promise<void> {
    await this.page.getByRole('combobox', { name: `Statement ${n} ClusterRole` }).fill(clusterRole);
    const prefix = `Statement ${n} placement 1`;
    const clusters = this.page.getByRole('combobox', { name: `${prefix} Clusters` });
    if (where.clusters === 'every') await clusters.selectOption({ label: 'Every cluster' });
    else {
      await clusters.selectOption({ label: 'Clusters by name' });
      await this.page
        .getByRole('textbox', { name: `${prefix} Cluster names` })
        .fill(where.clusters.join(', '));
    }
    await this.page
      .getByRole('combobox', { name: `${prefix} Namespaces` })
      .selectOption({ label: 'Namespaces by name' });
    await this.page
      .getByRole('textbox', { name: `${prefix} Namespace names` })
      .fill(where.namespaces.join(', '));
  }

  whereItApplies(cluster: EmbeddedCluster): Locator {
    return this.page
      .getByRole('list', { name: 'Where it applies' })
      .getByRole('listitem')
      .filter({ hasText: new RegExp(`^${cluster}:`) });
  }

  /** The plan of the draft, before anything is saved. */
  async previewPlan(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Preview plan' }).click();
    const preview = this.page.getByRole('region', { name: 'Plan preview', exact: true });
    await expect(preview).toBeVisible();
    return preview;
  }

  /** Saves changes to a policy: the page it leads to opens the new plan for review. */
  async saveChanges(name: string): Promise<PolicyDetailPage> {
    await this.page.getByRole('button', { name: 'Save changes' }).click();
    const detail = new PolicyDetailPage(this.page);
    await detail.expectLoaded(name);
    return detail;
  }

  /** Saves a new policy: the page it leads to opens its plan for review. */
  async createPolicy(name: string): Promise<PolicyDetailPage> {
    await this.page.getByRole('button', { name: 'Create policy' }).click();
    const detail = new PolicyDetailPage(this.page);
    await detail.expectLoaded(name);
    return detail;
  }
}

/** /fleet/policies/:name: overview, plan → apply, status per cluster with drift. */
export class PolicyDetailPage {
  constructor(readonly page: Page) {}

  async open(name: string): Promise<void> {
    await this.page.goto(`/fleet/policies/${encodeURIComponent(name)}`);
    await this.expectLoaded(name);
  }

  async expectLoaded(name: string): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('main').getByRole('button', { name });
  }

  link(name: string): Locator {
    return this.page.getByRole('main').getByRole('link', { name, exact: true });
  }

  /** The plan (or removal plan) panel. */
  plan(title: 'Plan' | 'Removal plan' = 'Plan'): Locator {
    return this.page.getByRole('region', { name: title, exact: true });
  }

  planHeadline(): Locator {
    return this.page.getByTestId('plan-headline');
  }

  clusterPlan(cluster: EmbeddedCluster): Locator {
    return this.page.getByRole('region', { name: `Plan for ${cluster}` });
  }

  /** `Create RoleBinding kube-system/…` per change a cluster's plan lists, in apply order. */
  changes(cluster: EmbeddedCluster): Locator {
    return this.page.getByRole('list', { name: `Changes on ${cluster}` }).getByRole('listitem');
  }

  async apply(): Promise<void> {
    await this.plan().getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(this.page.getByRole('region', { name: 'Apply result' })).toBeVisible();
  }

  result(cluster: EmbeddedCluster): Locator {
    return this.page.getByRole('region', { name: `Result on ${cluster}` });
  }

  status(cluster: EmbeddedCluster): Locator {
    return this.page.getByRole('region', { name: `Status on ${cluster}` });
  }

  drift(cluster: EmbeddedCluster): Locator {
    return this.page.getByRole('list', { name: `Drift on ${cluster}` });
  }

  driftDiff(cluster: EmbeddedCluster, object: string): Locator {
    return this.drift(cluster).getByLabel(`Drift diff of ${object}`);
  }
}

/** Kubernetes' view of a policy's managed objects on each cluster, and cleanup that never fails a test. */
export class ManagedObjects {
  /** `kind namespace/name` of every object labelled with the policy on a cluster. */
  static async list(cluster: EmbeddedCluster, policy: string): Promise<string[]> {
    const r = await devclusterKubectl(cluster)(
      'get',
      'clusterroles,clusterrolebindings,rolebindings',
      '-A',
      '-l',
      `gatehouse.dev/policy=${policy}`,
      '-o',
      'jsonpath={range .items[*]}{.kind} {.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
    );
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean).sort();
  }

  /** Removes a policy and whatever it left on either cluster, as the cluster admin. */
  static async remove(policy: string): Promise<void> {
    await devclusterKubectl('dev')(
      'delete',
      'accesspolicies.gatehouse.dev',
      policy,
      '--ignore-not-found',
      '--wait=false',
    );
    for (const cluster of ['dev', 'staging'] as const)
      await devclusterKubectl(cluster)(
        'delete',
        'clusterroles,clusterrolebindings,rolebindings',
        '-A',
        '-l',
        `gatehouse.dev/policy=${policy}`,
        '--ignore-not-found',
        '--wait=false',
      );
  }
}
