import { expect, type Locator, type Page } from '@playwright/test';

/** Import YAML: paste or pick a file, dry-run, read the diffs, apply. */
export class ImportPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/c/dev/import');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Import YAML' })).toBeVisible();
  }

  async paste(text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'YAML to import' }).fill(text);
  }

  async dryRun(): Promise<void> {
    await this.page.getByRole('button', { name: 'Check with a dry run' }).click();
  }

  get errors(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  }

  /** One object's entry in the dry run or the results, by its label ("ClusterRole x"). */
  object(label: string): Locator {
    return this.page.getByRole('listitem', { name: label, exact: true });
  }

  diff(label: string): Locator {
    return this.page.getByRole('figure', { name: `Diff of ${label}` });
  }

  applyButton(): Locator {
    return this.page.getByRole('button', { name: /^Apply \d+ changes?$/ });
  }
}
