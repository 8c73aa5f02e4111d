#!/usr/bin/env node
// `node dist/cli.js --port PORT --data-dir DIR [--seed demo|staging|empty] [--state-file FILE] [--host HOST] [--incomplete-rules-review-for USER,…] [--help]`
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { startDevCluster } from './cluster.js';
import { EMULATED_VERSIONS } from './emulation.js';
import { parseUserList } from './faults.js';
import { SEED_NAMES } from './seed.js';

const args = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(6443),
  'data-dir': z.string().min(1),
  seed: z.enum(SEED_NAMES).default('demo'),
  'state-file': z.string().min(1).optional(),
  host: z.string().min(1).default('127.0.0.1'),
  'allow-anonymous': z.boolean().default(false),
  'incomplete-rules-review-for': z.string().optional(),
  'emulate-version': z.enum(EMULATED_VERSIONS).optional(),
  crds: z.string().min(1).optional(),
});

const crdManifest = z
  .object({
    apiVersion: z.literal('apiextensions.k8s.io/v1'),
    kind: z.literal('CustomResourceDefinition'),
    metadata: z.object({ name: z.string().min(1) }).loose(),
  })
  .loose();

/** The CustomResourceDefinitions in a YAML (or JSON) file: documents, or items of a List. */
function readCrds(file: string): z.infer<typeof crdManifest>[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown);
  const items = docs.flatMap((d) =>
    d && typeof d === 'object' && (d as { kind?: unknown }).kind === 'List'
      ? ((d as { items?: unknown[] }).items ?? [])
      : d === null
        ? []
        : [d],
  );
  return items.map((item, i) => {
    const r = crdManifest.safeParse(item);
    if (!r.success)
      usageError(`--crds: item ${i + 1} of ${file} is not a v1 CustomResourceDefinition`);
    return r.data;
  });
}

const OPTIONS = {
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  seed: { type: 'string' },
  'state-file': { type: 'string' },
  host: { type: 'string' },
  'allow-anonymous': { type: 'boolean' },
  'incomplete-rules-review-for': { type: 'string' },
  'emulate-version': { type: 'string' },
  crds: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: devcluster --port PORT --data-dir DIR [--seed demo|staging|empty] [--state-file FILE] [--host HOST]
                  [--allow-anonymous] [--incomplete-rules-review-for USER,…] [--emulate-version V]
                  [--crds FILE]

A Kubernetes-API-compatible server over HTTPS for Gatehouse's embedded default and tests.

  --port PORT                    port to listen on; 0 picks a free one (default 6443)
  --data-dir DIR                 where the CA, tokens and kubeconfigs are kept (required)
  --seed demo|staging|empty              objects and users of a fresh cluster (default demo)
  --state-file FILE              keep the objects across restarts in FILE (and FILE.journal)
  --host HOST                    address to listen on (default 127.0.0.1)
  --allow-anonymous              serve requests without credentials as system:anonymous
  --incomplete-rules-review-for  users whose rules reviews answer incomplete (fault)
  --emulate-version 1.23|1.26|1.27
                                 serve as that Kubernetes version did for authentication:
                                 /version, SelfSubjectReview (v1beta1 in 1.27, none before),
                                 legacy ServiceAccount token Secrets (before 1.24)
  --crds FILE                    CustomResourceDefinitions to create when missing, from
                                 YAML documents or a List
  -h, --help                     print this help
`;

function usageError(message: string): never {
  process.stderr.write(`devcluster: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseCommandLine(): ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>> {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (e) {
    // Node's parseArgs throws on an unknown option or a missing value: a usage error, not a crash.
    return usageError(e instanceof Error ? e.message : String(e));
  }
}

async function main(): Promise<void> {
  const { values } = parseCommandLine();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { help: _help, ...rest } = values;
  const parsed = args.safeParse(rest);
  if (!parsed.success)
    usageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
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
    ...(o['emulate-version'] ? { emulateVersion: o['emulate-version'] } : {}),
    ...(o.crds ? { crds: readCrds(o.crds) } : {}),
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
