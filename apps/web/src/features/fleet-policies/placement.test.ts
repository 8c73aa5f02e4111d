import { describe, expect, it } from 'vitest';
import type { Statement } from './api.js';
import {
  clusterList,
  clustersSummary,
  coverage,
  grantSummary,
  namespacesSummary,
  placementSummary,
  statementSummary,
  targetsCluster,
  unknownClusters,
  type FleetCluster,
} from './placement.js';

const fleet: FleetCluster[] = [
  { id: 'dev', labels: { env: 'dev' } },
  { id: 'staging', labels: { env: 'staging', region: 'eu' } },
  { id: 'lab', labels: {} },
];
const every = { names: ['*'] };

/** The sre policy of issue 16: view on kube-system everywhere, edit on payments on staging only. */
const sre: Statement[] = [
  {
    clusterRole: 'view',
    placements: [{ clusters: every, namespaces: { names: ['kube-system'] } }],
  },
  {
    clusterRole: 'edit',
    placements: [{ clusters: { names: ['staging'] }, namespaces: { names: ['payments'] } }],
  },
];

describe('summaries', () => {
  it('words a cluster target', () => {
    expect(clustersSummary(every)).toBe('every cluster');
    expect(clustersSummary({ names: ['staging'] })).toBe('cluster staging');
    expect(clustersSummary({ names: ['dev', 'staging'] })).toBe('clusters dev, staging');
    expect(clustersSummary({ selector: { matchLabels: { env: 'prod' } } })).toBe(
      'clusters with env=prod',
    );
    expect(clustersSummary({ selector: {} })).toBe('every cluster (empty selector)');
  });

  it('words a namespace target', () => {
    expect(namespacesSummary(every)).toBe('cluster-wide');
    expect(namespacesSummary({ names: ['kube-system'] })).toBe('namespace kube-system');
    expect(namespacesSummary({ names: ['a', 'b'] })).toBe('namespaces a, b');
    expect(
      namespacesSummary({
        selector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['pay'] }] },
      }),
    ).toBe('namespaces with team in (pay)');
  });

  it('words a placement, a grant and a statement', () => {
    expect(placementSummary(sre[0]!.placements[0]!)).toBe('namespace kube-system on every cluster');
    expect(grantSummary(sre[1]!)).toBe('ClusterRole edit');
    expect(grantSummary({ rules: [{ verbs: ['get'] }], placements: [] })).toBe('1 inline rule');
    expect(grantSummary({ rules: [{ verbs: ['get'] }, { verbs: ['list'] }], placements: [] })).toBe(
      '2 inline rules',
    );
    expect(
      statementSummary({
        clusterRole: 'view',
        placements: [
          { clusters: { names: ['dev'] }, namespaces: every },
          {
            clusters: { selector: { matchLabels: { region: 'eu' } } },
            namespaces: { names: ['x'] },
          },
        ],
      }),
    ).toBe('ClusterRole view: cluster-wide on cluster dev; namespace x on clusters with region=eu');
  });
});

describe('targetsCluster', () => {
  it('selects by "*", by name, or by the cluster’s labels', () => {
    const [dev, staging] = fleet as [FleetCluster, FleetCluster];
    expect(targetsCluster(every, dev)).toBe(true);
    expect(targetsCluster({ names: ['staging'] }, dev)).toBe(false);
    expect(targetsCluster({ names: ['staging'] }, staging)).toBe(true);
    expect(targetsCluster({ selector: { matchLabels: { region: 'eu' } } }, staging)).toBe(true);
    expect(targetsCluster({ selector: { matchLabels: { region: 'eu' } } }, dev)).toBe(false);
    // A name that happens to be a label value is not a selector.
    expect(targetsCluster({ names: ['eu'] }, staging)).toBe(false);
  });
});

describe('coverage', () => {
  it('says per cluster what each statement puts there, in statement order', () => {
    expect(coverage({ statements: sre }, fleet)).toEqual([
      {
        cluster: 'dev',
        lines: [{ statement: 0, grant: 'ClusterRole view', namespaces: 'namespace kube-system' }],
      },
      {
        cluster: 'staging',
        lines: [
          { statement: 0, grant: 'ClusterRole view', namespaces: 'namespace kube-system' },
          { statement: 1, grant: 'ClusterRole edit', namespaces: 'namespace payments' },
        ],
      },
      {
        cluster: 'lab',
        lines: [{ statement: 0, grant: 'ClusterRole view', namespaces: 'namespace kube-system' }],
      },
    ]);
  });

  it('gives a cluster no placement selects no lines', () => {
    const onlyEu: Statement[] = [
      {
        clusterRole: 'admin',
        placements: [
          { clusters: { selector: { matchLabels: { region: 'eu' } } }, namespaces: every },
        ],
      },
    ];
    expect(coverage({ statements: onlyEu }, fleet).map((c) => [c.cluster, c.lines.length])).toEqual(
      [
        ['dev', 0],
        ['staging', 1],
        ['lab', 0],
      ],
    );
  });
});

describe('unknownClusters', () => {
  it('names each cluster a placement names that is not configured, once', () => {
    const typo: Statement[] = [
      ...sre,
      {
        clusterRole: 'view',
        placements: [
          { clusters: { names: ['stagign', 'dev'] }, namespaces: every },
          { clusters: { names: ['stagign'] }, namespaces: every },
        ],
      },
    ];
    expect(unknownClusters({ statements: typo }, fleet)).toEqual(['stagign']);
    expect(unknownClusters({ statements: sre }, fleet)).toEqual([]);
  });
});

describe('clusterList', () => {
  it('lists each cluster with its labels', () => {
    expect(clusterList(fleet)).toBe('dev (env=dev), staging (env=staging, region=eu), lab');
  });
});
