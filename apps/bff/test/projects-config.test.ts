import { describe, expect, it } from 'vitest';
import { configFromArgs, parseConfig } from '../src/index.js';

describe('configuration of levels and kubeconfig lifetimes', () => {
  it('reads levels and token lifetimes from flags, and refuses a lifetime above its maximum', () => {
    const parsed = configFromArgs(
      [
        '--access-levels',
        'reader=view,owner=admin',
        '--kubeconfig-token-seconds',
        '3600',
        '--kubeconfig-oidc-clusters',
        'prod',
        '--kubeconfig-rate-limit',
        '4',
      ],
      { GATEHOUSE_KUBECONFIG_MAX_LIVE: '3' },
    );
    if (parsed.help) throw new Error('unexpected help');
    const config = parseConfig(parsed.config);
    expect(config.accessLevels).toEqual([
      { name: 'reader', clusterRole: 'view', description: '' },
      { name: 'owner', clusterRole: 'admin', description: '' },
    ]);
    expect(config.kubeconfigFiles).toEqual({
      tokenSeconds: 3600,
      maxTokenSeconds: 604800,
      oidcClusters: ['prod'],
      mintsPerMinute: 4,
      maxLivePerProject: 3,
    });
    expect(parseConfig({}).kubeconfigFiles).toMatchObject({
      mintsPerMinute: 10,
      maxLivePerProject: 20,
    });
    expect(() => parseConfig({ kubeconfigFiles: { mintsPerMinute: 0 } })).toThrow(/mintsPerMinute/);
    expect(() =>
      parseConfig({ kubeconfigFiles: { tokenSeconds: 7200, maxTokenSeconds: 3600 } }),
    ).toThrow(/must not exceed its maximum/);
    expect(() => configFromArgs(['--access-levels', 'reader'], {})).toThrow(
      /not level=ClusterRole/,
    );
  });
});
