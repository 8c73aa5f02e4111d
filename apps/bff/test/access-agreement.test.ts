// The engine's decisions served by /access/check agree with the API server's SubjectAccessReview on
// the demo seed — and, since the devcluster decides with the same engine, with Kubernetes semantics
// checked by hand below.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessCheckResponse } from '../src/analysis/contract.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import type { Browser } from './support/browser.js';

type Params = Record<string, string>;

async function check(b: Browser, params: Params): Promise<AccessCheckResponse> {
  const r = await b.get(`/api/clusters/dev/access/check?${new URLSearchParams(params)}`);
  expect(r.status, r.text).toBe(200);
  return r.json<AccessCheckResponse>();
}

const user = (name: string, groups: string[]): Params => ({
  subjectKind: 'User',
  subjectName: name,
  groups: groups.join(','),
});
const group = (name: string): Params => ({ subjectKind: 'Group', subjectName: name });
const sa = (namespace: string, name: string): Params => ({
  subjectKind: 'ServiceAccount',
  subjectName: name,
  subjectNamespace: namespace,
});
const res = (
  verb: string,
  apiGroup: string,
  resource: string,
  namespace = '',
  extra: Params = {},
): Params => ({
  verb,
  apiGroup,
  resource,
  ...(namespace ? { namespace } : {}),
  ...extra,
});

// Expectations worked out from Kubernetes RBAC semantics (rbac/v1 bootstrap policy + the demo seed),
// not from the engine: which binding grants it, or why nothing does.
const handChecked: Array<{ why: string; subject: Params; request: Params; allowed: boolean }> = [
  {
    why: 'edit via RoleBinding to group devel in deliveries',
    subject: user('joe', ['devel', 'system:authenticated']),
    request: res('create', 'apps', 'deployments', 'deliveries'),
    allowed: true,
  },
  {
    why: 'RoleBindings grant only in their own namespace',
    subject: user('joe', ['devel', 'system:authenticated']),
    request: res('create', 'apps', 'deployments', 'payments'),
    allowed: false,
  },
  {
    why: 'edit does not include roles (no escalation through edit)',
    subject: group('devel'),
    request: res('create', 'rbac.authorization.k8s.io', 'roles', 'deliveries'),
    allowed: false,
  },
  {
    why: 'admin includes rolebindings in the namespace',
    subject: user('bob', ['devel', 'qa', 'system:authenticated']),
    request: res('create', 'rbac.authorization.k8s.io', 'rolebindings', 'payments'),
    allowed: true,
  },
  {
    why: 'admin includes pods/exec',
    subject: user('bob', []),
    request: res('create', '', 'pods', 'payments', { subresource: 'exec', resourceName: 'p' }),
    allowed: true,
  },
  {
    why: 'a RoleBinding never grants a cluster-scoped list',
    subject: user('bob', []),
    request: res('list', '', 'namespaces'),
    allowed: false,
  },
  {
    why: 'listing across all namespaces needs a ClusterRoleBinding',
    subject: user('bob', []),
    request: res('list', '', 'pods'),
    allowed: false,
  },
  {
    why: 'system:public-info-viewer is bound to system:authenticated',
    subject: user('carol', ['system:authenticated']),
    request: { verb: 'get', path: '/version' },
    allowed: true,
  },
  {
    why: 'non-resource URLs come only from ClusterRoleBindings; /metrics is not public',
    subject: user('carol', ['system:authenticated']),
    request: { verb: 'get', path: '/metrics' },
    allowed: false,
  },
  {
    why: 'system:basic-user lets everyone authenticated review their own access',
    subject: user('carol', ['system:authenticated']),
    request: res('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'),
    allowed: true,
  },
  {
    // No groups typed: Gatehouse adds system:authenticated, as the API server does for anyone signed in.
    why: 'a User always carries system:authenticated, so carol gets system:basic-user',
    subject: user('carol', []),
    request: res('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'),
    allowed: true,
  },
  {
    why: 'Role payments-deployer allows update of deployments',
    subject: sa('payments', 'ci-deployer'),
    request: res('update', 'apps', 'deployments', 'payments', { resourceName: 'api' }),
    allowed: true,
  },
  {
    why: 'payments-deployer has no delete',
    subject: sa('payments', 'ci-deployer'),
    request: res('delete', 'apps', 'deployments', 'payments', { resourceName: 'api' }),
    allowed: false,
  },
  {
    why: 'a Role is not visible from another namespace',
    subject: sa('payments', 'ci-deployer'),
    request: res('get', '', 'pods', 'payments-staging'),
    allowed: false,
  },
  {
    why: 'resourceNames match the named object',
    subject: sa('data', 'etl-runner'),
    request: res('get', '', 'configmaps', 'data', { resourceName: 'etl-settings' }),
    allowed: true,
  },
  {
    why: 'resourceNames do not match other names',
    subject: sa('data', 'etl-runner'),
    request: res('get', '', 'configmaps', 'data', { resourceName: 'other' }),
    allowed: false,
  },
  {
    why: 'resourceNames never match a nameless list',
    subject: sa('data', 'etl-runner'),
    request: res('list', '', 'configmaps', 'data'),
    allowed: false,
  },
  {
    why: 'aggregated gatehouse:monitoring carries pods/log from gatehouse:monitoring-pods',
    subject: group('sre'),
    request: res('get', '', 'pods', 'deliveries', { subresource: 'log', resourceName: 'p' }),
    allowed: true,
  },
  {
    why: 'aggregated gatehouse:monitoring carries /metrics',
    subject: group('sre'),
    request: { verb: 'get', path: '/metrics' },
    allowed: true,
  },
  {
    why: 'view aggregates gatehouse:leases-view',
    subject: group('data-team'),
    request: res('list', 'coordination.k8s.io', 'leases', 'data-lake'),
    allowed: true,
  },
  {
    why: 'view never includes secrets',
    subject: group('data-team'),
    request: res('get', '', 'secrets', 'data', { resourceName: 's' }),
    allowed: false,
  },
  {
    why: 'cluster-admin via ClusterRoleBinding: any verb, anywhere',
    subject: user('alice', []),
    request: res('impersonate', '', 'users', '', { resourceName: 'admin' }),
    allowed: true,
  },
  {
    why: 'system:masters is allowed before RBAC',
    subject: user('someone', ['system:masters']),
    request: res('escalate', 'rbac.authorization.k8s.io', 'clusterroles'),
    allowed: true,
  },
  {
    why: 'the BFF may impersonate but not read secrets',
    subject: sa('gatehouse-system', 'gatehouse-bff'),
    request: res('impersonate', '', 'groups', '', { resourceName: 'devel' }),
    allowed: true,
  },
  {
    why: 'the BFF has no secrets access',
    subject: sa('gatehouse-system', 'gatehouse-bff'),
    request: res('list', '', 'secrets'),
    allowed: false,
  },
];

/** mulberry32: the same sample every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(n: number): Array<{ subject: Params; request: Params }> {
  const rand = prng(8);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const subjects: Params[] = [
    user('alice', ['devel', 'system:authenticated']),
    user('bob', ['devel', 'qa', 'system:authenticated']),
    user('joe', ['devel', 'system:authenticated']),
    user('carol', ['system:authenticated']),
    user('system:anonymous', ['system:unauthenticated']),
    user('mallory', []),
    group('devel'),
    group('sre'),
    group('data-team'),
    group('system:serviceaccounts'),
    sa('payments', 'ci-deployer'),
    sa('deliveries', 'dispatcher'),
    sa('data', 'etl-runner'),
    sa('gatehouse-system', 'gatehouse-bff'),
    sa('kube-system', 'default'),
  ];
  const verbs = [
    'get',
    'list',
    'watch',
    'create',
    'update',
    'patch',
    'delete',
    'deletecollection',
    'escalate',
    'bind',
    'impersonate',
  ];
  const types: Array<[string, string, string?]> = [
    ['', 'pods'],
    ['', 'pods', 'log'],
    ['', 'pods', 'exec'],
    ['', 'secrets'],
    ['', 'configmaps'],
    ['', 'serviceaccounts', 'token'],
    ['', 'namespaces'],
    ['', 'nodes'],
    ['', 'nodes', 'proxy'],
    ['', 'users'],
    ['', 'groups'],
    ['', 'events'],
    ['apps', 'deployments'],
    ['apps', 'deployments', 'scale'],
    ['batch', 'jobs'],
    ['coordination.k8s.io', 'leases'],
    ['rbac.authorization.k8s.io', 'roles'],
    ['rbac.authorization.k8s.io', 'rolebindings'],
    ['rbac.authorization.k8s.io', 'clusterroles'],
    ['authorization.k8s.io', 'selfsubjectaccessreviews'],
  ];
  const namespaces = [
    '',
    'payments',
    'payments-staging',
    'deliveries',
    'data',
    'data-lake',
    'kube-system',
    'gatehouse-system',
  ];
  const names = ['', '', 'etl-settings', 'dispatcher', 'admin'];
  const paths = [
    '/version',
    '/metrics',
    '/healthz',
    '/api',
    '/apis/apps',
    '/logs/x',
    '/openapi/v2',
  ];
  const out: Array<{ subject: Params; request: Params }> = [];
  for (let i = 0; i < n; i++) {
    const subject = pick(subjects);
    if (rand() < 0.1) {
      out.push({ subject, request: { verb: pick(['get', 'post', 'put']), path: pick(paths) } });
      continue;
    }
    const [apiGroup, resource, subresource] = pick(types);
    const name = pick(names);
    out.push({
      subject,
      request: res(pick(verbs), apiGroup, resource, pick(namespaces), {
        ...(subresource ? { subresource } : {}),
        ...(name ? { resourceName: name } : {}),
      }),
    });
  }
  return out;
}

describe('access check agrees with the API server', () => {
  const suite = embeddedBffForSuite('bff-access-agree-', { logLevel: 'warn' });
  let alice: Browser;

  beforeAll(async () => {
    alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
  });

  it.each(handChecked)('$why', async ({ subject, request, allowed }) => {
    const r = await check(alice, { ...subject, ...request });
    expect(r.apiServer).toMatchObject({ answered: true, allowed });
    expect(r.policy.allowed).toBe(allowed);
    expect(r.agree).toBe(true);
    if (allowed && !r.policy.privilegedGroup) expect(r.policy.matches.length).toBeGreaterThan(0);
  });

  it('names the binding → role → rule chain that decides', async () => {
    const r = await check(alice, {
      ...user('joe', ['devel']),
      ...res('create', 'apps', 'deployments', 'deliveries'),
    });
    expect(r.policy.matches[0]).toMatchObject({
      bindingKind: 'RoleBinding',
      bindingName: 'gatehouse:deliveries:developer',
      bindingNamespace: 'deliveries',
      roleKind: 'ClusterRole',
      roleName: 'edit',
      subject: { kind: 'Group', name: 'devel' },
    });
    expect(r.policy.reason).toBe(
      'RBAC: allowed by RoleBinding "gatehouse:deliveries:developer/deliveries" of ClusterRole "edit" to Group "devel"',
    );
    expect(r.apiServer).toMatchObject({ answered: true, reason: r.policy.reason });
  });

  it('agrees on a generated sample of 1,200 requests over the demo seed', async () => {
    const cases = sample(1200);
    const results: Array<{ policy: boolean; server: boolean; agree: boolean | null }> = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const r = await check(alice, { ...c.subject, ...c.request });
          if (!r.apiServer.answered)
            throw new Error(`no API server answer: ${r.apiServer.message}`);
          results.push({ policy: r.policy.allowed, server: r.apiServer.allowed, agree: r.agree });
        }
      }),
    );
    expect(results).toHaveLength(1200);
    const disagreements = results.filter((r) => r.policy !== r.server || r.agree !== true);
    expect(disagreements).toEqual([]);
    // A sample where everything is allowed or everything denied would prove nothing.
    const allowed = results.filter((r) => r.server).length;
    expect(allowed).toBeGreaterThan(100);
    expect(results.length - allowed).toBeGreaterThan(100);
  }, 300_000);
});
