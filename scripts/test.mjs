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
/** Failed tests, `file › title` with the first lines of the error, recapped at the very end. */
const recap = [];
function count(file, read, failures) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const c = read(report);
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
  recap.push(...failures(report));
  return true;
}

const firstLines = (text) =>
  String(text ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 6)
    .map((l) => `      ${l.slice(0, 300)}`)
    .join('\n');

function vitestFailures(r) {
  const out = [];
  for (const f of r.testResults ?? []) {
    const file = String(f.name ?? '').replace(root, '');
    for (const a of f.assertionResults ?? [])
      if (a.status === 'failed')
        out.push(
          `  ${file} › ${a.fullName ?? a.title}\n${firstLines((a.failureMessages ?? []).join('\n'))}`,
        );
    // A file that failed outside any test (an import error, a failing beforeAll) has no failed test.
    if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'))
      out.push(`  ${file}\n${firstLines(f.message)}`);
  }
  return out;
}

function playwrightFailures(r) {
  const out = [];
  const walk = (suite, titles) => {
    for (const s of suite.suites ?? []) walk(s, [...titles, s.title]);
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected' || t.status === 'flaky') {
          const err =
            (t.results ?? []).flatMap((x) => (x.errors?.length ? x.errors : [x.error]))[0] ?? {};
          out.push(
            `  ${[...titles, spec.title].filter(Boolean).join(' › ')}\n${firstLines(err.message)}`,
          );
        }
  };
  for (const s of r.suites ?? []) walk(s, [s.title]);
  return out;
}

function finish() {
  count(
    join(reports, 'vitest.json'),
    (r) => ({
      passed: r.numPassedTests ?? 0,
      failed: r.numFailedTests ?? 0,
      skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    }),
    vitestFailures,
  );
  count(
    join(reports, 'playwright.json'),
    (r) => ({
      passed: r.stats?.expected ?? 0,
      failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0),
      skipped: r.stats?.skipped ?? 0,
    }),
    playwrightFailures,
  );
  // The end of the output is what a CI page shows first: name every failed test there, so a
  // failure far up in a long log (a unit test before 15 minutes of e2e) is never hidden.
  if (recap.length) console.log(`\nFailed tests (${recap.length}):\n${recap.join('\n')}`);
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
