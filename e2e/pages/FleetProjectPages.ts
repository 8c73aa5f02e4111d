import { expect, type Locator, type Page } from '@playwright/test';

/** Fleet → Projects: every project the person sees on some cluster, a column per cluster. */
export class FleetProjectsPage {
  constructor(readonly page: Page) {}

  /** Opens the page from the sidebar's Fleet group. */
  async openFromNav(): Promise<void> {
    const fleet = this.page
      .getByRole('navigation', { name: 'Primary' })
      .getByRole('list', { name: 'Fleet' });
    await fleet.getByRole('link', { name: 'Projects', exact: true }).click();
    await expect(this.page).toHaveURL(/\/fleet\/projects$/);
    await expect(
      this.page.getByRole('heading', { level: 1, name: 'Fleet projects' }),
    ).toBeVisible();
  }

  table(): Locator {
    return this.page.getByRole('table', { name: 'Projects and their clusters' });
  }

  row(project: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: project }) });
  }
}

/** One fleet project: its clusters, collaborators with a level per cluster, and changes. */
export class FleetProjectPage {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
  }

  async expectLoaded(project: string): Promise<void> {
    await expect(
      this.page.getByRole('heading', { level: 1, name: `Project ${project}` }),
    ).toBeVisible();
  }

  collaborators(): Locator {
    return this.page.getByRole('table', { name: 'Collaborators and their level per cluster' });
  }

  /** A collaborator's cell on one cluster (columns in the fleet's order, after the name). */
  levelOn(name: string, column: number): Locator {
    return this.collaborators()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name }) })
      .getByRole('cell')
      .nth(column);
  }

  /** Invite: fill the form and ask for the plan; the plan's regions come back per cluster. */
  async planInvite(user: string, level: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Invite', exact: true }).click();
    await this.dialog.getByLabel('Name').fill(user);
    await this.dialog.getByLabel('Access level').selectOption(level);
    await this.dialog.getByRole('button', { name: 'Review plan' }).click();
    await expect(this.dialog.getByRole('region', { name: 'Plan per cluster' })).toBeVisible();
  }

  planOn(cluster: string): Locator {
    return this.dialog.getByRole('region', { name: `Plan on ${cluster}` });
  }

  resultOn(cluster: string): Locator {
    return this.dialog.getByRole('region', { name: `Result on ${cluster}` });
  }

  async download(path: string): Promise<string> {
    const pending = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: 'Download kubeconfig' }).click();
    const download = await pending;
    await download.saveAs(path);
    return download.suggestedFilename();
  }
}
