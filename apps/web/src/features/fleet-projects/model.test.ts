import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/http.js';
import type { FleetChangeReport, FleetPlan, FleetProjectDetail } from './api.js';
import {
  applyVerdict,
  canManageEverywhere,
  collaboratorRows,
  countsText,
  grantableEverywhere,
  outcomeOf,
  planColumns,
  reportTitle,
  resultLabel,
} from './model.js';

const levels = [
  { name: 'viewer', clusterRole: 'view', description: '' },
  { name: 'developer', clusterRole: 'edit', description: '' },
  { name: 'admin', clusterRole: 'admin', description: '' },
];

function project(over: Partial<NonNullable<FleetProjectDetail['clusters'][number]['project']>>) {
  return {
    name: 'payments',
    namespaces: ['payments'],
    unverifiedNamespaces: [],
    myLevels: [],
    collaborators: [],
    levels,
    grantableLevels: ['viewer', 'developer', 'admin'],
    canManage: true,
    canDelete: true,
    canEditNamespaces: true,
    kubeconfigLink: '',
    ...over,
  };
}

const collaborator = (name: string, level: string, complete = true) => ({
  subject: { kind: 'User' as const, name },
  level,
  clusterRole: level,
  namespaces: [],
  complete,
  bindings: [],
});

const detail: FleetProjectDetail = {
  name: 'payments',
  levels,
  kubeconfigClusters: ['dev'],
  kubeconfigUrl: '/api/fleet/projects/payments/kubeconfig',
  clusters: [
    {
      cluster: 'dev',
      state: 'ok',
      project: project({
        collaborators: [collaborator('bob', 'admin'), collaborator('carol', 'developer', false)],
      }),
    },
    {
      cluster: 'staging',
      state: 'ok',
      project: project({
        collaborators: [collaborator('carol', 'viewer')],
        grantableLevels: ['viewer', 'developer'],
      }),
    },
  ],
};

const plan = (clusters: FleetPlan['clusters'], digest = 'a'.repeat(64)): FleetPlan => ({
  project: 'payments',
  applicable: true,
  message: '',
  clusters,
  digest,
});
const create = (namespace: string) => ({
  op: 'create' as const,
  kind: 'RoleBinding' as const,
  namespace,
  name: 'gatehouse:payments:developer:user:carol',
  description: '',
});

describe('fleet project collaborators, a level per cluster', () => {
  it('has a row per person with each cluster’s level, none, or why it cannot say', () => {
    const rows = collaboratorRows(detail, ['dev', 'staging', 'prod']);
    expect(rows.map((r) => [r.subject.name, r.cells])).toEqual([
      [
        'bob',
        {
          dev: { kind: 'level', levels: ['admin'], complete: true },
          staging: { kind: 'none' },
          prod: { kind: 'absent' },
        },
      ],
      [
        'carol',
        {
          dev: { kind: 'level', levels: ['developer'], complete: false },
          staging: { kind: 'level', levels: ['viewer'], complete: true },
          prod: { kind: 'absent' },
        },
      ],
    ]);
    const bobs: FleetProjectDetail = {
      ...detail,
      clusters: [
        detail.clusters[0]!,
        { cluster: 'staging', state: 'no-access', message: 'User "bob" cannot get namespaces' },
      ],
    };
    expect(collaboratorRows(bobs, ['dev', 'staging'])[0]!.cells.staging).toEqual({
      kind: 'no-access',
      message: 'User "bob" cannot get namespaces',
    });
    expect(canManageEverywhere(detail)).toBe(true);
    expect(canManageEverywhere(bobs)).toBe(false);
    // Only levels grantable on every cluster are offered.
    expect(grantableEverywhere(detail)).toEqual(['viewer', 'developer']);
  });
});

describe('fleet plans and their results', () => {
  it('sums each cluster’s writes and names the clusters apply will change', () => {
    const p = plan([
      { cluster: 'dev', status: 'ready', steps: [create('payments'), create('payments-staging')] },
      { cluster: 'staging', status: 'ready', steps: [create('payments')] },
    ]);
    expect(planColumns(p).map((c) => [c.cluster, c.label, countsText(c.counts)])).toEqual([
      ['dev', 'will change', '2 creates'],
      ['staging', 'will change', '1 create'],
    ]);
    expect(applyVerdict(p)).toEqual({ ok: true, label: 'Apply on dev and staging' });
    const some = plan([
      { cluster: 'dev', status: 'ready', steps: [create('payments')] },
      { cluster: 'staging', status: 'unchanged', message: 'already', steps: [] },
    ]);
    expect(applyVerdict(some)).toEqual({ ok: true, label: 'Apply on dev' });
  });

  it('refuses to apply when any cluster cannot take the change, or when nothing changes', () => {
    const bobs = plan([
      { cluster: 'dev', status: 'ready', steps: [create('payments')] },
      { cluster: 'staging', status: 'no-access', message: 'forbidden', steps: [] },
    ]);
    const v = applyVerdict(bobs);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.why).toMatch(/staging does not/);
    expect(planColumns(bobs)[1]).toMatchObject({ label: 'no access', tone: 'red' });
    const none = plan([{ cluster: 'dev', status: 'unchanged', steps: [] }]);
    expect(applyVerdict(none)).toEqual({
      ok: false,
      why: 'Nothing to change: every cluster is already so.',
    });
  });

  it('reads a report from a success or a failed apply, and a new plan from a stale one', () => {
    const report: FleetChangeReport = {
      outcome: 'rolled-back',
      message: 'cluster staging failed',
      clusters: [
        { cluster: 'dev', status: 'rolled-back' },
        { cluster: 'staging', status: 'failed', message: 'injected fault' },
      ],
    };
    const sent = 'a'.repeat(64);
    expect(outcomeOf(undefined, new ApiError('failed', 502, undefined, report), sent)).toEqual({
      kind: 'report',
      report,
    });
    expect(reportTitle(report).tone).toBe('warning');
    expect(report.clusters.map((c) => resultLabel(c.status).text)).toEqual([
      'rolled back',
      'failed',
    ]);
    const fresh = plan([], 'b'.repeat(64));
    expect(outcomeOf(undefined, new ApiError('changed', 409, 'Conflict', fresh), sent)).toEqual({
      kind: 'stale',
      message: 'changed',
      plan: fresh,
    });
    // A refusal carries the very plan that was applied: not stale, refused.
    const same = plan([], sent);
    expect(outcomeOf(undefined, new ApiError('no', 403, 'Forbidden', same), sent)?.kind).toBe(
      'refused',
    );
    expect(outcomeOf(undefined, new Error('offline'), sent)).toEqual({
      kind: 'error',
      message: 'offline',
    });
    expect(outcomeOf(undefined, undefined, sent)).toBeUndefined();
  });
});
