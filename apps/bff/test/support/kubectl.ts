import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real kubectl with a kubeconfig file written from `yaml`. */
export function kubectlWith(dir: string, name: string, yaml: string) {
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(file, yaml, { mode: 0o600 });
  return kubectlFile(file);
}

/** Runs the real kubectl with a kubeconfig file that exists (e.g. a devcluster's admin.yaml). */
export function kubectlFile(file: string) {
  return (...args: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      execFile(
        '/usr/bin/kubectl',
        ['--kubeconfig', file, '--request-timeout=20s', ...args],
        { timeout: 60_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
}
