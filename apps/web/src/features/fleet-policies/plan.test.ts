import { describe, expect, it } from 'vitest';
import type { ApplyResponse, ClusterPlan, ClusterStatus, PlanObject, PolicyPlan } from './api.js';
import {
  applyHeadline,
  canApply,
  changeCount,
  needsApply,
  planClusterState,
  planHeadline,
  planRows,
  planTotals,
  statusChip,
  unifiedLines,
} from './plan.js';

function obj(kind: PlanObject['kind'], name: string, namespace?: string): PlanObject {
  return {
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: { name, ...(namespace ? { namespace } : {}) },
    },
  };
}

function cluster(id: string, over: Partial<ClusterPlan> = {}): ClusterPlan {
  return {
    cluster: id,
    state: 'ok',
    targeted: true,
    creates: [],
    updates: [],
    deletes: [],
    unchanged: 0,
    missingNamespaces: [],
    blockers: [],
    ...over,
  };
}

const planOf = (...clusters: ClusterPlan[]): PolicyPlan => ({
  digest: 'd',
  name: 'sre',
  remove: false,
  generation: 1,
  clusters,
});

/** The sre plan of issue 16 before anything is applied. */
const sre = planOf(
  cluster('dev', { creates: [obj('RoleBinding', 'gatehouse-policy:sre:0', 'kube-system')] }),
  cluster('staging', {
    creates: [
      obj('RoleBinding', 'gatehouse-policy:sre:1', 'payments'),
      obj('RoleBinding', 'gatehouse-policy:sre:0', 'kube-system'),
    ],
  }),
);

describe('planRows', () => {
  it('orders a cluster’s changes as apply runs them: ClusterRoles, then bindings, deletes last', () => {
    const rows = planRows(
      cluster('dev', {
        deletes: [obj('ClusterRole', 'gatehouse-policy:old'), obj('RoleBinding', 'b', 'a')],
        updates: [{ obj: obj('RoleBinding', 'x', 'kube-system'), diff: ['-  a', '+  b'] }],
        creates: [
          obj('RoleBinding', 'y', 'apps'),
          obj('ClusterRoleBinding', 'crb'),
          obj('ClusterRole', 'gatehouse-policy:new'),
        ],
      }),
    );
    expect(rows.map((r) => `${r.action} ${r.kind} ${r.namespace ?? ''}/${r.name}`)).toEqual([
      'create ClusterRole /gatehouse-policy:new',
      'create ClusterRoleBinding /crb',
      'create RoleBinding apps/y',
      'update RoleBinding kube-system/x',
      'delete RoleBinding a/b',
      'delete ClusterRole /gatehouse-policy:old',
    ]);
    expect(rows[3]!.diff).toEqual(['-  a', '+  b']);
    expect(rows[0]).not.toHaveProperty('diff');
  });
});

describe('planTotals and planHeadline', () => {
  it('counts changes over the clusters', () => {
    const t = planTotals(sre);
    expect([t.creates, t.updates, t.deletes, t.changing]).toEqual([3, 0, 0, ['dev', 'staging']]);
    expect(planHeadline(sre)).toBe('3 to create on 2 clusters');
    expect(changeCount(sre.clusters[1]!)).toBe(2);
  });

  it('says what changes and how much, kind by kind', () => {
    const p = planOf(
      cluster('dev', {
        updates: [{ obj: obj('RoleBinding', 'a', 'x'), diff: [] }],
        deletes: [obj('RoleBinding', 'b', 'x'), obj('RoleBinding', 'c', 'x')],
      }),
      cluster('staging', { unchanged: 2 }),
    );
    expect(planHeadline(p)).toBe('1 to update, 2 to delete on 1 cluster');
    expect(planTotals(p).unchanged).toBe(2);
  });

  it('says nothing changes only when every cluster could be read', () => {
    expect(planHeadline(planOf(cluster('dev', { unchanged: 1 }), cluster('staging')))).toBe(
      'Nothing to change: every cluster already matches the policy',
    );
    const refused = cluster('staging', { state: 'no-access', reason: 'User "bob" cannot …' });
    expect(planHeadline(planOf(cluster('dev', { unchanged: 1 }), refused))).toBe(
      'Nothing to change on the clusters planned; staging could not be planned',
    );
    expect(
      planHeadline(
        planOf(cluster('dev', { creates: [obj('RoleBinding', 'a', 'payments')] }), refused),
      ),
    ).toBe('1 to create on 1 cluster; staging could not be planned');
    expect(planHeadline(planOf(refused, cluster('prod', { state: 'unreachable' })))).toBe(
      'No cluster could be planned',
    );
  });

  it('keeps unavailable and blocked clusters apart', () => {
    const t = planTotals(
      planOf(
        cluster('dev', { blockers: ['ClusterRole "x" does not exist on cluster "dev"'] }),
        cluster('staging', { state: 'unreachable' }),
      ),
    );
    expect([t.blocked, t.unavailable]).toEqual([['dev'], ['staging']]);
  });
});

describe('canApply and planClusterState', () => {
  it('applies only a plan with a change somewhere', () => {
    expect(canApply(sre)).toBe(true);
    expect(canApply(planOf(cluster('dev', { unchanged: 3 })))).toBe(false);
  });

  it('states each cluster column', () => {
    expect(planClusterState(sre.clusters[0]!)).toBe('changes');
    expect(planClusterState(cluster('dev', { unchanged: 1 }))).toBe('unchanged');
    expect(planClusterState(cluster('dev', { targeted: false }))).toBe('untargeted');
    expect(planClusterState(cluster('dev', { state: 'no-access' }))).toBe('no-access');
    expect(
      planClusterState(
        cluster('dev', { creates: sre.clusters[0]!.creates, blockers: ['missing'] }),
      ),
    ).toBe('blocked');
  });
});

describe('unifiedLines', () => {
  it('turns +, - and context lines into the line-diff’s kinds, without their marker', () => {
    expect(
      unifiedLines(['@@ -1 +1 @@', ' roleRef:', '-  name: sre-interns', '+  name: sre']),
    ).toEqual([
      { kind: 'same', text: '@@ -1 +1 @@' },
      { kind: 'same', text: 'roleRef:' },
      { kind: 'removed', text: '  name: sre-interns' },
      { kind: 'added', text: '  name: sre' },
    ]);
  });
});

describe('applyHeadline', () => {
  const result = (...outcomes: [string, ApplyResponse['clusters'][number]['outcome']][]) => ({
    clusters: outcomes.map(([c, outcome]) => ({ cluster: c, outcome, steps: [] })),
  });
  it('says where it took and where not', () => {
    expect(applyHeadline(result(['dev', 'applied'], ['staging', 'unchanged']))).toBe(
      'Applied on dev, staging',
    );
    expect(applyHeadline(result(['dev', 'applied'], ['staging', 'skipped']))).toBe(
      'Applied on dev; not on staging',
    );
    expect(applyHeadline(result(['dev', 'rolled-back'], ['staging', 'failed']))).toBe(
      'Not applied: dev, staging refused or failed',
    );
    expect(applyHeadline(result())).toBe('Nothing was applied');
  });
});

describe('statusChip and needsApply', () => {
  const status = (over: Partial<ClusterStatus>): ClusterStatus => ({
    cluster: 'dev',
    state: 'Applied',
    access: 'ok',
    targeted: true,
    ...over,
  });

  it('says why a cluster could not be checked before its stored state', () => {
    expect(statusChip(status({ access: 'no-access', reason: 'forbidden' }))).toEqual({
      text: 'No access',
      tone: 'neutral',
      detail: 'forbidden',
    });
    expect(statusChip(status({ access: 'unreachable' }))).toEqual({
      text: 'Unreachable',
      tone: 'red',
    });
  });

  it('tones each state, and calls an untargeted cluster with nothing applied not targeted', () => {
    expect(statusChip(status({})).tone).toBe('green');
    expect(
      statusChip(status({ state: 'Drifted', message: '1 object differs from generation 1' })),
    ).toEqual({
      text: 'Drifted',
      tone: 'amber',
      detail: '1 object differs from generation 1',
    });
    expect(statusChip(status({ state: 'NotApplied' })).text).toBe('Not applied');
    expect(statusChip(status({ state: 'NotApplied', targeted: false })).text).toBe('Not targeted');
  });

  it('asks for an apply where a reachable, targeted cluster is not Applied', () => {
    expect(needsApply([status({}), status({ cluster: 'staging' })])).toBe(false);
    expect(needsApply([status({}), status({ cluster: 'staging', state: 'Drifted' })])).toBe(true);
    expect(needsApply([status({ state: 'NotApplied', access: 'no-access' })])).toBe(false);
    expect(needsApply([status({ state: 'NotApplied', targeted: false })])).toBe(false);
  });
});
