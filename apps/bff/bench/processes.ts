// Starts a devcluster and a BFF in processes of their own for the benchmarks, and stops them.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface Spawned {
  child: ChildProcess;
  url: string;
}

const bffMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
export const devclusterCli = fileURLToPath(
  new URL('./cli.js', import.meta.resolve('@gatehouse/devcluster')),
);

/** Starts a BFF process with these flags (after --port 0 --log-level warn). */
export function spawnBff(args: string[]): Promise<Spawned> {
  return spawnReady(
    [bffMain, '--port', '0', '--log-level', 'warn', ...args],
    /gatehouse ready (http:\/\/\S+)/,
  );
}

/** Starts a CLI in its own process (so client, BFF and cluster do not share an event loop). */
export function spawnReady(args: string[], pattern: RegExp): Promise<Spawned> {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = pattern.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited ${code}: ${out}`)));
  });
}

export async function stop(children: ChildProcess[]): Promise<void> {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) =>
          c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r),
        ),
    ),
  );
}

/** A devcluster in `dir/cluster` (extra flags appended) and a BFF on its gatehouse-bff kubeconfig; started ones land in `children`. */
export async function startClusterAndBff(
  dir: string,
  children: ChildProcess[],
  clusterArgs: string[] = [],
): Promise<{ cluster: Spawned; bff: Spawned }> {
  const cluster = await spawnReady(
    [devclusterCli, '--port', '0', '--data-dir', join(dir, 'cluster'), ...clusterArgs],
    /devcluster ready (https:\/\/\S+)/,
  );
  children.push(cluster.child);
  const bff = await spawnReady(
    [
      bffMain,
      '--port',
      '0',
      '--data-dir',
      join(dir, 'bff'),
      '--log-level',
      'warn',
      '--kubeconfig',
      join(dir, 'cluster', 'kubeconfig', 'gatehouse-bff.yaml'),
    ],
    /gatehouse ready (http:\/\/\S+)/,
  );
  children.push(bff.child);
  return { cluster, bff };
}

/** The bearer token of a devcluster user's kubeconfig. */
export function tokenOf(kubeconfigFile: string): string {
  const kc = parse(readFileSync(kubeconfigFile, 'utf8')) as {
    users: Array<{ user: { token: string } }>;
  };
  return kc.users[0]!.user.token;
}
