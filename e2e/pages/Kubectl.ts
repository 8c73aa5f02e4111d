import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real kubectl with a given kubeconfig file, as the person who downloaded it would run it. */
export function kubectl(kubeconfig: string) {
  return (...args: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      execFile(
        '/usr/bin/kubectl',
        ['--kubeconfig', kubeconfig, '--request-timeout=20s', ...args],
        { timeout: 60_000 },
        (err, stdout, stderr) => {
          resolve({
            code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
            stdout,
            stderr,
          });
        },
      );
    });
}

/** The embedded devclusters the e2e BFF starts: dev (seed demo) and staging (seed staging). */
export type EmbeddedCluster = 'dev' | 'staging';

/**
 * A seeded person's kubeconfig for one embedded devcluster, in the e2e BFF's data dir: dev's under
 * DATA/devcluster, staging's under DATA/devcluster-staging.
 */
export function devclusterKubeconfig(cluster: EmbeddedCluster = 'dev', user = 'admin'): string {
  const dir = cluster === 'dev' ? 'devcluster' : `devcluster-${cluster}`;
  return join(process.env.GATEHOUSE_E2E_DATA_DIR ?? '', dir, 'kubeconfig', `${user}.yaml`);
}

/** The real kubectl as a seeded person (default the cluster admin) on one embedded devcluster. */
export function devclusterKubectl(cluster: EmbeddedCluster = 'dev', user = 'admin') {
  return kubectl(devclusterKubeconfig(cluster, user));
}
