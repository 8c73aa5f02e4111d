/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Browser benchmarks: real Chromium against a BFF with its embedded devcluster (demo sign-in as alice).
// Prints figures; asserts nothing about time. Targets from issue 14: who-can with 10,000 subjects
// rendered and interactive < 500 ms; a filter keystroke on a 5,000-row list < 50 ms median; scrolling
// a list with < 5% of frames over 16.7 ms, counted from Chromium's own trace.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { createScaleFixture } from '../pages/ScaleFixture.js';

const RBAC = 'rbac.authorization.k8s.io';
const runs = Number(process.env.BENCH_WEB_RUNS ?? 7);
const listSize = Number(process.env.BENCH_WEB_LIST ?? 5000);
const bffMain = fileURLToPath(new URL('../../apps/bff/dist/main.js', import.meta.url));

function startBff(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      bffMain,
      '--cluster-source',
      'embedded',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--auth',
      'demo',
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /gatehouse ready (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`BFF exited ${code}: ${out}`)));
  });
}

/** POSTs objects straight to the devcluster as its admin, 16 at a time (kubectl creates one by one). */
async function createMany(kubeconfig: string, path: string, objects: object[]): Promise<void> {
  const text = readFileSync(kubeconfig, 'utf8');
  const server = new URL(/server: (\S+)/.exec(text)![1]!);
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(text)![1]!, 'base64');
  const token = /token: (\S+)/.exec(text)![1]!;
  const agent = new Agent({ keepAlive: true, ca });
  let next = 0;
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: server.hostname,
          port: server.port,
          method: 'POST',
          path,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 201
              ? resolve()
              : reject(new Error(`${path}: HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < objects.length) await post(JSON.stringify(objects[next++]));
    }),
  );
  agent.destroy();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function whoCanBench(page: Page, base: string, q: { apiGroup: string; resource: string }) {
  // Asking from the page (the SPA already loaded), each time a request the cache has not seen
  // (a resource name: the fixture's rule has none, so all 10,000 subjects still match).
  const url = `${base}/c/dev/access/who-can`;
  await page.goto(url);
  const form = page.getByRole('form', { name: 'Who can' });
  await form.getByRole('combobox', { name: 'Verb', exact: true }).fill('get');
  await form.getByRole('textbox', { name: 'API group' }).fill(q.apiGroup);
  await form.getByRole('textbox', { name: 'Resource', exact: true }).fill(q.resource);
  const total: number[] = [];
  const api: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    await form.getByRole('textbox', { name: 'Resource name' }).fill(`bench-${i}`);
    const t = await page.evaluate(async () => {
      const button = [...document.querySelectorAll('button')].find(
        (b) => b.textContent === 'Find subjects',
      )!;
      const section = () => document.querySelector('[role="region"][aria-label^="Cluster-wide"]');
      const old = section();
      performance.clearResourceTimings();
      const start = performance.now();
      button.click();
      await new Promise<void>((resolve) => {
        const check = () => {
          const s = section();
          if (s && s !== old && s.querySelector('ul')) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      // The next frame is produced and the main thread takes a task again: painted and interactive.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const shown = performance.now() - start;
      const res = performance
        .getEntriesByType('resource')
        .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming)
        .find((e) => e.name.includes('/access/who-can'));
      // Then open the largest binding (6,000 subjects) and wait for its rows.
      const t0 = performance.now();
      section()!
        .querySelector<HTMLButtonElement>('button[aria-expanded="false"][aria-controls]')!
        .click();
      await new Promise<void>((resolve) => {
        const check = () => {
          if (section()!.querySelector('table tbody tr[aria-rowindex]')) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      // The next frame is produced and the main thread takes a task again: painted and interactive.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return {
        shown,
        api: res ? res.responseEnd - res.startTime : NaN,
        open: performance.now() - t0,
      };
    });
    if (i === 0) continue; // warm-up
    total.push(t.shown);
    api.push(t.api);
    open.push(t.open);
  }
  const nodes = await page.evaluate<number>('document.getElementsByTagName("*").length');
  console.log(
    `\nwho-can, 10,004 matching subjects (3 fixture ClusterRoleBindings + the seed's), ${runs} runs after 1 warm-up`,
  );
  console.log(
    `  click "Find subjects" → grouped result painted, main thread free: median ${ms(median(total))}, p95 ${ms(p95(total))}  (target < 500 ms)`,
  );
  console.log(
    `    of which the who-can API response:                         median ${ms(median(api))}`,
  );
  console.log(
    `  open the 6,000-subject binding → rows painted:                 median ${ms(median(open))}`,
  );
  console.log(`  DOM elements on the page with that binding open:               ${nodes}`);
}

async function filterBench(page: Page, base: string, names: string[]) {
  await page.goto(`${base}/c/dev/clusterroles`);
  const table = page.getByRole('table', { name: 'ClusterRoles' });
  await table.getByRole('row').nth(1).waitFor();
  await page.waitForFunction(
    (n) =>
      Number(
        document.querySelector('table[aria-label="ClusterRoles"]')?.getAttribute('aria-rowcount'),
      ) > n,
    listSize,
  );
  const search = page.getByLabel('Search by name');
  await search.click();
  const lower = names.map((n) => n.toLowerCase());
  const expected = (needle: string) => lower.filter((n) => n.includes(needle.toLowerCase())).length;
  // Each keystroke narrows (or, with Backspace, widens) the list; timed from the key event to the
  // frame after the table shows the new count (the filter is a deferred render, so the input echo
  // alone would flatter it).
  const needles = ['bench-r-1', 'bench-r-42', '-r-0', 'r-31'];
  const times: number[] = [];
  for (const [round, needle] of [needles[0]!, ...needles].entries()) {
    const steps = [...needle].map((_, i) => needle.slice(0, i + 1));
    const seq = [
      ...steps.map((s, i) => ({ key: needle[i]!, value: s })),
      ...steps
        .slice(0, -1)
        .reverse()
        .map((s) => ({ key: 'Backspace', value: s })),
      { key: 'Backspace', value: '' },
    ];
    for (const { key, value } of seq) {
      await page.evaluate(() => {
        const w = window as unknown as { benchKeyAt?: number };
        w.benchKeyAt = undefined;
        document.addEventListener('keydown', (e) => (w.benchKeyAt = e.timeStamp), {
          once: true,
          capture: true,
        });
      });
      await page.keyboard.press(key);
      const t = await page.evaluate(async (count) => {
        const w = window as unknown as { benchKeyAt?: number };
        await new Promise<void>((resolve) => {
          const check = () => {
            const n = document
              .querySelector('table[aria-label="ClusterRoles"]')
              ?.getAttribute('aria-rowcount');
            if (Number(n) === count + 1) resolve();
            else requestAnimationFrame(check);
          };
          check();
        });
        // The next frame is produced and the main thread takes a task again: painted and interactive.
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - w.benchKeyAt!;
      }, expected(value));
      if (round > 0) times.push(t); // round 0 warms up
    }
  }
  console.log(
    `\nfilter keystroke on the ClusterRoles list (${names.length} rows), ${times.length} keystrokes`,
  );
  console.log(
    `  key down → filtered table painted: median ${ms(median(times))}, p95 ${ms(p95(times))}, max ${ms(Math.max(...times))}  (target median < 50 ms)`,
  );
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

async function scrollBench(page: Page, base: string) {
  await page.goto(`${base}/c/dev/clusterroles`);
  const table = page.getByRole('table', { name: 'ClusterRoles' });
  await table.getByRole('row').nth(1).waitFor();
  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
      'blink.user_timing',
    ],
  });
  const wheelStart = Date.now();
  // Scrolls the list's own scroller 40 px every animation frame for 4 s, down then up, so a new
  // frame is due at every vsync: any gap longer than one is a frame the user saw stall.
  await page.evaluate(async () => {
    const el = document.querySelector('table[aria-label="ClusterRoles"]')!.parentElement!;
    const end = performance.now() + 4000;
    let down = true;
    performance.mark('bench-scroll-start');
    await new Promise<void>((resolve) => {
      const step = () => {
        if (performance.now() > end) {
          performance.mark('bench-scroll-end');
          return resolve();
        }
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) down = false;
        if (el.scrollTop <= 0) down = true;
        el.scrollTop += down ? 40 : -40;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  });
  const seconds = (Date.now() - wheelStart) / 1000;
  const buffer = await browser.stopTracing();
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  // The renderer of this page: the process whose main thread ran the scroll's frames.
  const draws = events.filter((e) => e.name === 'DrawFrame');

  const byPid = new Map<number, TraceEvent[]>();
  for (const d of draws) byPid.set(d.pid, [...(byPid.get(d.pid) ?? []), d]);
  const frames = [...byPid.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const mark = (name: string) => events.find((e) => e.name === name)?.ts;
  const from = mark('bench-scroll-start') ?? -Infinity;
  const to = mark('bench-scroll-end') ?? Infinity;
  const ts = frames
    .map((f) => f.ts)
    .filter((t) => t >= from && t <= to)
    .sort((a, b) => a - b);
  const intervals = ts.slice(1).map((t, i) => (t - ts[i]!) / 1000);
  // A frame "over 16.7 ms" is one presented more than a vsync after the previous one (1 ms slack for
  // timestamp jitter); the scroll ran the whole time, so every gap is a frame the user waited for.
  const long = intervals.filter((d) => d > 17.7).length;
  const mainTasks = events.filter(
    (e) => e.name === 'RunTask' && e.ph === 'X' && (e.dur ?? 0) > 16_700 && byPid.has(e.pid),
  ).length;
  console.log(
    `\nscrolling the ClusterRoles list (${listSize}+ rows), ${seconds.toFixed(1)} s scrolled 40 px a frame, Chromium trace`,
  );
  console.log(
    `  ${ts.length} frames drawn while scrolling; ${long} (${((100 * long) / Math.max(1, intervals.length)).toFixed(1)}%) over 16.7 ms after the previous one; ${events.filter((e) => e.name === 'DroppedFrame' && e.ts >= from && e.ts <= to).length} DroppedFrame events; ${mainTasks} main-thread tasks over 16.7 ms  (target < 5%)`,
  );
  console.log(`  frame interval median ${ms(median(intervals))}, p95 ${ms(p95(intervals))}`);
}

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-web-bench-'));
let bff: ChildProcess | undefined;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
  ],
});
try {
  const started = await startBff(dir);
  bff = started.child;
  const admin = join(dir, 'devcluster', 'kubeconfig', 'admin.yaml');
  const fixture = await createScaleFixture(admin, 'bench');
  const names = Array.from({ length: listSize }, (_, i) => `bench-r-${String(i).padStart(5, '0')}`);
  await createMany(
    admin,
    `/apis/${RBAC}/v1/clusterroles`,
    names.map((name) => ({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name, labels: { team: `t${name.slice(-2)}` } },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    })),
  );
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // tsx (esbuild, keepNames) wraps named functions in __name(); the functions handed to
  // page.evaluate run in the page, which needs a stand-in.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(`${started.url}/sign-in`);
  await page.getByRole('button', { name: 'Sign in as alice' }).click();
  await page.getByRole('button', { name: 'User menu for alice' }).waitFor();
  const all = await page.evaluate(async () => {
    const r = await fetch(`/k8s/dev/apis/rbac.authorization.k8s.io/v1/clusterroles`);
    return ((await r.json()) as { items: Array<{ metadata: { name: string } }> }).items.map(
      (i) => i.metadata.name,
    );
  });
  console.log(`Chromium ${browser.version()}, viewport 1440×900, ${all.length} ClusterRoles`);
  await whoCanBench(page, started.url, fixture);
  await filterBench(page, started.url, all);
  await scrollBench(page, started.url);
} finally {
  await browser.close();
  bff?.kill('SIGTERM');
  if (bff && bff.exitCode === null && bff.signalCode === null)
    await new Promise((r) => bff!.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
