import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromArgs } from '../src/cli.js';
import { ConfigError, parseConfig, type BffConfigInput } from '../src/config.js';
import { clustersFromKubeconfig } from '../src/cluster-targets.js';

function fromArgs(argv: string[], env: NodeJS.ProcessEnv = {}): BffConfigInput {
  const r = configFromArgs(argv, env);
  if (r.help) throw new Error('help');
  return r.config;
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('embedded by default: demo sign-in on 127.0.0.1:8080', () => {
    const c = parseConfig(fromArgs([]));
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, auth: ['demo'] });
    expect(c.kubeconfig).toBeUndefined();
  });

  it('flags win over environment variables', () => {
    const c = parseConfig(fromArgs(['--port', '0'], { PORT: '9000', GATEHOUSE_HOST: '::1' }));
    expect(c.port).toBe(0);
    expect(c.host).toBe('::1');
    expect(problems(() => parseConfig(fromArgs(['--host', '0.0.0.0'])))).toEqual([
      'publicOrigin: listening on all interfaces needs --public-origin (the URL browsers use), for CSRF and OIDC checks',
    ]);
  });

  it('with a kubeconfig the default sign-in is a token, and demo is refused', () => {
    expect(parseConfig(fromArgs(['--kubeconfig', '/x/config'])).auth).toEqual(['token']);
    expect(
      problems(() => parseConfig(fromArgs(['--kubeconfig', '/x/config', '--auth', 'demo']))),
    ).toEqual(['auth: demo sign-in exists only with the embedded devcluster (no --kubeconfig)']);
  });

  it('names every bad flag at once', () => {
    const p = problems(() =>
      fromArgs(['--port', 'eighty', '--oidc-issuer', 'https://idp.example']),
    );
    expect(p).toContain('--port: "eighty" is not a whole number');
    expect(p).toContain('--oidc-issuer and --oidc-client-id go together');
    expect(problems(() => fromArgs(['--prot', '1']))[0]).toMatch(/Unknown option '--prot'/);
    expect(problems(() => parseConfig(fromArgs(['--auth', 'oidc,magic'])))).toEqual([
      expect.stringMatching(/^auth\.1: Invalid option/),
    ]);
    expect(problems(() => parseConfig(fromArgs(['--auth', 'oidc'])))).toEqual([
      'oidc: auth mode oidc needs --oidc-issuer and --oidc-client-id',
    ]);
    expect(problems(() => parseConfig(fromArgs(['--session-keys', 'short'])))).toEqual([
      'sessionKeys.0: must be 32 bytes, base64url',
    ]);
  });

  it('reads OIDC settings from flags and environment', () => {
    const c = parseConfig(
      fromArgs(
        [
          '--auth',
          'oidc',
          '--oidc-issuer',
          'https://idp.example',
          '--oidc-scopes',
          'openid,groups',
        ],
        {
          GATEHOUSE_OIDC_CLIENT_ID: 'gatehouse',
          GATEHOUSE_OIDC_CLIENT_SECRET: 's3cret',
        },
      ),
    );
    expect(c.oidc).toMatchObject({
      issuer: 'https://idp.example',
      clientId: 'gatehouse',
      clientSecret: 's3cret',
      scopes: ['openid', 'groups'],
      groupsClaim: 'groups',
    });
  });
});

describe('kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bff-kc-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('makes each context a cluster with the context user as the BFF identity', async () => {
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    const path = write(
      'two.yaml',
      `apiVersion: v1
kind: Config
clusters:
- name: a
  cluster: { server: "https://a.example:6443/", certificate-authority: ca.pem }
- name: b
  cluster: { server: "https://b.example", certificate-authority-data: ${Buffer.from('B CA').toString('base64')} }
users:
- name: bff
  user: { token: abc }
contexts:
- name: Prod_EU
  context: { cluster: a, user: bff }
- name: staging
  context: { cluster: b, user: bff }
`,
    );
    const targets = clustersFromKubeconfig(path);
    expect(targets.map(({ bffAuth, ...t }) => ({ ...t, auth: bffAuth.description }))).toEqual([
      {
        id: 'prod-eu',
        name: 'Prod_EU',
        server: 'https://a.example:6443',
        caPem: 'CA PEM',
        source: 'kubeconfig',
        auth: 'token',
      },
      {
        id: 'staging',
        name: 'staging',
        server: 'https://b.example',
        caPem: 'B CA',
        source: 'kubeconfig',
        auth: 'token',
      },
    ]);
    expect(await targets[0]!.bffAuth.credential()).toEqual({ token: 'abc' });
    expect(clustersFromKubeconfig(path, ['staging']).map((c) => c.id)).toEqual(['staging']);
    expect(problems(() => clustersFromKubeconfig(path, ['nope']))).toEqual([
      `kubeconfig ${path}: no context named "nope"`,
    ]);
  });

  it('refuses insecure clusters, malformed exec stanzas, impersonation and auth-provider with the context named', () => {
    const path = write(
      'bad.yaml',
      `clusters:
- name: a
  cluster: { server: "https://a.example", insecure-skip-tls-verify: true }
- name: b
  cluster: { server: "https://b.example" }
users:
- name: exec
  user: { exec: { command: aws } }
- name: as
  user: { token: t, as: someone-else }
- name: provider
  user: { auth-provider: { name: gcp } }
contexts:
- name: one
  context: { cluster: a, user: exec }
- name: two
  context: { cluster: b, user: exec }
- name: three
  context: { cluster: b, user: as }
- name: four
  context: { cluster: b, user: provider }
`,
    );
    expect(problems(() => clustersFromKubeconfig(path))).toEqual([
      `kubeconfig ${path}, context "one": insecure-skip-tls-verify is refused; give the cluster's CA, or leave the context out with --context`,
      `kubeconfig ${path}, context "two": exec: apiVersion: exec apiVersion must be one of client.authentication.k8s.io/v1, client.authentication.k8s.io/v1beta1 (v1alpha1 was removed in Kubernetes 1.24)`,
      `kubeconfig ${path}, context "three": impersonation (as, as-groups, as-uid, as-user-extra) is refused: the BFF impersonates only the signed-in person`,
      `kubeconfig ${path}, context "four": auth-provider credentials are refused (kubectl dropped them in 1.26); use an exec plugin such as kubelogin`,
    ]);
  });
});
