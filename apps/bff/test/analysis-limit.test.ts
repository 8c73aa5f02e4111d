import { describe, expect, it } from 'vitest';
import { analysesPerPerson } from '../src/analysis/limit.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';

// One person sending access analyses in a loop gets 429s past a few in flight; others are not slowed.
describe('access analysis concurrency per person', () => {
  const suite = embeddedBffForSuite('bff-analysis-limit-');

  it('refuses past the bound with Retry-After, while another person is served', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const admin = suite.bff.browser();
    await demoSignIn(admin, 'admin');
    // A check asks the API server its own answer every time, so it waits on the cluster.
    const checkUrl =
      '/api/clusters/dev/access/check?subjectKind=Self&verb=get&resource=secrets&namespace=payments';
    expect((await alice.get(checkUrl)).status).toBe(200);
    // Every cluster call now takes a while, so alice's analyses pile up.
    suite.bff.bff.context.clusters.embedded!.setFaults({ latencyMs: 400 });
    try {
      const burst = await Promise.all(
        Array.from({ length: analysesPerPerson + 4 }, () => alice.get(checkUrl)),
      );
      const codes = burst.map((r) => r.status);
      expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(analysesPerPerson);
      const refused = burst.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.headers['retry-after']).toBe('1');
      expect(refused[0]!.json<{ error: { reason: string } }>().error.reason).toBe(
        'TooManyRequests',
      );
      // Another person's analysis, sent while alice's are running, is not refused.
      const [own, others] = await Promise.all([
        Promise.all(Array.from({ length: analysesPerPerson }, () => alice.get(checkUrl))),
        admin.get(checkUrl),
      ]);
      expect(own.every((r) => r.status === 200)).toBe(true);
      expect(others.status).toBe(200);
    } finally {
      suite.bff.bff.context.clusters.embedded!.setFaults({});
    }
  });
});
