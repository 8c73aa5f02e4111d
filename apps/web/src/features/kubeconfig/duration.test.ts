import { describe, expect, it } from 'vitest';
import { humanDuration } from './duration.js';
import { downloadUrl, kubeconfigPagePath } from './links.js';

describe('kubeconfig page helpers', () => {
  it('says token lifetimes in whole units', () => {
    expect(humanDuration(28_800)).toBe('8 hours');
    expect(humanDuration(604_800)).toBe('7 days');
    expect(humanDuration(3_600)).toBe('1 hour');
    expect(humanDuration(5_430)).toBe('91 minutes');
  });

  it('builds links that carry no secret, only cluster and project', () => {
    expect(kubeconfigPagePath('dev', 'payments')).toBe('/kubeconfig?cluster=dev&project=payments');
    expect(downloadUrl('dev', 'payments', 'payments-staging')).toBe(
      '/api/clusters/dev/kubeconfig?project=payments&namespace=payments-staging',
    );
  });
});
