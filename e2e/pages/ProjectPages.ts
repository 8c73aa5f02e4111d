import { expect, type Locator, type Page } from '@playwright/test';

/** A project's page: collaborators, namespaces, invitations and the kubeconfig link. */
export class ProjectPage {
  constructor(readonly page: Page) {}

  async open(project: string): Promise<void> {
    await this.page.goto(`/c/dev/projects/${project}`);
    await this.expectLoaded(project);
  }

  async expectLoaded(project: string): Promise<void> {
    await expect(
      this.page.getByRole('heading', { level: 1, name: `Project ${project}` }),
    ).toBeVisible();
    await expect(this.collaborators()).toBeVisible();
  }

  collaborators(): Locator {
    return this.page.getByRole('table');
  }

  row(kind: 'User' | 'Group', name: string): Locator {
    return this.page.getByRole('row', { name: `${kind} ${name}`, exact: true });
  }

  invitation(): Locator {
    return this.page.getByRole('dialog');
  }

  async openInvite(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Invite', exact: true }).click();
    const dialog = this.invitation();
    await expect(dialog.getByRole('heading', { name: /^Invite to / })).toBeVisible();
    return dialog;
  }

  /** Invites users at a level and returns the kubeconfig link the confirmation offers. */
  async invite(users: string[], level: string): Promise<string> {
    const dialog = await this.openInvite();
    await dialog.getByRole('textbox', { name: /^Users/ }).fill(users.join(', '));
    await dialog.getByRole('radio', { name: new RegExp(`^${level}\\b`) }).check();
    await dialog.getByRole('button', { name: /^Invite \d+/ }).click();
    await expect(dialog.getByRole('heading', { name: /^Invited to / })).toBeVisible();
    await expect(dialog.getByRole('note').filter({ hasText: 'All changes made' })).toBeVisible();
    const link = (await dialog.locator('p.font-mono').textContent())?.trim() ?? '';
    await expect(dialog.getByRole('button', { name: 'Copy kubeconfig link' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Done' }).click();
    return link;
  }

  /** Tries a custom ClusterRole and returns the refusal shown. */
  async inviteWithClusterRole(user: string, clusterRole: string): Promise<Locator> {
    const dialog = await this.openInvite();
    await dialog.getByRole('textbox', { name: /^Users/ }).fill(user);
    await dialog.getByRole('radio', { name: 'Custom ClusterRole' }).check();
    await dialog.getByRole('textbox', { name: 'ClusterRole name' }).fill(clusterRole);
    await dialog.getByRole('button', { name: /^Invite \d+/ }).click();
    return dialog.getByRole('alert');
  }

  /** Deletes the project through the typed confirmation. */
  async deleteProject(project: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Delete project' }).click();
    const dialog = this.page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete project' });
    await expect(confirm).toBeDisabled();
    await dialog.getByRole('textbox', { name: 'Project name to confirm' }).fill(project);
    await expect(confirm).toBeEnabled();
    return confirm;
  }

  async remove(user: string): Promise<void> {
    await this.row('User', user)
      .getByRole('button', { name: `Remove ${user}` })
      .click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(this.row('User', user)).toHaveCount(0);
  }
}

/** /kubeconfig?cluster=…&project=…: the page a kubeconfig link opens. */
export class KubeconfigLinkPage {
  constructor(readonly page: Page) {}

  async expectLoaded(project: string): Promise<void> {
    await expect(
      this.page.getByRole('heading', { level: 1, name: `Kubeconfig for ${project}` }),
    ).toBeVisible();
    await expect(this.page.getByRole('button', { name: 'Download kubeconfig' })).toBeVisible();
  }

  commands(): Locator {
    return this.page.getByLabel('kubectl commands');
  }

  /** Downloads the file and saves it at `path`. */
  async download(path: string): Promise<string> {
    const pending = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: 'Download kubeconfig' }).click();
    const download = await pending;
    await download.saveAs(path);
    return download.suggestedFilename();
  }
}

/** The projects list and its create dialog. */
export class ProjectsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/c/dev/projects');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
  }

  /** The page's list, not the sidebar's Projects section (a list of that name too). */
  list(): Locator {
    return this.page.getByRole('main').getByRole('list', { name: 'Projects' });
  }

  async create(name: string, namespaces: string[]): Promise<void> {
    await this.page.getByRole('button', { name: 'Create project' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await dialog.getByRole('textbox', { name: /^Namespaces/ }).fill(namespaces.join(', '));
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(
      this.page.getByRole('heading', { level: 1, name: `Project ${name}` }),
    ).toBeVisible();
  }
}

export class MyKubeconfigsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/c/dev/kubeconfigs');
    await expect(
      this.page.getByRole('heading', { level: 1, name: 'My kubeconfigs' }),
    ).toBeVisible();
  }

  rows(): Locator {
    return this.page.getByRole('row', { name: /^kubeconfig / });
  }
}
