// Static bearer tokens (kept in DATA_DIR/tokens.json) and one kubeconfig per seeded user.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Reuses tokens already issued for these users, minting new ones for the rest. */
export function loadOrCreateTokens(dataDir: string, users: string[]): Record<string, string> {
  const file = join(dataDir, 'tokens.json');
  const tokens: Record<string, string> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
    : {};
  let changed = false;
  for (const u of users) {
    if (!tokens[u]) {
      tokens[u] = randomBytes(24).toString('base64url');
      changed = true;
    }
  }
  if (changed) writeFileSync(file, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  return tokens;
}

export function kubeconfigYaml(server: string, caPem: string, user: string, token: string): string {
  const context = `${user}@devcluster`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'devcluster',
        cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: context, context: { cluster: 'devcluster', user } }],
    'current-context': context,
    preferences: {},
  });
}

export function kubeconfigPath(dataDir: string, user: string): string {
  return join(dataDir, 'kubeconfig', `${user}.yaml`);
}

export function writeKubeconfigs(
  dataDir: string,
  server: string,
  caPem: string,
  tokens: Record<string, string>,
): void {
  mkdirSync(join(dataDir, 'kubeconfig'), { recursive: true, mode: 0o700 });
  for (const [user, token] of Object.entries(tokens)) {
    writeFileSync(kubeconfigPath(dataDir, user), kubeconfigYaml(server, caPem, user, token), {
      mode: 0o600,
    });
  }
}
