// The whole install, as a cluster runs it: `kubectl apply -k deploy/overlays/console` against a
// devcluster, then two BFF processes started exactly as the applied Deployment starts its pods —
// args and env from the Deployment, its ConfigMap and Secrets, the image's ENV from the
// Containerfile, the ServiceAccount token from a TokenRequest and the CA mounted where the kubelet
// mounts them — each with its own root and nothing on disk in common. Sign-in, an invitation and a
// sign-out go through one replica; the other must refuse the signed-out cookie; then the lease
// holder is killed and the other replica must take the sweep over.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevCluster, type DevCluster } from '@gatehouse/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadyResponse } from '../src/contract.js';
import { SWEEPER_LEASE } from '../src/state/lease.js';
import { session, tokenSignIn } from './support/bff.js';
import { Browser } from './support/browser.js';
import { boundServiceAccountToken, direct, tempDir } from './support/clusters.js';
import { kubectlWith } from './support/kubectl.js';

/**
 * How long a poll may wait for what the watch or the revocation mirror brings: milliseconds when the
 * machine is idle (`pnpm bench` measures the sign-out → refused time), and the mirror retries a
 * broken list once a second, longer than expect.poll's 1 s default.
 */
const settleMs = 10_000;

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const main = join(repo, 'apps/bff/dist/main.js');
/** Where the image puts the BFF (its ENTRYPOINT), mapped to this checkout's build. */
const imageEntrypoint = '/app/apps/bff/dist/main.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}
interface Container {
  name: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ containerPort: number; name?: string }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
}
interface Deployment {
  spec: {
    replicas: number;
    template: {
      spec: {
        serviceAccountName: string;
        containers: Container[];
        volumes?: Array<{ name: string; emptyDir?: object }>;
      };
    };
  };
}
interface LeaseObj {
  spec: { holderIdentity?: string; leaseTransitions?: number };
}

/** ENV lines of the Containerfile's last stage: the image's own environment. */
function imageEnv(): Record<string, string> {
  const file = join(repo, 'Containerfile');
  const stages = readFileSync(file, 'utf8').split(/^FROM\s/m);
  const env: Record<string, string> = {};
  for (const m of stages.at(-1)!.matchAll(/^ENV\s+(.+)$/gm))
    for (const pair of m[1]!.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g))
      env[pair[1]!] = pair[2]!.replace(/^"|"$/g, '');
  return env;
}

/** The image's ENTRYPOINT must be node running the BFF where this test maps it. */
function checkEntrypoint(): void {
  const file = join(repo, 'Containerfile');
  const last = readFileSync(file, 'utf8')
    .split(/^FROM\s/m)
    .at(-1)!;
  const m = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(last);
  expect(m, 'ENTRYPOINT in exec form').not.toBeNull();
  const argv = JSON.parse(m![1]!) as string[];
  expect(argv.at(-1)).toBe(imageEntrypoint);
  expect(argv[0]).toMatch(/\/node$/);
}

interface Replica {
  pod: string;
  root: string;
  child: ChildProcess;
  url: string;
  stdout: string[];
}

describe('installed with kubectl apply -k, run as the Deployment runs it', () => {
  const dir = tempDir('bff-install-');
  let dc: DevCluster;
  let kubectl: ReturnType<typeof kubectlWith>;
  let deployment: Deployment;
  let container: Container;
  const replicas: Replica[] = [];
  const publicOrigin = () => resolvedEnv.get('GATEHOUSE_PUBLIC_ORIGIN')!;
  let resolvedEnv = new Map<string, string>();

  const getJson = async <T>(...args: string[]): Promise<T> => {
    const r = await kubectl('get', ...args, '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  /** The container's environment as the kubelet builds it for one pod. */
  async function podEnv(pod: string): Promise<Map<string, string>> {
    const env = new Map(Object.entries(imageEnv()));
    const configMap = async (name: string) =>
      (
        await getJson<{ data?: Record<string, string> }>(
          'configmap',
          '-n',
          'gatehouse-system',
          name,
        )
      ).data ?? {};
    const secret = async (name: string, optional = false) => {
      const r = await kubectl('get', 'secret', '-n', 'gatehouse-system', name, '-o', 'json');
      if (r.code !== 0 && optional) return undefined;
      expect(r.code, r.stderr).toBe(0);
      const data = (JSON.parse(r.stdout) as { data?: Record<string, string> }).data ?? {};
      return Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      );
    };
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef)
        for (const [k, v] of Object.entries(await configMap(from.configMapRef.name))) env.set(k, v);
      if (from.secretRef)
        for (const [k, v] of Object.entries((await secret(from.secretRef.name)) ?? {}))
          env.set(k, v);
    }
    for (const e of container.env ?? []) {
      if (e.value !== undefined) env.set(e.name, e.value);
      const f = e.valueFrom;
      if (f?.fieldRef) {
        expect(f.fieldRef.fieldPath).toBe('metadata.name');
        env.set(e.name, pod);
      }
      if (f?.configMapKeyRef) {
        const v = (await configMap(f.configMapKeyRef.name))[f.configMapKeyRef.key];
        if (v !== undefined) env.set(e.name, v);
      }
      if (f?.secretKeyRef) {
        const s = await secret(f.secretKeyRef.name, f.secretKeyRef.optional);
        const v = s?.[f.secretKeyRef.key];
        if (v !== undefined) env.set(e.name, v);
      }
    }
    return env;
  }

  /** A token for the pod's ServiceAccount bound to a Secret standing in for the pod. */
  const projectedToken = (pod: string) =>
    boundServiceAccountToken(dc, deployment.spec.template.spec.serviceAccountName, `pod-${pod}`);

  async function startPod(pod: string): Promise<Replica> {
    const root = join(dir.path, pod);
    const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'ca.crt'), dc.caPem);
    writeFileSync(join(sa, 'namespace'), 'gatehouse-system');
    writeFileSync(join(sa, 'token'), await projectedToken(pod));
    // The Deployment's emptyDir volumes, each empty and the pod's own.
    const mounts = new Map<string, string>();
    for (const m of container.volumeMounts ?? []) {
      const v = deployment.spec.template.spec.volumes?.find((x) => x.name === m.name);
      if (!v?.emptyDir) continue;
      const at = join(root, m.mountPath);
      mkdirSync(at, { recursive: true });
      mounts.set(m.mountPath, at);
    }
    const inRoot = (value: string) => {
      for (const [mountPath, at] of mounts)
        if (value === mountPath || value.startsWith(`${mountPath}/`))
          return at + value.slice(mountPath.length);
      return value;
    };
    const env = await podEnv(pod);
    resolvedEnv = env;
    const command = [...(container.command ?? []), ...(container.args ?? [])].map(inRoot);
    const child = spawn(process.execPath, [main, ...command], {
      env: {
        ...Object.fromEntries([...env].map(([k, v]) => [k, inRoot(v)])),
        PATH: process.env.PATH,
        // What the kubelet adds for the default Service of the API server.
        KUBERNETES_SERVICE_HOST: '127.0.0.1',
        KUBERNETES_SERVICE_PORT: String(dc.port),
        // Where the ServiceAccount volume is (/ in a pod).
        GATEHOUSE_IN_CLUSTER_ROOT: root,
        // Two pods share this host's network here, so each takes a free port instead of 8080.
        GATEHOUSE_PORT: '0',
        GATEHOUSE_HOST: '127.0.0.1',
      },
    });
    const stdout: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      child.stdout!.on('data', (c: Buffer) => {
        buffer += c.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          stdout.push(line);
          const m = /^gatehouse ready (http:\/\/\S+) \(in-cluster: /.exec(line);
          if (m) resolve(m[1]!);
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`${pod} exited ${code} before ready: ${stderr}\n${stdout.join('\n')}`)),
      );
    });
    const r: Replica = { pod, root, child, url, stdout };
    replicas.push(r);
    return r;
  }

  beforeAll(async () => {
    dc = await startDevCluster({ dataDir: join(dir.path, 'dc'), seed: 'demo' });
    kubectl = kubectlWith(dir.path, 'admin', readFileSync(dc.kubeconfigPath('admin'), 'utf8'));
    const applied = await kubectl('apply', '-k', join(repo, 'deploy/overlays/console'));
    expect(applied.code, applied.stderr).toBe(0);
    deployment = await getJson<Deployment>('deployment', '-n', 'gatehouse-system', 'gatehouse');
    expect(deployment.spec.replicas).toBe(2);
    const [c] = deployment.spec.template.spec.containers;
    container = c!;
    // No volume the pods would share: only their own emptyDirs (and the projected token).
    for (const v of deployment.spec.template.spec.volumes ?? [])
      expect(v.emptyDir, `volume ${v.name}`).toBeDefined();
    checkEntrypoint();
    await Promise.all(['gatehouse-7d9f-a1', 'gatehouse-7d9f-b2'].map(startPod));
  }, 60_000);

  afterAll(async () => {
    for (const r of replicas) r.child.kill('SIGKILL');
    await dc?.stop();
    dir.remove();
  });

  const browser = (r: Replica) => {
    const b = new Browser(r.url);
    b.originHeader = publicOrigin();
    return b;
  };

  it('serves the probes the Deployment points at', async () => {
    for (const r of replicas) {
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        const path = probe?.httpGet?.path;
        expect(path).toBeDefined();
        expect((await fetch(`${r.url}${path}`)).status, `${r.pod} ${path}`).toBe(200);
      }
      const ready = (await (await fetch(`${r.url}/api/readyz`)).json()) as ReadyResponse;
      expect(ready).toMatchObject({ status: 'ready', store: 'cluster', replica: r.pod });
    }
  });

  it('signs in on one replica, invites, signs out, and the other refuses the cookie', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const onA = browser(a);
    await tokenSignIn(onA, dc.token('bob'), 'in-cluster');
    const invite = await onA.post('/api/clusters/in-cluster/projects/payments/collaborators', {
      subjects: [{ kind: 'User', name: 'joe' }],
      level: 'viewer',
    });
    expect(invite.status, invite.text).toBe(200);
    const onB = onA.copy(b.url);
    expect((await session(onB)).user.name).toBe('bob');

    expect((await onA.post('/api/auth/logout')).status).toBe(204);
    await expect
      .poll(async () => (await onB.get('/api/session')).status, { interval: 20, timeout: settleMs })
      .toBe(401);
    // The sign-out is in replica a's audit stream on stdout, as cluster logging collects it; the
    // line comes through a pipe, so it may arrive after the response does.
    const signedOut = () =>
      a.stdout.some((l) => {
        try {
          const o = JSON.parse(l) as { audit?: { verb: string; user: string; replica: string } };
          return o.audit?.verb === 'logout' && o.audit.user === 'bob' && o.audit.replica === a.pod;
        } catch {
          return false;
        }
      });
    await expect.poll(signedOut, { interval: 20, timeout: settleMs }).toBe(true);
  });

  it('moves the sweep to the other replica when the lease holder is killed', async () => {
    const lease = `/apis/coordination.k8s.io/v1/namespaces/gatehouse-system/leases/${SWEEPER_LEASE}`;
    const holderNow = async () =>
      (await direct<LeaseObj>(dc, 'admin', 'GET', lease)).body.spec?.holderIdentity;
    await expect.poll(holderNow, { interval: 100, timeout: settleMs }).toMatch(/^gatehouse-7d9f-/);
    const holderPod = (await holderNow())!;
    const dead = replicas.find((r) => r.pod === holderPod)!;
    const survivor = replicas.find((r) => r.pod !== holderPod)!;
    expect(dead).toBeDefined();

    // The holder dies first, then an invitation that expires soon is made: only the survivor can
    // remove it. (Inviting first raced the holder: on a loaded machine the invite could take longer
    // than the expiry, and the holder swept it before it was killed.)
    dead.child.kill('SIGKILL');
    const admin = browser(survivor);
    await tokenSignIn(admin, dc.token('bob'), 'in-cluster');
    const expiresAt = new Date(Date.now() + 3_000).toISOString();
    const invite = await admin.post('/api/clusters/in-cluster/projects/payments/collaborators', {
      subjects: [{ kind: 'User', name: 'carol' }],
      level: 'viewer',
      expiresAt,
    });
    expect(invite.status, invite.text).toBe(200);

    const binding =
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings/gatehouse:payments:viewer:user:carol';
    // The lease lasts its duration unrenewed, then the survivor takes it and sweeps at once.
    await expect.poll(holderNow, { interval: 200, timeout: 40_000 }).toBe(survivor.pod);
    await expect
      .poll(async () => (await direct(dc, 'admin', 'GET', binding)).status, {
        interval: 200,
        timeout: 40_000,
      })
      .toBe(404);
    // The sweep audits after its delete, and stdout reaches this process through a pipe: the line
    // may arrive after the 404 is seen.
    await expect
      .poll(
        () =>
          survivor.stdout.some(
            (l) =>
              l.includes('"audit"') && l.includes('invitation expired') && l.includes(survivor.pod),
          ),
        { interval: 50, timeout: settleMs },
      )
      .toBe(true);
    const ready = (await (await fetch(`${survivor.url}/api/readyz`)).json()) as ReadyResponse;
    expect(ready.sweeper).toBe(survivor.pod);
  }, 90_000);

  it('wrote nothing to disk but its own emptyDir, and nothing there either', () => {
    for (const r of replicas) {
      const tmp = join(r.root, 'tmp');
      const written = existsSync(tmp) ? readdirSync(tmp, { recursive: true }) : [];
      expect(written, r.pod).toEqual([]);
    }
  });
});
