import { expect, type Page } from '@playwright/test';

export type DemoUser = 'alice' | 'bob' | 'joe' | 'carol';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async open(returnTo?: string): Promise<void> {
    await this.page.goto(
      returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in',
    );
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }

  async signInAs(user: DemoUser): Promise<void> {
    await this.page.getByRole('button', { name: `Sign in as ${user}` }).click();
    await expect(this.page.getByRole('button', { name: `User menu for ${user}` })).toBeVisible();
  }
}
