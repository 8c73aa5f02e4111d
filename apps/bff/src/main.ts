#!/usr/bin/env node
import { configFromArgs, helpText } from './cli.js';
import { ConfigError } from './config.js';
import { startBff } from './index.js';

async function main(): Promise<void> {
  const parsed = configFromArgs(process.argv.slice(2), process.env);
  if (parsed.help) {
    process.stdout.write(helpText());
    return;
  }
  const running = await startBff(parsed.config);
  const { clusters } = running.bff.context;
  // The one line scripts and tests wait for; then a line on stderr per cluster the BFF cannot use.
  process.stdout.write(`gatehouse ready ${running.url} (${clusters.describe()})\n`);
  for (const c of clusters.list) {
    const s = clusters.identities.status(c.id);
    if (s.credentials !== 'ok' || s.problem)
      process.stderr.write(
        `gatehouse: cluster "${c.name}": ${s.credentials === 'rejected' ? 'credentials rejected' : s.credentials}: ${s.problem ?? ''}\n`,
      );
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`gatehouse: error while stopping: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError)
    process.stderr.write(`gatehouse: ${err.message}\n\n${helpText()}`);
  else process.stderr.write(`gatehouse: cannot start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(2);
});
