#!/usr/bin/env node
// Runs the e2e spec files in a given order against one shared stack (or each alone on a fresh one),
// so a spec that leans on another's leftovers, or breaks the next one, shows up:
//
//   pnpm --filter @gatehouse/e2e order-check --order reverse|shuffle|name [--seed N] [--alone] [specs…]
//
// Shared (the default): one BFF with its embedded devclusters is started here, and each file runs in
// its own `playwright test` against it, in the order asked (Playwright itself would sort them), so
// every file sees what the files before it left. --alone: each file on a fresh stack of its own.
// Prints one line per file and a summary with the failing tests; exits 1 if any file failed.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const e2e = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a) => a !== '--');
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const order = flag('--order') ?? 'name';
const seed = Number(flag('--seed') ?? Math.floor(Math.random() * 2 ** 31));
const alone = args.includes('--alone');
const only = args.filter((a) => !a.startsWith('--'));
if (!['reverse', 'shuffle', 'name'].includes(order)) {
  console.error(`--order must be reverse, shuffle or name, not ${order}`);
  process.exit(2);
}

let files = readdirSync(join(e2e, 'tests'))
  .filter((f) => f.endsWith('.spec.ts'))
  .sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
if (order === 'reverse') files.reverse();
if (order === 'shuffle') {
  // mulberry32: the same --seed gives the same order, so a failing order can be run again.
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [files[i], files[j]] = [files[j], files[i]];
  }
}
console.log(
  `order-check: ${files.length} spec files, order ${order}${order === 'shuffle' ? ` (seed ${seed})` : ''}, ${alone ? 'each alone on a fresh stack' : 'one shared stack'}`,
);

const freePort = () =>
  execFileSync(
    process.execPath,
    [
      '-e',
      "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });",
    ],
    { encoding: 'utf8' },
  );

const results = join(mkdtempSync(join(tmpdir(), 'gatehouse-order-check-')));
let server;
const env = { ...process.env };
const stop = () => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

if (!alone) {
  // The same command as playwright.config.ts's webServer, started once for every file.
  env.GATEHOUSE_E2E_PORT = freePort();
  env.GATEHOUSE_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  env.GATEHOUSE_E2E_REUSE_SERVER = '1';
  const port = env.GATEHOUSE_E2E_PORT;
  server = spawn(
    process.execPath,
    [
      join(e2e, '../apps/bff/dist/main.js'),
      '--cluster-source',
      'embedded',
      '--port',
      port,
      '--data-dir',
      env.GATEHOUSE_E2E_DATA_DIR,
      '--auth',
      'demo,token',
    ],
    {
      cwd: e2e,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...env,
        GATEHOUSE_DEVCLUSTER_INCOMPLETE_RULES_REVIEW_FOR:
          'system:serviceaccount:payments:e2e-webhooked',
      },
    },
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/auth/config`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (server.exitCode !== null) throw new Error('the BFF exited before it answered');
    if (Date.now() > deadline) throw new Error('the BFF did not answer within 120 s');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Titles of the tests that did not pass, from Playwright's JSON report. */
function failures(report) {
  const out = [];
  const walk = (suite, path) => {
    for (const s of suite.suites ?? []) walk(s, [...path, s.title]);
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status !== 'expected' && t.status !== 'skipped') {
          const err = t.results?.at(-1)?.error?.message?.split('\n')[0] ?? '';
          out.push(`${[...path.slice(1), spec.title].join(' › ')}${err ? ` — ${err}` : ''}`);
        }
  };
  for (const s of report.suites ?? []) walk(s, [s.title]);
  return out;
}

const summary = [];
for (const [i, file] of files.entries()) {
  const output = join(results, `${file}.json`);
  const started = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(
      'pnpm',
      ['exec', 'playwright', 'test', `tests/${file}`, '--reporter=json'],
      {
        cwd: e2e,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: output },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (c) => {
      if (c !== 0 && stderr.trim()) process.stderr.write(stderr.slice(-2000));
      resolve(c ?? 1);
    });
  });
  let failed = [];
  let passed = 0;
  try {
    const report = JSON.parse(readFileSync(output, 'utf8'));
    failed = failures(report);
    passed = report.stats?.expected ?? 0;
  } catch {
    if (code !== 0) failed = [`playwright exited ${code} without a report`];
  }
  if (code !== 0 && !failed.length) failed = [`playwright exited ${code}`];
  const secs = Math.round((Date.now() - started) / 1000);
  console.log(
    `${String(i + 1).padStart(2)}/${files.length} ${failed.length ? 'FAIL' : 'ok  '} ${file} (${passed} passed${failed.length ? `, ${failed.length} failed` : ''}, ${secs} s)`,
  );
  for (const f of failed) console.log(`        ✗ ${f}`);
  summary.push({ file, failed });
}

stop();
rmSync(results, { recursive: true, force: true });
const bad = summary.filter((s) => s.failed.length);
console.log(
  bad.length
    ? `order-check (${order}${alone ? ', alone' : ''}): ${bad.length} of ${files.length} files failed: ${bad.map((b) => b.file).join(', ')}`
    : `order-check (${order}${alone ? ', alone' : ''}): all ${files.length} files passed`,
);
process.exit(bad.length ? 1 : 0);
