import { expect, type Locator, type Page } from '@playwright/test';
import { SignInPage, type DemoUser } from './SignInPage.js';

/** The console frame: primary navigation, scope pickers and the user menu. */
export class ConsolePage {
  readonly nav: Locator;
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Primary' });
    this.main = page.locator('main');
  }

  static async signIn(page: Page, user: DemoUser, returnTo?: string): Promise<ConsolePage> {
    const signIn = new SignInPage(page);
    await signIn.open(returnTo);
    await signIn.signInAs(user);
    return new ConsolePage(page);
  }

  navLink(name: string): Locator {
    return this.nav.getByRole('link', { name, exact: true });
  }

  async navLinkNames(): Promise<string[]> {
    return (await this.nav.getByRole('link').allTextContents()).map((t) => t.trim());
  }

  heading(name: string | RegExp): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }

  /** Switches the cluster with the top bar's picker (embedded: `dev` or `staging`). */
  async chooseCluster(id: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Cluster' }).selectOption(id);
    await expect(this.page).toHaveURL(new RegExp(`/c/${id}(/|$)`));
  }

  /** The top bar's namespace search. */
  get namespacePicker(): Locator {
    return this.page.getByRole('combobox', { name: 'Namespace' });
  }

  /** The picker's list of namespaces (open while the picker has focus and matches something). */
  get namespaceOptions(): Locator {
    return this.page.getByRole('listbox', { name: 'Namespaces' });
  }

  /** The option for `namespace` ('' for all namespaces); its name may carry the project after a comma. */
  namespaceOption(namespace: string): Locator {
    const escaped = namespace.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    const name = namespace ? new RegExp(`^${escaped}(,|$)`) : 'All namespaces';
    return this.namespaceOptions.getByRole('option', { name });
  }

  /** Picks a namespace in the top bar ('' for all): types it into the search and takes its option. */
  async chooseNamespace(namespace: string): Promise<void> {
    await this.namespacePicker.click();
    await this.namespacePicker.fill(namespace);
    await this.namespaceOption(namespace).click();
    await expect(this.page).toHaveURL(
      namespace
        ? new RegExp(`/ns/${encodeURIComponent(namespace)}(/|$)`)
        : /\/c\/[^/?]+(\/(?!ns\/).*)?(\?.*)?$/,
    );
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: /User menu for/ }).click();
    await this.page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }

  toast(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }
}
