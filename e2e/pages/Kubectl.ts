import { execFile } from 'node:child_process';

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
