import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Debian's Chromium, never a downloaded browser (`playwright install` is not part of this project).
const chromium = '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(
    `Chromium is missing at ${chromium}: install it with "apt-get update && apt-get install -y chromium" (the e2e suite does not download browsers).`,
  );
}

// A free port unless GATEHOUSE_E2E_PORT names one, so a busy port (another run, a dev server) never
// fails the suite. Workers load this file again and inherit the port through the environment.
process.env.GATEHOUSE_E2E_PORT ??= execFileSync(
  process.execPath,
  [
    '-e',
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });",
  ],
  { encoding: 'utf8' },
);
const port = Number(process.env.GATEHOUSE_E2E_PORT);
// Each run starts the whole stack on a fresh embedded devcluster with the demo seed. Workers
// load this file again: they inherit the directory through the environment instead of making one.
const dataDir = process.env.GATEHOUSE_E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
process.env.GATEHOUSE_E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: 'tests',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/results.json' },
    ],
  ],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `node ../apps/bff/dist/main.js --cluster-source embedded --port ${port} --data-dir ${dataDir} --auth demo,token`,
    url: `http://127.0.0.1:${port}/api/auth/config`,
    // The BFF's embedded devcluster answers this identity's rules reviews as incomplete (as with a
    // webhook authorizer in the chain); only incomplete-rules-review.spec.ts signs in as it.
    env: {
      GATEHOUSE_DEVCLUSTER_INCOMPLETE_RULES_REVIEW_FOR:
        'system:serviceaccount:payments:e2e-webhooked',
    },
    // scripts/order-check.mjs starts one stack and runs each spec file against it in turn.
    reuseExistingServer: process.env.GATEHOUSE_E2E_REUSE_SERVER === '1',
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
