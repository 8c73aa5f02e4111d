#!/usr/bin/env node
// `pnpm test`: build, typecheck, lint, unit + integration (Vitest), e2e (Playwright).
// Every stage runs even if an earlier test stage failed, so one run shows every failure;
// the last line is the combined count of tests passed and failed.
import './require-node.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, '.vitest-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const failures = [];
function step(name, cmd, args, { fatal = false, env = {} } = {}) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  if (!ok) {
    failures.push(name);
    console.log(`=== ${name} FAILED (exit ${r.status ?? r.signal})`);
    if (fatal) finish();
  }
  return ok;
}

let passed = 0;
let failed = 0;
let skipped = 0;
function count(file, read) {
  if (!existsSync(file)) return false;
  const c = read(JSON.parse(readFileSync(file, 'utf8')));
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
  return true;
}

function finish() {
  count(join(reports, 'vitest.json'), (r) => ({
    passed: r.numPassedTests ?? 0,
    failed: r.numFailedTests ?? 0,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  }));
  count(join(reports, 'playwright.json'), (r) => ({
    passed: r.stats?.expected ?? 0,
    failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0),
    skipped: r.stats?.skipped ?? 0,
  }));
  if (failures.length) console.log(`\nFailed stages: ${failures.join(', ')}`);
  if (passed + failed === 0) {
    console.log('\nNo test ran.');
    process.exit(1);
  }
  console.log(
    `\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
  process.exit(failures.length || failed ? 1 : 0);
}

step('build', 'pnpm', ['build'], { fatal: true });
step('typecheck', 'pnpm', ['typecheck']);
step('lint', 'pnpm', ['lint']);
step('unit+integration', 'pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(reports, 'vitest.json')}`,
]);
step('e2e', 'pnpm', ['--filter', '@gatehouse/e2e', 'test'], {
  env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json') },
});
finish();
