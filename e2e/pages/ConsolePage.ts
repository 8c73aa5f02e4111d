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

  async chooseNamespace(namespace: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Namespace' }).selectOption(namespace);
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
