import { test as base, expect, request as playwrightRequest } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { devclusterKubeconfig, devclusterKubectl, type EmbeddedCluster } from './Kubectl.js';

/**
 * The fixture set every spec imports instead of `@playwright/test`: each test owns what it makes.
 *
 * - `fixtures.name('role')` gives a name unique to the test (`e2e-<spec>-<n>-role`);
 * - `fixtures.create(...)` makes an object on `dev` or `staging` with the real kubectl as a seeded
 *   person and tracks it; `fixtures.track(...)` tracks an object the test makes through the UI;
 * - after every test, passed or failed, the tracked objects are deleted in reverse order (NotFound
 *   is fine: the test may have deleted them itself);
 * - an automatic leak check lists RBAC objects, namespaces and ServiceAccounts on both embedded
 *   clusters before and after each test (after the cleanup): anything created, deleted or changed
 *   and not put back fails the test, with the list.
 */

export { expect };
export type { EmbeddedCluster };

/** Seeded people with kubeconfigs in the data dir (packages/devcluster/src/seed.ts), and the admin. */
export type DemoUser = 'alice' | 'bob' | 'joe' | 'carol';
export type KubeUser = 'admin' | DemoUser;

/** What `kubectl delete` takes: the resource (plural or kind) and where the object lives. */
export interface ObjectRef {
  cluster?: EmbeddedCluster;
  /** kubectl's resource name: `role`, `rolebinding`, `clusterrole`, `namespace`, `serviceaccount`… */
  kind: string;
  name: string;
  namespace?: string;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface CreateOptions {
  cluster?: EmbeddedCluster;
  /** Who runs kubectl (default the devcluster's admin). */
  as?: KubeUser;
}

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestFixtures {
  /** Unique names, creation and cleanup of the objects this test owns. */
  fixtures: OwnedObjects;
  /** The leak check: automatic, around every test. */
  leakCheck: void;
}

const CLUSTERS: EmbeddedCluster[] = ['dev', 'staging'];
const WATCHED = 'roles,rolebindings,clusterroles,clusterrolebindings,namespaces,serviceaccounts';

/**
 * Objects the product makes on its own as a side effect of what a test does, and which are expected to
 * stay: they are the console's own state, not a test's fixture. Each entry says why.
 */
const ALLOWED_SIDE_EFFECTS: Array<{ why: string; matches(key: string): boolean }> = [
  {
    // The console keeps its state (audit records, sign-in sessions, revocations) in ConfigMaps of
    // gatehouse-system, and creates that namespace the first time it needs it.
    why: 'the console’s own namespace, created on first use',
    matches: (key) =>
      key === 'dev Namespace gatehouse-system' || key === 'staging Namespace gatehouse-system',
  },
  {
    // The devcluster's namespace controller gives every namespace a `default` ServiceAccount; it
    // goes away with its namespace, and gatehouse-system's stays with it.
    why: 'the default ServiceAccount of gatehouse-system',
    matches: (key) => / ServiceAccount gatehouse-system\/default$/.test(key),
  },
];

type ApiCall = (
  method: 'get' | 'post',
  path: string,
  data?: object,
) => Promise<{ status: number; body: unknown }>;

interface Snapshot {
  /** `<cluster> <Kind> [<namespace>/]<name>` → what matters of the object. */
  objects: Map<string, string>;
}

async function exec(args: string[], input?: string): Promise<KubectlRun> {
  return new Promise((resolve) => {
    const child = execFile(
      '/usr/bin/kubectl',
      ['--request-timeout=20s', ...args],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

interface Listed {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: unknown;
  subjects?: unknown;
  roleRef?: unknown;
  aggregationRule?: unknown;
}

/** Everything the leak check watches on one cluster, as the devcluster's admin. */
async function snapshotOf(cluster: EmbeddedCluster): Promise<Map<string, string>> {
  const r = await exec([
    '--kubeconfig',
    devclusterKubeconfig(cluster),
    'get',
    WATCHED,
    '--all-namespaces',
    '-o',
    'json',
  ]);
  if (r.code !== 0) throw new Error(`leak check: listing ${cluster} failed: ${r.stderr}`);
  const items = (JSON.parse(r.stdout) as { items: Listed[] }).items;
  const out = new Map<string, string>();
  for (const o of items) {
    const where = o.metadata.namespace ? `${o.metadata.namespace}/` : '';
    // Content, not resourceVersion: an object changed and put back as it was is no leak; labels
    // count because projects and access levels live in them.
    const content = JSON.stringify([
      o.rules,
      o.subjects,
      o.roleRef,
      o.aggregationRule,
      o.metadata.labels,
    ]);
    out.set(`${cluster} ${o.kind} ${where}${o.metadata.name}`, content);
  }
  return out;
}

async function snapshot(): Promise<Snapshot> {
  const parts = await Promise.all(CLUSTERS.map(snapshotOf));
  return { objects: new Map(parts.flatMap((m) => [...m])) };
}

/** What differs between two snapshots, allowlisted side effects left out. */
export function leaks(before: Snapshot, after: Snapshot): string[] {
  const allowed = (key: string) => ALLOWED_SIDE_EFFECTS.some((a) => a.matches(key));
  const out: string[] = [];
  for (const [key, content] of after.objects) {
    if (allowed(key)) continue;
    const was = before.objects.get(key);
    if (was === undefined) out.push(`left behind: ${key}`);
    else if (was !== content) out.push(`changed and not put back: ${key}`);
  }
  for (const key of before.objects.keys())
    if (!after.objects.has(key) && !allowed(key)) out.push(`deleted and not put back: ${key}`);
  return out.sort();
}

/** Tests seen per spec file and line (tests made in a loop share a line). */
const seen = new Map<string, number>();

export class OwnedObjects {
  private readonly owned: Array<
    { ref: ObjectRef & { cluster: EmbeddedCluster } } | { label: string; run: () => Promise<void> }
  > = [];
  private readonly names = new Map<string, string>();
  private readonly prefix: string;

  constructor(
    spec: string,
    n: string,
    private readonly baseURL: string,
  ) {
    this.prefix = `e2e-${spec}-${n}`;
  }

  /**
   * A name unique to this test and spec: `e2e-<spec>-<n>-<what>` (the same `what` gives the same name
   * within a test). Short enough for a namespace (a DNS label of at most 63 characters).
   */
  name(what: string): string {
    const known = this.names.get(what);
    if (known) return known;
    const name = `${this.prefix}-${what}`
      .toLowerCase()
      .slice(0, 63)
      .replace(/[^a-z0-9]+$/, '');
    this.names.set(what, name);
    return name;
  }

  /** The real kubectl as a seeded person on one cluster, for what a test checks (nothing tracked). */
  kubectl(cluster: EmbeddedCluster = 'dev', user: KubeUser = 'admin') {
    return devclusterKubectl(cluster, user);
  }

  /** Tracks an object the test makes another way (through the UI): deleted after the test. */
  track(ref: ObjectRef): void {
    this.owned.push({ ref: { cluster: 'dev', ...ref } });
  }

  /** Runs `run` at cleanup, in its turn (newest first), for what is not one object to delete. */
  defer(label: string, run: () => Promise<void>): void {
    this.owned.push({ label, run });
  }

  /**
   * At cleanup, revokes every kubeconfig `user` holds through the console's own "Revoke all" (a fresh
   * demo sign-in of theirs, not the test's page, which is closed by then): the files' Secrets and the
   * kubeconfig identity a download creates in gatehouse-system go.
   */
  revokeKubeconfigsOf(user: DemoUser): void {
    this.defer(`revoke ${user}'s kubeconfigs`, () =>
      this.asUser(user, async (call) => {
        await call('post', '/api/kubeconfigs/revoke-all', {});
      }),
    );
  }

  /**
   * A project the test makes (through the UI or not) on `cluster`: at cleanup it is deleted through
   * the console as `user` (which removes its bindings and the collaborators' kubeconfig identities),
   * and its namespaces are deleted if anything is left of them.
   */
  trackProject(
    project: string,
    namespaces: string[],
    user: DemoUser = 'alice',
    cluster: EmbeddedCluster = 'dev',
  ): void {
    for (const ns of namespaces) this.track({ cluster, kind: 'namespace', name: ns });
    const path = `/api/clusters/${cluster}/projects/${project}`;
    this.defer(`delete project ${project} on ${cluster}`, () =>
      this.asUser(user, async (call) => {
        if ((await call('get', path)).status === 404) return;
        await call('post', `${path}/delete`, { confirm: project });
      }),
    );
  }

  /**
   * Creates a project through the console as `user` (who becomes its admin) on `cluster`, with
   * collaborators invited at a level if given, and tracks it (see trackProject).
   */
  async project(
    project: string,
    namespaces: string[],
    opts: {
      as?: DemoUser;
      cluster?: EmbeddedCluster;
      invite?: Array<{ subject: { kind: 'User' | 'Group'; name: string }; level: string }>;
    } = {},
  ): Promise<void> {
    const user = opts.as ?? 'alice';
    const cluster = opts.cluster ?? 'dev';
    this.trackProject(project, namespaces, user, cluster);
    await this.asUser(user, async (call) => {
      const made = await call('post', `/api/clusters/${cluster}/projects`, {
        name: project,
        namespaces,
      });
      if (made.status >= 300)
        throw new Error(`creating project ${project} on ${cluster}: HTTP ${made.status}`);
      for (const { subject, level } of opts.invite ?? []) {
        const invited = await call(
          'post',
          `/api/clusters/${cluster}/projects/${project}/collaborators`,
          { subjects: [subject], level },
        );
        if (invited.status >= 300)
          throw new Error(`inviting ${subject.name} to ${project}: HTTP ${invited.status}`);
      }
    });
  }

  /**
   * A collaborator the test invites into a project it does not own (a seeded one): removed at
   * cleanup through the console as `user`, unless the test removed them already.
   */
  removeCollaboratorAfter(
    project: string,
    subject: { kind: 'User' | 'Group'; name: string },
    user: DemoUser,
  ): void {
    this.defer(`remove ${subject.kind} ${subject.name} from ${project}`, () =>
      this.asUser(user, async (call) => {
        const res = await call('get', `/api/clusters/dev/projects/${project}`);
        if (!JSON.stringify(res.body).includes(JSON.stringify(subject.name))) return;
        await call('post', `/api/clusters/dev/projects/${project}/collaborators/remove`, {
          subject,
        });
      }),
    );
  }

  /** Runs `body` with a fresh demo sign-in of `user` (the test's page may be closed by then). */
  private async asUser(user: DemoUser, body: (call: ApiCall) => Promise<void>): Promise<void> {
    const api = await playwrightRequest.newContext({ baseURL: this.baseURL });
    try {
      const headers = { Origin: this.baseURL, 'Content-Type': 'application/json' };
      // Before sign-in, the CSRF token bound to the pre-session cookie comes with the auth config.
      const config = (await (await api.get('/api/auth/config')).json()) as { csrfToken: string };
      const signIn = await api.post('/api/auth/demo', {
        headers: { ...headers, 'X-CSRF-Token': config.csrfToken },
        data: { user },
      });
      if (!signIn.ok()) throw new Error(`demo sign-in of ${user}: ${signIn.status()}`);
      const session = (await (await api.get('/api/session')).json()) as { csrfToken: string };
      await body(async (method, path, data) => {
        const res =
          method === 'get'
            ? await api.get(path)
            : await api.post(path, {
                headers: { ...headers, 'X-CSRF-Token': session.csrfToken },
                data,
              });
        // NotFound: already gone, which is what cleanup wants.
        if (!res.ok() && res.status() !== 404)
          throw new Error(
            `${method.toUpperCase()} ${path} as ${user}: ${res.status()} ${await res.text()}`,
          );
        const text = await res.text();
        return { status: res.status(), body: text ? (JSON.parse(text) as unknown) : undefined };
      });
    } finally {
      await api.dispose();
    }
  }

  /** Creates an object with kubectl as `as` (default the admin) on `cluster`, and tracks it. */
  async create<T extends Manifest>(manifest: T, opts: CreateOptions = {}): Promise<T> {
    const cluster = opts.cluster ?? 'dev';
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-fixture-'));
    const file = join(dir, 'object.json');
    writeFileSync(file, JSON.stringify(manifest));
    try {
      const r = await exec([
        '--kubeconfig',
        devclusterKubeconfig(cluster, opts.as ?? 'admin'),
        'create',
        '-f',
        file,
        '-o',
        'json',
      ]);
      if (r.code !== 0)
        throw new Error(
          `kubectl create ${manifest.kind} ${manifest.metadata.name} on ${cluster}: ${r.stderr}`,
        );
      this.track({
        cluster,
        kind: manifest.kind.toLowerCase(),
        name: manifest.metadata.name,
        namespace: manifest.metadata.namespace,
      });
      return JSON.parse(r.stdout) as T;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** A namespace of this test's own (`e2e-<spec>-<n>-<what>`), with labels if given. */
  async namespace(
    what = 'ns',
    opts: { cluster?: EmbeddedCluster; labels?: Record<string, string> } = {},
  ): Promise<string> {
    const name = this.name(what);
    await this.create(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: opts.labels ?? {} } },
      { cluster: opts.cluster },
    );
    return name;
  }

  /** Deletes what was tracked, newest first; NotFound is fine. Returns what could not be deleted. */
  async cleanup(): Promise<string[]> {
    const failed: string[] = [];
    while (this.owned.length) {
      const next = this.owned.pop()!;
      if ('run' in next) {
        try {
          await next.run();
        } catch (e) {
          failed.push(`${next.label}: ${e instanceof Error ? e.message : String(e)}`);
        }
        continue;
      }
      const o = next.ref;
      const r = await exec([
        '--kubeconfig',
        devclusterKubeconfig(o.cluster),
        'delete',
        o.kind,
        o.name,
        ...(o.namespace ? ['-n', o.namespace] : []),
        '--ignore-not-found',
      ]);
      if (r.code !== 0 && !/NotFound/.test(r.stderr))
        failed.push(`${o.cluster} ${o.kind} ${o.namespace ?? ''}/${o.name}: ${r.stderr.trim()}`);
    }
    return failed;
  }
}

export const test = base.extend<TestFixtures>({
  leakCheck: [
    // Playwright reads a fixture's dependencies from its first parameter: this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, testInfo) => {
      const before = await snapshot();
      await use();
      // Runs after `fixtures` is torn down (it depends on this one), so the cleanup has happened.
      const after = await snapshot();
      const left = leaks(before, after);
      // A test that already failed keeps its own error first; the leak is reported beside it.
      if (left.length && testInfo.status !== testInfo.expectedStatus)
        testInfo.annotations.push({ type: 'leak', description: left.join('\n') });
      else expect(left, `${testInfo.title} left the clusters changed`).toEqual([]);
    },
    { auto: true },
  ],
  fixtures: async ({ leakCheck, baseURL }, use, testInfo) => {
    void leakCheck;
    const spec = basename(testInfo.file).replace(/\.spec\.ts$/, '');
    // <n> is the test's line in its spec (stable when a failure restarts the worker), with a count
    // for tests a loop makes on one line, and the retry and repeat if any.
    const at = `${spec}:${testInfo.line}`;
    const k = (seen.get(at) ?? 0) + 1;
    seen.set(at, k);
    const n = [
      testInfo.line,
      k > 1 && k,
      testInfo.retry && `r${testInfo.retry}`,
      testInfo.repeatEachIndex && `x${testInfo.repeatEachIndex}`,
    ]
      .filter(Boolean)
      .join('-');
    const owned = new OwnedObjects(spec, n, baseURL ?? '');
    await use(owned);
    const failed = await owned.cleanup();
    expect(failed, 'cleanup could not delete').toEqual([]);
  },
});
