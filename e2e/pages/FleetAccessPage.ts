import { type Locator, type Page } from '@playwright/test';
import { AnalysisForm } from './AccessPages.js';

/** Fleet → Access: who-can, check and compare across clusters, a column per cluster. */
export class FleetAccessPage {
  constructor(readonly page: Page) {}

  tab(name: 'Who can' | 'Check access' | 'Compare clusters'): Locator {
    return this.page.getByRole('tab', { name });
  }

  form(title: string): AnalysisForm {
    return new AnalysisForm(this.page, title);
  }

  /** One cluster's column of the answer. */
  column(cluster: string): Locator {
    return this.page.getByRole('region', { name: `Cluster ${cluster}`, exact: true });
  }

  /** A table of the comparison ("Only on dev", "Only on staging", "On both"). */
  compared(title: string): Locator {
    return this.page.getByRole('region', { name: title, exact: true });
  }

  async compareClusters(a: string, b: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Compare a subject between two clusters' });
    await form.getByRole('combobox', { name: 'Cluster A' }).selectOption(a);
    await form.getByRole('combobox', { name: 'Cluster B' }).selectOption(b);
  }
}

/** The "Copy to clusters…" dialog of a binding's page: targets, the plan per cluster, the results. */
export class CopyBindingDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^Copy .* to clusters$/ });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Copy to clusters…' }).click();
  }

  target(cluster: string): Locator {
    return this.dialog.getByRole('checkbox', { name: cluster, exact: true });
  }

  plan(cluster: string): Locator {
    return this.dialog.getByRole('listitem', { name: `Plan for ${cluster}` });
  }

  result(cluster: string): Locator {
    return this.dialog.getByRole('listitem', { name: `Result for ${cluster}` });
  }

  button(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }
}
