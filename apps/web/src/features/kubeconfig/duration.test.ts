import { describe, expect, it } from 'vitest';
import { humanDuration, lifetimeChoices } from './duration.js';
import { downloadUrl, kubeconfigPagePath } from './links.js';

describe('kubeconfig page helpers', () => {
  it('says token lifetimes in whole units', () => {
    expect(humanDuration(28_800)).toBe('8 hours');
    expect(humanDuration(604_800)).toBe('7 days');
    expect(humanDuration(3_600)).toBe('1 hour');
    expect(humanDuration(5_430)).toBe('91 minutes');
  });

  it('offers lifetimes up to the server’s maximum, with the default and the maximum among them', () => {
    expect(lifetimeChoices(28_800, 604_800)).toEqual([3_600, 28_800, 86_400, 604_800]);
    expect(lifetimeChoices(28_800, 1_209_600)).toEqual([3_600, 28_800, 86_400, 604_800, 1_209_600]);
    expect(lifetimeChoices(900, 7_200)).toEqual([900, 3_600, 7_200]);
  });

  it('builds links that carry no secret, only cluster and project', () => {
    expect(kubeconfigPagePath('dev', 'payments')).toBe('/kubeconfig?cluster=dev&project=payments');
    expect(downloadUrl('dev', 'payments', 'payments-staging')).toBe(
      '/api/clusters/dev/kubeconfig?project=payments&namespace=payments-staging',
    );
    expect(downloadUrl('dev', 'payments', 'payments', 86_400)).toBe(
      '/api/clusters/dev/kubeconfig?project=payments&namespace=payments&expirationSeconds=86400',
    );
  });
});
