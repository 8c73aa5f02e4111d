import { expect, type Locator, type Page } from '@playwright/test';

/** ClusterRoles or Roles list. */
export class RoleListPage {
  constructor(
    readonly page: Page,
    private readonly title: 'ClusterRoles' | 'Roles',
  ) {}

  get table(): Locator {
    return this.page.getByRole('table', { name: this.title });
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search by name' }).fill(text);
  }

  row(name: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async create(kind: 'ClusterRole' | 'Role'): Promise<RoleEditorPage> {
    await this.page.getByRole('link', { name: `Create ${kind}` }).click();
    return new RoleEditorPage(this.page);
  }
}

/** Create, edit or clone form with its rule editor and YAML tab. */
export class RoleEditorPage {
  constructor(readonly page: Page) {}

  async setName(name: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  }

  async addRule(): Promise<void> {
    await this.page.getByRole('button', { name: 'Add rule' }).click();
  }

  async addTokens(
    rule: number,
    field: 'API groups' | 'Resources' | 'Resource names (optional)' | 'Non-resource URLs',
    ...values: string[]
  ): Promise<void> {
    const input = this.page.getByLabel(`Rule ${rule} ${field}`, { exact: true });
    for (const v of values) {
      await input.fill(v);
      await input.press('Enter');
    }
  }

  verb(rule: number, verb: string): Locator {
    return this.page
      .getByRole('group', { name: `Rule ${rule} verbs` })
      .getByRole('checkbox', { name: verb, exact: true });
  }

  async openTab(name: 'Form' | 'YAML'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  yamlEditor(): Locator {
    return this.page.getByRole('textbox', { name: /^YAML of / });
  }

  /** Replaces the YAML editor's text the way a person would: select all, then type over it. */
  async replaceYaml(text: string): Promise<void> {
    await this.yamlEditor().click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.insertText(text);
  }

  submitButton(label: RegExp = /^(Create (Cluster)?Role|Save changes)$/): Locator {
    return this.page.getByRole('button', { name: label });
  }

  async submit(): Promise<void> {
    await this.submitButton().click();
  }
}

/** A role's detail page. */
export class RoleDetailPage {
  constructor(readonly page: Page) {}

  async expectLoaded(name: string): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
  }

  rulesTable(): Locator {
    return this.page.getByRole('table', { name: 'Rules' });
  }

  async edit(): Promise<RoleEditorPage> {
    await this.page.getByRole('link', { name: 'Edit', exact: true }).click();
    return new RoleEditorPage(this.page);
  }

  async clone(): Promise<RoleEditorPage> {
    await this.page.getByRole('link', { name: 'Clone', exact: true }).click();
    return new RoleEditorPage(this.page);
  }

  async delete(kind: 'ClusterRole' | 'Role'): Promise<void> {
    await this.page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toContainText('permanently deletes');
    await dialog.getByRole('button', { name: `Delete ${kind}` }).click();
  }
}
