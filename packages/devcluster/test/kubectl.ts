// Runs the real /usr/bin/kubectl against a test cluster with a generated kubeconfig.
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCluster } from './helpers.js';

export const KUBECTL = '/usr/bin/kubectl';

export function requireKubectl(): void {
  if (!existsSync(KUBECTL)) {
    throw new Error(
      `kubectl is missing at ${KUBECTL}: the kubectl suite runs the real client (v1.32) and cannot pass without it`,
    );
  }
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl as `user` (a seeded user's kubeconfig); stdin is given when `input` is set. */
export function kubectl(
  tc: TestCluster,
  user: string,
  args: string[],
  input?: string,
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      KUBECTL,
      ['--cache-dir', join(tc.dir, 'kube-cache'), ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: tc.dir,
          KUBECONFIG: tc.cluster.kubeconfigPath(user),
        },
        timeout: 30_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Writes a manifest into the test dir and returns its path. */
export function manifest(tc: TestCluster, name: string, text: string): string {
  const file = join(tc.dir, name);
  writeFileSync(file, text);
  return file;
}
