import { expect, type Locator, type Page } from '@playwright/test';

type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

async function addSubject(
  scope: Locator,
  kind: SubjectKind,
  name: string,
  namespace?: string,
): Promise<void> {
  const form = scope.getByRole('group', { name: 'Add a subject' });
  await form.getByRole('combobox', { name: 'Kind' }).selectOption(kind);
  await form.getByLabel('Subject name', { exact: true }).fill(name);
  if (namespace !== undefined)
    await form.getByRole('textbox', { name: 'Subject namespace' }).fill(namespace);
  await form.getByRole('button', { name: /Add subject|Saving/ }).click();
}

/** Create form for ClusterRoleBindings and RoleBindings. */
export class BindingCreatePage {
  constructor(readonly page: Page) {}

  async fill(name: string, role: { kind: 'ClusterRole' | 'Role'; name: string }): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    // ClusterRoleBindings can only reference ClusterRoles, so their kind picker is fixed.
    if (role.kind === 'Role')
      await this.page.getByRole('combobox', { name: 'Role kind' }).selectOption(role.kind);
    await this.page.getByRole('combobox', { name: 'Role name' }).fill(role.name);
  }

  async addSubject(kind: SubjectKind, name: string, namespace?: string): Promise<void> {
    await addSubject(this.page.locator('main'), kind, name, namespace);
  }

  submitButton(): Locator {
    return this.page.getByRole('button', { name: /^Create (Cluster)?RoleBinding$/ });
  }
}

/** A binding's detail page with its subjects. */
export class BindingDetailPage {
  constructor(readonly page: Page) {}

  async expectLoaded(name: string): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
  }

  subjectsTab(): Locator {
    return this.page.getByRole('tab', { name: /^Subjects/ });
  }

  subjectRow(name: string): Locator {
    return this.page.getByRole('tabpanel').getByRole('listitem').filter({ hasText: name });
  }

  /** Adds a subject to the saved binding: the form, then the dialog showing its impact. */
  async addSubject(kind: SubjectKind, name: string, namespace?: string): Promise<void> {
    await addSubject(this.page.getByRole('tabpanel'), kind, name, namespace);
    const dialog = this.page.getByRole('dialog', { name: /^Add (User|Group|ServiceAccount) / });
    await dialog.getByRole('button', { name: 'Add to binding' }).click();
    await expect(dialog).toBeHidden();
  }

  async removeSubject(kind: SubjectKind, label: string): Promise<void> {
    await this.page.getByRole('button', { name: `Remove ${kind} ${label}` }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Remove subject' }).click();
    await expect(dialog).toBeHidden();
  }

  async delete(kind: 'ClusterRoleBinding' | 'RoleBinding'): Promise<void> {
    await this.page.getByRole('button', { name: 'Delete', exact: true }).click();
    await this.page
      .getByRole('dialog')
      .getByRole('button', { name: `Delete ${kind}` })
      .click();
  }
}
