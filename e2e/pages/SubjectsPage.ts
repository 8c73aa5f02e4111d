import { expect, type Locator, type Page } from '@playwright/test';

/** The subject directory: search, kind filter and a virtualized table of subjects. */
export class SubjectsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/c/dev/access/subjects');
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: 'Subjects' })).toBeVisible();
    await expect(this.table()).toBeVisible();
  }

  table(): Locator {
    return this.page.getByRole('table', { name: 'Subjects' });
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search subjects' }).fill(text);
  }

  async kind(kind: 'User' | 'Group' | 'ServiceAccount' | ''): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Kind' }).selectOption(kind);
  }

  /** The link to a subject's access page, named "<Kind> <name>" (namespace/name for a ServiceAccount). */
  subject(kind: 'User' | 'Group' | 'ServiceAccount', label: string): Locator {
    return this.table().getByRole('link', { name: `${kind} ${label}`, exact: true });
  }

  subjectLinks(): Locator {
    return this.table().getByRole('link');
  }

  count(): Locator {
    return this.page.getByText(/^(\d+ subjects?|Showing \d+ of \d+ subjects)$/);
  }
}

/** A subject field with directory suggestions (the WAI-ARIA combobox pattern). */
export class SubjectSuggestions {
  constructor(readonly input: Locator) {}

  /** The listbox the field controls (aria-controls). */
  async listbox(): Promise<Locator> {
    const id = await this.input.getAttribute('aria-controls');
    expect(id, 'a combobox names its listbox').toBeTruthy();
    return this.input.page().locator(`[id="${id}"]`);
  }

  async option(kind: 'User' | 'Group' | 'ServiceAccount', label: string): Promise<Locator> {
    return (await this.listbox()).getByRole('option', {
      name: new RegExp(`^${kind} ${escape(label)},`),
    });
  }

  /** The option the field marks active (aria-activedescendant). */
  async active(): Promise<Locator> {
    const id = await this.input.getAttribute('aria-activedescendant');
    expect(id, 'an option is active').toBeTruthy();
    return this.input.page().locator(`[id="${id}"]`);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
