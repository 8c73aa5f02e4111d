import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

/** The static token the embedded devcluster issued to a seeded user (written to the BFF's data dir). */
export function seededToken(user: string): string {
  const dir = process.env.GATEHOUSE_E2E_DATA_DIR;
  if (!dir)
    throw new Error(
      'GATEHOUSE_E2E_DATA_DIR is not set: run the suite through playwright.config.ts',
    );
  const tokens = JSON.parse(readFileSync(join(dir, 'devcluster', 'tokens.json'), 'utf8')) as Record<
    string,
    string
  >;
  const token = tokens[user];
  if (!token) throw new Error(`no seeded token for ${user}`);
  return token;
}

export async function signInWithToken(page: Page, token: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Token' }).fill(token);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
}
