import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClustersResponse } from '../src/contract.js';
import { ConfigError } from '../src/config.js';
import { demoSignIn, embeddedBffForSuite, startTestBff } from './support/bff.js';
import { tempDir } from './support/clusters.js';
import { kubectlFile } from './support/kubectl.js';

// The embedded fleet: `npm start` runs two devclusters, dev (seed demo) and staging (seed staging),
// so pages that span clusters work on a fresh machine. Each is a real devcluster over HTTPS with its
// own CA and data dir; the same people sign in once and are themselves on both.
describe('embedded fleet: dev and staging', () => {
  const suite = embeddedBffForSuite('bff-fleet-', {
    clusterLabels: { staging: { region: 'eu-west' } },
  });

  it('lists both clusters with their labels, dev as the home cluster', async () => {
    const b = suite.bff.browser();
    await demoSignIn(b, 'alice');
    const r = await b.get('/api/clusters');
    expect(r.status).toBe(200);
    const clusters = r.json<ClustersResponse>();
    expect(clusters.map((c) => [c.id, c.home, c.labels, c.healthy])).toEqual([
      ['dev', true, { env: 'dev' }, true],
      ['staging', false, { env: 'staging', region: 'eu-west' }, true],
    ]);
  });

  it('seeds staging differently: bob is admin of payments on dev and has nothing on staging', async () => {
    const b = suite.bff.browser();
    await demoSignIn(b, 'bob');
    const path = '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings';
    expect((await b.get(`/k8s/dev${path}`)).status).toBe(200);
    const refused = await b.get(`/k8s/staging${path}`);
    expect(refused.status).toBe(403);
    expect(refused.json<{ message: string }>().message).toMatch(/User "bob" cannot list/);
  });

  it('is a real second cluster to kubectl: its own data dir, namespaces and ClusterRoles', async () => {
    const staging = kubectlFile(
      join(suite.dataDir, 'devcluster-staging', 'kubeconfig', 'admin.yaml'),
    );
    const dev = kubectlFile(join(suite.dataDir, 'devcluster', 'kubeconfig', 'admin.yaml'));
    const ns = await staging('get', 'namespaces', '-l', 'team=payments', '-o', 'name');
    expect(ns.stdout.trim().split('\n').sort()).toEqual([
      'namespace/checkout',
      'namespace/payments',
    ]);
    expect((await staging('get', 'clusterrole', 'gatehouse:release-manager')).code).toBe(0);
    expect((await dev('get', 'clusterrole', 'gatehouse:release-manager')).code).not.toBe(0);
    const canI = (user: string, group: string) =>
      staging(
        'auth',
        'can-i',
        'create',
        'deployments',
        '-n',
        'deliveries',
        '--as',
        user,
        '--as-group',
        group,
      );
    expect((await canI('joe', 'devel')).stdout.trim()).toBe('yes');
    // bob is in devel too; on staging that group is given nothing.
    expect((await canI('bob', 'devel')).stdout.trim()).toBe('no');
    const bobAnywhere = await staging(
      'auth',
      'can-i',
      '--list',
      '-n',
      'deliveries',
      '--as',
      'bob',
      '--as-group',
      'devel',
      '--as-group',
      'qa',
    );
    expect(bobAnywhere.stdout).not.toMatch(/deployments|rolebindings|pods/);
  });
});

describe('embedded fleet configuration', () => {
  it('starts only the clusters asked for, and refuses a home cluster or labels for a cluster it does not have', async () => {
    const dir = tempDir('bff-fleet-config-');
    try {
      const one = await startTestBff({ dataDir: dir.path, embeddedClusters: ['staging'] });
      try {
        const b = one.browser();
        await demoSignIn(b, 'alice');
        const clusters = (await b.get('/api/clusters')).json<ClustersResponse>();
        expect(clusters.map((c) => [c.id, c.home])).toEqual([['staging', true]]);
      } finally {
        await one.close();
      }
      await expect(startTestBff({ dataDir: dir.path, homeCluster: 'prod' })).rejects.toThrow(
        ConfigError,
      );
      await expect(
        startTestBff({ dataDir: dir.path, clusterLabels: { prod: { env: 'prod' } } }),
      ).rejects.toThrow(/--cluster-labels: "prod" is not one of the clusters \(dev, staging\)/);
    } finally {
      dir.remove();
    }
  });

  it('takes --home-cluster and --cluster-labels from the command line', async () => {
    const { configFromArgs } = await import('../src/cli.js');
    const parsed = configFromArgs(
      ['--home-cluster', 'staging', '--cluster-labels', 'dev:env=dev,dev:tier=1,staging:env=stg'],
      {},
    );
    expect(parsed.help).toBe(false);
    if (parsed.help) return;
    expect(parsed.config.homeCluster).toBe('staging');
    expect(parsed.config.clusterLabels).toEqual({
      dev: { env: 'dev', tier: '1' },
      staging: { env: 'stg' },
    });
    expect(() => configFromArgs(['--cluster-labels', 'dev-env'], {})).toThrow(/ID:KEY=VALUE/);
  });
});
