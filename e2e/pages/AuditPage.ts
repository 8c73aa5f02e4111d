import { expect, type Locator, type Page } from '@playwright/test';

/** The audit log page: filters, the records table, and each record's details with its diff. */
export class AuditPage {
  readonly filters: Locator;

  constructor(readonly page: Page) {
    this.filters = page.getByRole('form', { name: 'Audit filters' });
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/c/dev/audit${query}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  }

  async filterBy(fields: { person?: string; name?: string; kind?: string; outcome?: string }) {
    if (fields.person !== undefined) await this.filters.getByLabel('Person').fill(fields.person);
    if (fields.name !== undefined) await this.filters.getByLabel('Object name').fill(fields.name);
    if (fields.kind !== undefined) await this.filters.getByLabel('Kind').selectOption(fields.kind);
    if (fields.outcome !== undefined)
      await this.filters.getByLabel('Outcome').selectOption(fields.outcome);
    await this.filters.getByRole('button', { name: 'Filter' }).click();
  }

  /** Rows are labelled "audit <verb> <resource> <name> by <person>". */
  row(verb: string, resource: string, name: string, by: string): Locator {
    return this.page.getByRole('row', { name: `audit ${verb} ${resource} ${name} by ${by}` });
  }

  rows(): Locator {
    return this.page.getByRole('row', { name: /^audit / });
  }

  async details(verb: string, resource: string, name: string): Promise<Locator> {
    await this.page
      .getByRole('button', { name: `Show details of ${verb} ${resource} ${name}` })
      .first()
      .click();
    return this.page.getByLabel('Object diff');
  }
}
