#!/usr/bin/env node
// `node dist/cli.js --port PORT --data-dir DIR [--seed demo|empty] [--state-file FILE] [--host HOST] [--incomplete-rules-review-for USER,…]`
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startDevCluster } from './cluster.js';
import { parseUserList } from './faults.js';

const args = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(6443),
  'data-dir': z.string().min(1),
  seed: z.enum(['demo', 'empty']).default('demo'),
  'state-file': z.string().min(1).optional(),
  host: z.string().min(1).default('127.0.0.1'),
  'allow-anonymous': z.boolean().default(false),
  'incomplete-rules-review-for': z.string().optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      'state-file': { type: 'string' },
      host: { type: 'string' },
      'allow-anonymous': { type: 'boolean' },
      'incomplete-rules-review-for': { type: 'string' },
    },
  });
  const parsed = args.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(
      `devcluster: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n`,
    );
    process.stderr.write(
      'usage: devcluster --port PORT --data-dir DIR [--seed demo|empty] [--state-file FILE] [--host HOST] [--incomplete-rules-review-for USER,…]\n',
    );
    process.exit(2);
  }
  const o = parsed.data;
  const cluster = await startDevCluster({
    dataDir: o['data-dir'],
    port: o.port,
    host: o.host,
    seed: o.seed,
    allowAnonymous: o['allow-anonymous'],
    ...(o['incomplete-rules-review-for']
      ? { faults: { incompleteRulesReviewFor: parseUserList(o['incomplete-rules-review-for']) } }
      : {}),
    ...(o['state-file'] ? { stateFile: o['state-file'] } : {}),
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    cluster.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`devcluster: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`devcluster ready ${cluster.url}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`devcluster: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
