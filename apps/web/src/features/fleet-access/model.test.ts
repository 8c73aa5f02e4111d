import { describe, expect, it } from 'vitest';
import type {
  CopyApplyResponse,
  CopyPlanResponse,
  FleetCheckResponse,
  FleetWhoCanResponse,
} from '@gatehouse/bff/contract/fleet/access';
import { checkColumns, planLines, planWrites, resultLines, whoCanColumns } from './model.js';

const scope = { complete: true, namespaces: 'all' as const, missing: [], unreadableRoles: [] };
const match = (kind: string, name: string, binding: string, bindingKind = 'RoleBinding') => ({
  kind,
  name,
  bindingKind: bindingKind as 'RoleBinding' | 'ClusterRoleBinding',
  bindingName: binding,
  bindingNamespace: bindingKind === 'RoleBinding' ? 'payments' : '',
  roleKind: 'ClusterRole',
  roleName: 'admin',
  ruleIndex: 0,
});

describe('who-can columns', () => {
  it('one column per cluster in order: grants grouped by binding → role, subjects once each', () => {
    const answer: FleetWhoCanResponse = {
      clusters: [
        {
          cluster: 'dev',
          state: 'result',
          result: {
            request: { verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'payments' },
            clusterWide: [match('User', 'alice', 'alice-admin', 'ClusterRoleBinding')],
            namespaced: [
              match('User', 'bob', 'payments-admin'),
              { ...match('User', 'bob', 'payments-admin'), ruleIndex: 2 },
              match('Group', 'ops', 'payments-admin'),
            ],
            privilegedGroups: ['system:masters'],
            scope,
          },
        },
        { cluster: 'staging', state: 'no-access', code: 403, message: 'bob may read none' },
        { cluster: 'gone', state: 'unreachable', message: 'cluster "gone" is unreachable' },
      ],
    };
    const cols = whoCanColumns(answer);
    expect(cols.map((c) => [c.cluster, c.status.state, c.total])).toEqual([
      ['dev', 'result', 3],
      ['staging', 'no-access', 0],
      ['gone', 'unreachable', 0],
    ]);
    expect(cols[0]!.grants.map((g) => [g.key, g.subjects.map((s) => s.name)])).toEqual([
      ['RoleBinding payments/payments-admin → ClusterRole admin', ['bob', 'ops']],
      ['ClusterRoleBinding alice-admin → ClusterRole admin', ['alice']],
    ]);
    expect(cols[1]!.status).toEqual({ state: 'no-access', message: 'bob may read none' });
  });
});

describe('check columns', () => {
  it('allowed with the chain on one cluster, the reason on another', () => {
    const answer = {
      clusters: [
        {
          cluster: 'dev',
          state: 'result',
          result: {
            user: { name: 'bob', groups: [] },
            request: { verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'payments' },
            policy: {
              allowed: true,
              reason: 'allowed',
              explanation: ['Allowed by RoleBinding payments-admin'],
              matches: [
                {
                  ...match('User', 'bob', 'payments-admin'),
                  subject: { kind: 'User', name: 'bob' },
                  rule: { verbs: ['*'] },
                  ruleIndex: 1,
                },
              ],
              considered: [],
              errors: [],
              privilegedGroup: false,
            },
            apiServer: { answered: true, allowed: true, denied: false, reason: '' },
            agree: true,
            scope,
          },
        },
        { cluster: 'staging', state: 'unreachable', message: 'down' },
      ],
    } as FleetCheckResponse;
    const [dev, staging] = checkColumns(answer);
    expect(dev).toMatchObject({ allowed: true, agree: true });
    expect(dev!.chain).toEqual([
      'RoleBinding payments/payments-admin → ClusterRole admin → rule 2',
    ]);
    expect(staging).toMatchObject({ status: { state: 'unreachable', message: 'down' } });
  });
});

describe('copy plan lines', () => {
  const plan: CopyPlanResponse = {
    digest: 'd',
    source: {
      cluster: 'dev',
      binding: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'viewers', namespace: 'payments' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      },
    },
    targets: [
      {
        cluster: 'staging',
        state: 'result',
        result: {
          action: 'create',
          blockers: [],
          impact: {
            subjects: [
              {
                subject: { kind: 'User', name: 'carol' },
                gained: [
                  { namespace: 'payments', rules: [{ verbs: ['get'] }, { verbs: ['list'] }] },
                ],
                lost: [],
              },
            ],
            danglingBindings: [],
            aggregatedRoles: [],
            userGroups: {},
            scope,
          },
        },
      },
      {
        cluster: 'prod',
        state: 'result',
        result: {
          action: 'update',
          blockers: [],
          diff: {
            subjectsAdded: [{ kind: 'User', name: 'joe' }],
            subjectsRemoved: [],
            metadata: [{ field: 'labels', key: 'team', to: 'payments' }],
          },
        },
      },
      {
        cluster: 'qa',
        state: 'result',
        result: {
          action: 'blocked',
          blockers: [{ kind: 'role-missing', message: 'ClusterRole "view" does not exist' }],
        },
      },
      { cluster: 'gone', state: 'unreachable', message: 'cluster "gone" is unreachable' },
    ],
  };

  it('says per cluster what happens, the diff or blocker, and who gains what', () => {
    const lines = planLines(plan);
    expect(lines.map((l) => [l.cluster, l.action, l.writes])).toEqual([
      ['staging', 'create', true],
      ['prod', 'update', true],
      ['qa', 'blocked', false],
      ['gone', 'unreachable', false],
    ]);
    expect(lines[0]!.gains).toEqual(['User carol gains 2 rules (payments)']);
    expect(lines[1]!.details).toEqual(['adds subject User joe', 'label team: (none) → payments']);
    expect(lines[2]!.details).toEqual(['ClusterRole "view" does not exist']);
    expect(planWrites(plan)).toBe(true);
    const nothing = { ...plan, targets: plan.targets.slice(2) };
    expect(planWrites(nothing)).toBe(false);
  });

  it('reports each cluster result in words', () => {
    const r: CopyApplyResponse = {
      digest: 'd',
      results: [
        { cluster: 'staging', status: 'applied', action: 'create' },
        {
          cluster: 'prod',
          status: 'failed',
          action: 'update',
          code: 403,
          message: 'forbidden: escalation',
        },
        { cluster: 'qa', status: 'skipped', message: 'role missing' },
        { cluster: 'x', status: 'unchanged' },
      ],
    };
    expect(resultLines(r).map((l) => l.text)).toEqual([
      'created',
      'failed: forbidden: escalation',
      'skipped: role missing',
      'already the same, nothing written',
    ]);
  });
});
