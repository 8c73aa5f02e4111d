#!/usr/bin/env node
// `npm start` / `pnpm start`: install if needed, build, then run the console.
// Without --kubeconfig the BFF starts the embedded devcluster seeded with the demo organisation, even
// where KUBECONFIG is exported or KUBERNETES_SERVICE_HOST is set: a real cluster is only ever used when
// asked for. Extra arguments pass through to the BFF: `npm start -- --kubeconfig ~/.kube/config`.
import './require-node.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = pkg.packageManager.split('@')[1];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(
      `start: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}); nothing started.`,
    );
    process.exit(r.status || 1);
  }
}

// pnpm as pinned in package.json: the one on PATH if it matches, else through npx.
const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
const pnpm =
  onPath.status === 0 && onPath.stdout.trim() === pnpmVersion
    ? ['pnpm']
    : ['npx', '--yes', `pnpm@${pnpmVersion}`];
const pnpmRun = (...args) => run(pnpm[0], [...pnpm.slice(1), ...args]);

const modules = join(root, 'node_modules', '.modules.yaml');
const lock = join(root, 'pnpm-lock.yaml');
if (!existsSync(modules) || statSync(modules).mtimeMs < statSync(lock).mtimeMs) {
  console.log('start: installing dependencies');
  pnpmRun('install', '--frozen-lockfile');
}
console.log('start: building');
pnpmRun('build');

const entry = join(root, 'apps', 'bff', 'dist', 'main.js');
const passed = process.argv.slice(2);
const chosen = passed.some((a) => /^--(kubeconfig|cluster-source)(=|$)/.test(a));
const child = spawn(
  process.execPath,
  [entry, ...(chosen ? [] : ['--cluster-source', 'embedded']), ...passed],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
