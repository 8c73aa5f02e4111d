// The opt-in fault that makes a user's SelfSubjectRulesReview incomplete, as kube-apiserver answers
// when a webhook authorizer follows RBAC in its chain: RBAC's rules, incomplete, with the error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultsFromEnv, parseUserList, WEBHOOK_RULES_ERROR } from '../src/faults.js';
import { raw, startTestCluster, type TestCluster } from './helpers.js';
import { kubectl, requireKubectl } from './kubectl.js';

let tc: TestCluster;
beforeAll(async () => {
  requireKubectl();
  tc = await startTestCluster({ seed: 'demo', faults: { incompleteRulesReviewFor: ['bob'] } });
});
afterAll(async () => tc?.stop());

const review = (user: string, namespace: string) =>
  raw(tc.cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
    token: tc.cluster.token(user),
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      spec: { namespace },
    },
  });

describe('incompleteRulesReviewFor', () => {
  it('marks the named user’s rules review incomplete with the webhook’s error, keeping RBAC’s rules', async () => {
    const r = await review('bob', 'payments');
    expect(r.status).toBe(201);
    const status = r.json.status as {
      incomplete: boolean;
      evaluationError: string;
      resourceRules: Array<{ resources?: string[] }>;
    };
    expect(status.incomplete).toBe(true);
    expect(status.evaluationError).toBe('webhook authorizer does not support user rule resolution');
    expect(status.resourceRules.some((rule) => rule.resources?.includes('rolebindings'))).toBe(
      true,
    );
  });

  it('leaves everyone else’s review complete', async () => {
    const r = await review('joe', 'deliveries');
    const status = r.json.status as { incomplete: boolean; evaluationError?: string };
    expect(status.incomplete).toBe(false);
    expect(status.evaluationError).toBeUndefined();
  });

  it('kubectl auth can-i --list warns that the list may be incomplete; access reviews still decide', async () => {
    const list = await kubectl(tc, 'bob', ['auth', 'can-i', '--list', '-n', 'payments']);
    expect(list.code).toBe(0);
    expect(list.stderr).toContain(WEBHOOK_RULES_ERROR);
    expect(list.stdout).toContain('rolebindings.rbac.authorization.k8s.io');
    const can = await kubectl(tc, 'bob', ['auth', 'can-i', 'list', 'clusterroles']);
    expect(can.stdout.trim()).toBe('no');
  });

  it('is switched off again with setFaults', async () => {
    tc.cluster.setFaults({});
    const status = (await review('bob', 'payments')).json.status as { incomplete: boolean };
    expect(status.incomplete).toBe(false);
    tc.cluster.setFaults({ incompleteRulesReviewFor: ['bob'] });
    expect(
      ((await review('bob', 'payments')).json.status as { incomplete: boolean }).incomplete,
    ).toBe(true);
  });

  it('is read from a comma-separated list, as the CLI flag and the environment give it', () => {
    expect(parseUserList(' bob, system:serviceaccount:payments:ci ,,')).toEqual([
      'bob',
      'system:serviceaccount:payments:ci',
    ]);
    expect(faultsFromEnv({ GATEHOUSE_DEVCLUSTER_INCOMPLETE_RULES_REVIEW_FOR: 'bob,joe' })).toEqual({
      incompleteRulesReviewFor: ['bob', 'joe'],
    });
    expect(faultsFromEnv({})).toEqual({});
  });
});
