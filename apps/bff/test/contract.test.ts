// The HTTP contract (src/contract.ts and src/*/contract.ts) against the route table: every route
// names its input and answer schemas, the contract modules stay importable by the browser, and one
// walk over the whole table as alice gets a 2xx from every route, each answer checked against its
// schema by the test Browser (support/contract.ts), as every other integration test's answers are.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod/mini';
import { noInput, noJson } from '../src/contract.js';
import type { KubeconfigsResponse } from '../src/contract.js';
import type { PolicyDetail, PolicyPlan } from '../src/fleet/policies/contract.js';
import { routes, type RouteDef } from '../src/routes.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';
import { routeFor } from './support/contract.js';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const name = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;
const keys = (s: z.ZodMiniType | undefined) =>
  Object.keys((s as { shape?: object } | undefined)?.shape ?? {}).sort();

function contractModules(dir = src): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return contractModules(path);
    return entry === 'contract.ts' ? [path] : [];
  });
}

/** Every module a contract module imports at run time, transitively, and every package it names. */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
    const spec = m[1]!;
    if (spec.startsWith('.'))
      runtimeImports(resolve(dirname(file), spec.replace(/\.js$/, '.ts')), seen);
    else seen.add(spec);
  }
  return seen;
}

describe('the HTTP contract', () => {
  it('every route names its params, its query (GET) or body (POST), and its response', () => {
    const missing: string[] = [];
    for (const r of routes) {
      const c = r.contract;
      const pathParams = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!).sort();
      if (pathParams.length ? keys(c.params).join() !== pathParams.join() : c.params)
        missing.push(`${name(r)}: params must be exactly ${pathParams.join(', ') || 'none'}`);
      if (r.method === 'get' && (!c.query || c.body)) missing.push(`${name(r)}: a query, no body`);
      if (r.method !== 'get' && (!c.body || c.query)) missing.push(`${name(r)}: a body, no query`);
      if (!c.response) missing.push(`${name(r)}: no response schema`);
    }
    expect(missing).toEqual([]);
    // Each route once: a second one with the same method and path would never be reached.
    expect(new Set(routes.map(name)).size).toBe(routes.length);
  });

  it('contract modules import only zod/mini, @gatehouse/policy and pure modules of their own', () => {
    const modules = contractModules();
    expect(modules.map((m) => relative(src, m)).sort()).toEqual(
      expect.arrayContaining(['analysis/contract.ts', 'contract.ts', 'projects/contract.ts']),
    );
    const problems: string[] = [];
    for (const m of modules)
      for (const dep of runtimeImports(m)) {
        const local = dep.startsWith('/');
        const allowed = local || dep === 'zod/mini' || dep === '@gatehouse/policy';
        if (!allowed) problems.push(`${relative(src, m)} reaches ${dep}`);
      }
    expect(problems).toEqual([]);
  });

  describe('every route answers by its contract', () => {
    const suite = embeddedBffForSuite('bff-contract-', { auth: ['demo', 'token'] });
    const P = 'contract-walk';

    it('walks the whole table as alice', async () => {
      const alice = suite.bff.browser();
      await demoSignIn(alice, 'alice');
      const answered = new Map<string, number>();
      const call = async (method: 'GET' | 'POST' | 'PUT', target: string, body?: unknown) => {
        const r = await alice.send(method, target, body === undefined ? {} : { body });
        const route = routeFor(method, target);
        expect(route, `${method} ${target} is in the table`).toBeDefined();
        answered.set(name(route!), r.status);
        expect(r.status, `${method} ${target}: ${r.text}`).toBeLessThan(400);
        return r;
      };
      const c = '/api/clusters/dev';
      const project = `${c}/projects/${P}`;
      await call('GET', '/api/auth/config');
      await call('GET', '/api/session');
      await call('GET', '/api/healthz');
      await call('GET', '/api/livez');
      await call('GET', '/api/readyz');
      await call('GET', '/api/clusters');
      await call('GET', `${c}/namespaces?q=pay&limit=5`);
      await call(
        'GET',
        `${c}/access/check?subjectKind=User&subjectName=joe&verb=get&resource=pods`,
      );
      await call('GET', `${c}/access/who-can?verb=get&resource=pods&namespace=payments`);
      await call('GET', `${c}/access/matrix?subjectKind=Group&subjectName=devel`);
      await call('GET', `${c}/access/matrix?subjectKind=Self&format=csv`);
      await call('GET', `${c}/access/subject?subjectKind=User&subjectName=bob`);
      await call('GET', `${c}/access/subjects?query=jo`);
      await call('GET', `${c}/access/risks`);
      await call('POST', `${c}/access/impact`, {
        operation: 'create',
        object: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: `${P}-view`, namespace: 'payments' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'carol' }],
        },
      });
      await call('GET', '/api/fleet/who-can?verb=get&resource=secrets&namespace=payments');
      await call(
        'GET',
        '/api/fleet/check?subjectKind=User&subjectName=bob&verb=get&resource=pods&namespace=payments',
      );
      await call('GET', '/api/fleet/compare?subjectKind=User&subjectName=bob&a=dev&b=staging');
      const copy = {
        source: {
          cluster: 'dev',
          kind: 'RoleBinding',
          namespace: 'payments',
          name: 'gatehouse:payments:admin',
        },
        targets: ['staging'],
      };
      const copyPlan = (await call('POST', '/api/fleet/copy-binding/plan', copy)).json<{
        digest: string;
      }>();
      await call('POST', '/api/fleet/copy-binding/apply', { ...copy, digest: copyPlan.digest });
      await call('POST', `${c}/projects`, { name: P, namespaces: [P, `${P}-b`] });
      await call('GET', `${c}/projects`);
      await call('GET', project);
      const carol = { kind: 'User', name: 'carol' };
      await call('POST', `${project}/collaborators`, { subjects: [carol], level: 'viewer' });
      await call('POST', `${project}/collaborators/level`, { subject: carol, level: 'developer' });
      await call('POST', `${project}/collaborators/remove`, { subject: carol });
      await call('POST', `${project}/namespaces/${P}-b/remove`);
      await call('POST', `${project}/namespaces/${P}-b`);
      await call('GET', `${c}/kubeconfig/info?project=${P}`);
      await call('GET', `${c}/kubeconfig?project=${P}`);
      await call('GET', `${c}/kubeconfig?project=${P}`);
      // Fleet projects: the project is on dev only here; a plan's digest goes to apply.
      const fleet = `/api/fleet/projects/${P}`;
      await call('GET', '/api/fleet/projects');
      await call('GET', fleet);
      const change = { kind: 'invite', subjects: [carol], level: 'viewer' };
      const plan = (await call('POST', `${fleet}/collaborators/plan`, { change })).json<{
        digest: string;
      }>();
      await call('POST', `${fleet}/collaborators/apply`, { change, digest: plan.digest });
      await call('GET', `${fleet}/kubeconfig`);
      const mine = (await call('GET', '/api/kubeconfigs')).json<KubeconfigsResponse>();
      const [first] = mine.kubeconfigs;
      await call('POST', `/api/kubeconfigs/${first!.cluster}/${first!.id}/revoke`);
      await call('POST', '/api/kubeconfigs/revoke-all');
      await call('POST', `${project}/delete`, { confirm: P });
      // AccessPolicies: written on the home cluster, planned and applied on each cluster, removed.
      const fp = '/api/fleet/policies';
      const spec = {
        subjects: [{ kind: 'User', name: 'carol' }],
        statements: [
          {
            clusterRole: 'view',
            placements: [{ clusters: { names: ['*'] }, namespaces: { names: ['payments'] } }],
          },
        ],
      };
      await call('GET', fp);
      await call('POST', fp, { name: P, spec });
      const saved = (await call('GET', `${fp}/${P}`)).json<PolicyDetail>();
      await call('PUT', `${fp}/${P}`, {
        spec: { ...spec, description: 'walked' },
        resourceVersion: saved.policy.metadata.resourceVersion,
      });
      const planned = (await call('POST', `${fp}/plan`, { name: P })).json<PolicyPlan>();
      await call('POST', `${fp}/${P}/apply`, { digest: planned.digest });
      const removal = (
        await call('POST', `${fp}/plan`, { name: P, remove: true })
      ).json<PolicyPlan>();
      await call('POST', `${fp}/${P}/apply`, { digest: removal.digest, remove: true });
      await call('GET', '/api/audit?cluster=dev&limit=50');
      // Sign out and in again, with each step's fresh CSRF token, as the web app does.
      const csrf = async (target: string) => {
        alice.csrfToken = (await call('GET', target)).json<{ csrfToken: string }>().csrfToken;
      };
      await call('POST', '/api/auth/logout');
      await csrf('/api/auth/config');
      await call('POST', '/api/auth/demo', { user: 'alice' });
      await csrf('/api/session');
      await call('POST', '/api/auth/token', {
        token: suite.bff.bff.context.clusters.embedded!.token('bob'),
      });

      // OIDC sign-in needs an IdP: test/oidc.test.ts walks those two, its Browser checking them too.
      const oidc = ['GET /api/auth/oidc/login', 'GET /api/auth/oidc/callback'];
      const unvisited = routes.map(name).filter((n) => !answered.has(n) && !oidc.includes(n));
      expect(unvisited).toEqual([]);
      // The no-input and no-JSON markers are what the table says they are.
      expect(noInput.safeParse({ anything: 1 }).success).toBe(true);
      expect(noJson.safeParse(undefined).success).toBe(true);
    });
  });
});
