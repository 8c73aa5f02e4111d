import { defineConfig } from 'vitest/config';

// One runner for every package's unit and integration tests; e2e runs under Playwright.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
