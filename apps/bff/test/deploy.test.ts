// deploy/: the kustomize base and overlays render a hardened install (checked statically), and the
// real kubectl applies them to a devcluster client-side and server-side, reads back what it applied,
// re-applies without changing anything and deletes it all.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDevCluster } from '@gatehouse/devcluster';
import * as models from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpText } from '../src/cli.js';
import { direct, tempDir } from './support/clusters.js';

type Json = Record<string, unknown>;
interface KObj {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  [field: string]: unknown;
}
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const repoDeploy = join(import.meta.dirname, '..', '..', '..', 'deploy');
const NS = 'gatehouse-system';

function run(args: string[], opts: { cacheDir?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/kubectl',
      [...(opts.cacheDir ? ['--cache-dir', opts.cacheDir] : []), ...args],
      // No HOME: kubectl reads no ~/.kube/config and writes no cache outside the test's dir.
      {
        timeout: 60_000,
        env: { PATH: process.env.PATH ?? '', HOME: opts.cacheDir ?? '/nonexistent' },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

function parseObjects(yaml: string): KObj[] {
  return parseAllDocuments(yaml)
    .map((d) => d.toJSON() as KObj | null)
    .filter((o): o is KObj => o !== null);
}

async function render(dir: string): Promise<KObj[]> {
  const r = await run(['kustomize', dir]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return parseObjects(r.stdout);
}

const key = (o: Pick<KObj, 'kind' | 'metadata'>): string =>
  `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function only(objs: KObj[], kind: string, name = 'gatehouse'): KObj {
  const found = objs.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind} ${name}`).toHaveLength(1);
  return found[0]!;
}

function get(o: unknown, ...path: (string | number)[]): unknown {
  let cur = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/**
 * deploy/ copied into a temp dir as a user prepares it: the OIDC client secret written from the
 * shipped example (a real oidc-client-secret.txt in the work tree is never read), and a
 * kustomization that adds the optional Ingress component to the console overlay.
 */
function prepare(root: string): Record<'console' | 'oidc' | 'console+ingress', string> {
  const copy = join(root, 'deploy');
  cpSync(repoDeploy, copy, {
    recursive: true,
    filter: (src) => !src.endsWith('oidc-client-secret.txt'),
  });
  const oidc = join(copy, 'overlays', 'oidc');
  cpSync(join(oidc, 'oidc-client-secret.txt.example'), join(oidc, 'oidc-client-secret.txt'));
  const withIngress = join(root, 'console-ingress');
  mkdirSync(withIngress);
  writeFileSync(
    join(withIngress, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources: [../deploy/overlays/console]',
      'components: [../deploy/components/ingress]',
      '',
    ].join('\n'),
  );
  return {
    console: join(copy, 'overlays', 'console'),
    oidc,
    'console+ingress': withIngress,
  };
}

/** Every GATEHOUSE_* variable the BFF reads (its --help). */
function bffEnvNames(): Set<string> {
  return new Set([...helpText().matchAll(/\b(GATEHOUSE_[A-Z_]+)\b/g)].map((m) => m[1]!));
}

interface Attribute {
  baseName: string;
  type: string;
}
function modelAttributes(type: string): Attribute[] | undefined {
  const model = (models as unknown as Record<string, unknown>)[type];
  if (typeof model !== 'function') return undefined;
  const map = (model as { getAttributeTypeMap?: () => Attribute[] }).getAttributeTypeMap;
  return typeof map === 'function' ? map.call(model) : undefined;
}

/**
 * What a real API server's strict decoding (kubectl's fieldValidation=Strict) refuses: fields the
 * type does not have and values of the wrong JSON type, checked against the Kubernetes API types
 * as @kubernetes/client-node generates them. The devcluster keeps no schemas, so without this a
 * misspelt field would apply here and fail on a real cluster.
 */
function strictDecodingErrors(value: unknown, type: string, path: string): string[] {
  const wrong = (what: string) => [`${path}: ${JSON.stringify(value)} is not ${what}`];
  const array = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (type === 'any') return [];
  if (type === 'string' || type === 'Date')
    return typeof value === 'string' ? [] : wrong('a string');
  if (type === 'number') return Number.isInteger(value) ? [] : wrong('an integer');
  if (type === 'boolean') return typeof value === 'boolean' ? [] : wrong('a boolean');
  if (type === 'IntOrString')
    return typeof value === 'string' || Number.isInteger(value) ? [] : wrong('an int or string');
  if (array) {
    if (!Array.isArray(value)) return wrong('a list');
    return value.flatMap((v, i) => strictDecodingErrors(v, array[1]!, `${path}[${i}]`));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return wrong('an object');
  const entries = Object.entries(value as Json);
  if (map) return entries.flatMap(([k, v]) => strictDecodingErrors(v, map[1]!, `${path}.${k}`));
  const attributes = modelAttributes(type);
  if (!attributes) return [`${path}: no API type ${type}`];
  return entries.flatMap(([k, v]) => {
    const a = attributes.find((x) => x.baseName === k);
    return a ? strictDecodingErrors(v, a.type, `${path}.${k}`) : [`${path}: unknown field "${k}"`];
  });
}

const IDENTITIES = [
  `Namespace /${NS}`,
  `ServiceAccount ${NS}/gatehouse-bff`,
  `ServiceAccount ${NS}/gatehouse-controller`,
  'ClusterRole /gatehouse:bff',
  'ClusterRoleBinding /gatehouse:bff',
  'ClusterRole /gatehouse:access-expiry',
  'ClusterRoleBinding /gatehouse:access-expiry',
  `Role ${NS}/gatehouse:bff-controller`,
  `RoleBinding ${NS}/gatehouse:bff-controller`,
  `Role ${NS}/gatehouse:kubeconfig-issuer`,
  `RoleBinding ${NS}/gatehouse:kubeconfig-issuer`,
  `Role ${NS}/gatehouse:state`,
  `RoleBinding ${NS}/gatehouse:state`,
];
const CONSOLE = [
  ...IDENTITIES,
  'CustomResourceDefinition /accesspolicies.gatehouse.dev',
  'ClusterRole /gatehouse:policy-author',
  `ConfigMap ${NS}/gatehouse-config`,
  `Deployment ${NS}/gatehouse`,
  `Service ${NS}/gatehouse`,
  `PodDisruptionBudget ${NS}/gatehouse`,
  `NetworkPolicy ${NS}/gatehouse`,
];
const EXPECTED: Record<string, string[]> = {
  console: CONSOLE,
  oidc: [...CONSOLE, `Secret ${NS}/gatehouse-oidc`],
  'console+ingress': [...CONSOLE, `Ingress ${NS}/gatehouse`],
};

const dir = tempDir('bff-deploy-');
const overlays = prepare(dir.path);
afterAll(() => dir.remove());

describe('the rendered manifests', () => {
  const rendered: Record<string, KObj[]> = {};
  beforeAll(async () => {
    for (const [name, path] of Object.entries(overlays)) rendered[name] = await render(path);
  });

  it('are exactly the expected objects, every namespaced one in gatehouse-system', () => {
    for (const [name, objs] of Object.entries(rendered)) {
      expect(objs.map(key).sort(), name).toEqual([...EXPECTED[name]!].sort());
      for (const o of objs) {
        if (
          ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition'].includes(
            o.kind,
          )
        )
          continue;
        expect(o.metadata.namespace, key(o)).toBe(NS);
      }
      expect(only(objs, 'Namespace', NS).metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
    }
  });

  it('decode strictly as the Kubernetes API types: no unknown field, no value of the wrong type', () => {
    for (const [name, objs] of Object.entries(rendered)) {
      for (const o of objs) {
        const version = o.apiVersion.split('/').pop()!;
        const type = `${version[0]!.toUpperCase()}${version.slice(1)}${o.kind}`;
        expect(modelAttributes(type), type).toBeDefined();
        expect(strictDecodingErrors(o, type, `${name}: ${key(o)}`)).toEqual([]);
      }
    }
    // The check itself finds a misspelt field and a number where a quantity string belongs.
    expect(
      strictDecodingErrors(
        {
          spec: {
            template: {
              spec: {
                containers: [{ name: 'x', resources: { limits: { cpu: 1 } } }],
                hostNetwrok: true,
              },
            },
          },
        },
        'V1Deployment',
        'd',
      ),
    ).toEqual([
      'd.spec.template.spec.containers[0].resources.limits.cpu: 1 is not a string',
      'd.spec.template.spec: unknown field "hostNetwrok"',
    ]);
  });

  it('install the RBAC of deploy/base/rbac.yaml unchanged', () => {
    const source = parseObjects(readFileSync(join(repoDeploy, 'base', 'rbac.yaml'), 'utf8'));
    const meaning = (o: KObj) => ({
      key: key(o),
      rules: o.rules,
      roleRef: o.roleRef,
      subjects: o.subjects,
    });
    for (const objs of Object.values(rendered)) {
      const rbac = objs.filter((o) => o.kind !== 'Namespace' && IDENTITIES.includes(key(o)));
      expect(rbac.map(meaning).sort((a, b) => a.key.localeCompare(b.key))).toEqual(
        source.map(meaning).sort((a, b) => a.key.localeCompare(b.key)),
      );
    }
  });

  it('run two hardened replicas of the image as gatehouse-bff', () => {
    for (const [name, objs] of Object.entries(rendered)) {
      const d = only(objs, 'Deployment');
      const spec = d.spec as Json;
      expect(spec.replicas, name).toBe(2);
      const pod = get(spec, 'template', 'spec') as Json;
      expect(pod).toMatchObject({
        serviceAccountName: 'gatehouse-bff',
        automountServiceAccountToken: true,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 65532,
          runAsGroup: 65532,
          seccompProfile: { type: 'RuntimeDefault' },
        },
      });
      for (const hostAccess of ['hostNetwork', 'hostPID', 'hostIPC'])
        expect(pod[hostAccess], hostAccess).toBeUndefined();
      const containers = pod.containers as Json[];
      expect(containers).toHaveLength(1);
      const c = containers[0]!;
      expect(c.image).toBe('localhost/gatehouse:0.1.0');
      // The image's entrypoint runs the BFF; the Deployment only configures it.
      expect(c.command).toBeUndefined();
      expect(c.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const kind of ['requests', 'limits'])
        for (const resource of ['cpu', 'memory'])
          expect(get(c, 'resources', kind, resource), `${kind}.${resource}`).toEqual(
            expect.any(String),
          );
      expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      expect(get(c, 'readinessProbe', 'httpGet')).toEqual({ path: '/api/readyz', port: 'http' });
      expect(get(c, 'livenessProbe', 'httpGet')).toEqual({ path: '/api/livez', port: 'http' });
      // The only writable place is an emptyDir at /tmp.
      expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
      expect(c.envFrom).toEqual([{ configMapRef: { name: 'gatehouse-config' } }]);
      expect(c.env).toContainEqual({
        name: 'GATEHOUSE_REPLICA',
        valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
      });
      expect(get(pod, 'topologySpreadConstraints', 0, 'topologyKey')).toBe(
        'kubernetes.io/hostname',
      );
    }
  });

  it('configure the BFF in-cluster with cluster state, only with variables it reads', () => {
    const known = bffEnvNames();
    for (const [name, objs] of Object.entries(rendered)) {
      const data = only(objs, 'ConfigMap', 'gatehouse-config').data as Record<string, string>;
      for (const k of Object.keys(data)) expect(known, `${name}: ${k}`).toContain(k);
      expect(data).toMatchObject({
        GATEHOUSE_CLUSTER_SOURCE: 'in-cluster',
        GATEHOUSE_STATE_STORE: 'cluster',
        GATEHOUSE_HOST: '0.0.0.0',
        GATEHOUSE_PORT: '8080',
        GATEHOUSE_TRUST_PROXY: '1',
        // Port-forwarded until an Ingress (its https host) is added; OIDC needs a registered https one.
        GATEHOUSE_PUBLIC_ORIGIN:
          name === 'console' ? 'http://localhost:8080' : expect.stringMatching(/^https:\/\//),
        GATEHOUSE_AUTH: name === 'oidc' ? 'oidc,token' : 'token',
      });
      // Secrets never sit in the ConfigMap.
      expect(Object.keys(data).filter((k) => /SECRET|SESSION_KEYS/.test(k))).toEqual([]);
      const env = get(only(objs, 'Deployment').spec, 'template', 'spec', 'containers', 0, 'env');
      expect(env).toEqual(expect.any(Array));
      for (const e of env as Json[]) expect(known, String(e.name)).toContain(e.name);
    }
  });

  it('give the OIDC overlay its issuer, client and the client secret from a Secret', () => {
    const objs = rendered.oidc!;
    const data = only(objs, 'ConfigMap', 'gatehouse-config').data as Record<string, string>;
    expect(data.GATEHOUSE_OIDC_ISSUER).toMatch(/^https:\/\//);
    expect(data.GATEHOUSE_OIDC_CLIENT_ID).toEqual(expect.any(String));
    const env = get(only(objs, 'Deployment').spec, 'template', 'spec', 'containers', 0, 'env');
    expect(env).toContainEqual({
      name: 'GATEHOUSE_OIDC_CLIENT_SECRET',
      valueFrom: { secretKeyRef: { name: 'gatehouse-oidc', key: 'client-secret' } },
    });
    const secret = only(objs, 'Secret', 'gatehouse-oidc');
    const example = readFileSync(
      join(repoDeploy, 'overlays', 'oidc', 'oidc-client-secret.txt.example'),
      'utf8',
    );
    expect(Buffer.from(String(get(secret, 'data', 'client-secret')), 'base64').toString()).toBe(
      example,
    );
    // The console overlay has neither.
    expect(rendered.console!.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('serve port 80 to the pods, keep one up in a drain, and let only the console port in and the API server, DNS (and the IdP) out', () => {
    for (const [name, objs] of Object.entries(rendered)) {
      const selector = get(only(objs, 'Deployment').spec, 'selector', 'matchLabels');
      expect(get(only(objs, 'Deployment').spec, 'template', 'metadata', 'labels')).toMatchObject(
        selector as Json,
      );
      const svc = only(objs, 'Service').spec as Json;
      expect(svc).toMatchObject({ type: 'ClusterIP', selector });
      expect(svc.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
      expect(only(objs, 'PodDisruptionBudget').spec).toEqual({
        minAvailable: 1,
        selector: { matchLabels: selector },
      });
      const np = only(objs, 'NetworkPolicy').spec as Json;
      expect(np.podSelector).toEqual({ matchLabels: selector });
      expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(np.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 8080 }] }]);
      const egress = np.egress as Json[];
      // Every rule names its ports: none opens everything.
      for (const rule of egress) expect(rule.ports, name).toEqual(expect.any(Array));
      const ports = (rule: Json) =>
        (rule.ports as { protocol: string; port: number }[]).map((p) => `${p.protocol}/${p.port}`);
      expect(egress.map(ports), name).toEqual([
        ['TCP/443', 'TCP/6443'],
        ['UDP/53', 'TCP/53'],
        ...(name === 'oidc' ? [['TCP/443']] : []),
      ]);
    }
  });

  it('put an Ingress with TLS in front when the component is added', () => {
    const ing = only(rendered['console+ingress']!, 'Ingress').spec as Json;
    expect(get(ing, 'tls', 0, 'secretName')).toBe('gatehouse-tls');
    expect(get(ing, 'tls', 0, 'hosts')).toEqual([get(ing, 'rules', 0, 'host')]);
    expect(get(ing, 'rules', 0, 'http', 'paths', 0, 'backend')).toEqual({
      service: { name: 'gatehouse', port: { name: 'http' } },
    });
    const origin = (
      only(rendered['console+ingress']!, 'ConfigMap', 'gatehouse-config').data as Json
    ).GATEHOUSE_PUBLIC_ORIGIN;
    expect(origin).toBe(`https://${String(get(ing, 'rules', 0, 'host'))}`);
  });
});

// deploy/policies: the built-in AccessPolicies and the ValidatingAdmissionPolicy that keeps them,
// applied after the base once its CRD is established. The devcluster does not serve
// admissionregistration.k8s.io, so the admission policy is checked against the API types here (as
// strictly as an API server decodes it), and the built-ins are applied to a devcluster below.
describe('deploy/policies', () => {
  it('renders the built-ins and the admission policy, decoding strictly as the API types', async () => {
    const objs = await render(join(dir.path, 'deploy', 'policies'));
    expect(objs.map(key).sort()).toEqual([
      'AccessPolicy /gatehouse-admin',
      'AccessPolicy /gatehouse-developer',
      'AccessPolicy /gatehouse-viewer',
      'ValidatingAdmissionPolicy /gatehouse-builtin-accesspolicies',
      'ValidatingAdmissionPolicyBinding /gatehouse-builtin-accesspolicies',
    ]);
    for (const o of objs.filter((x) => x.kind !== 'AccessPolicy')) {
      expect(o.apiVersion).toBe('admissionregistration.k8s.io/v1');
      expect(strictDecodingErrors(o, `V1${o.kind}`, key(o))).toEqual([]);
    }
    const vap = only(objs, 'ValidatingAdmissionPolicy', 'gatehouse-builtin-accesspolicies');
    expect(get(vap, 'spec', 'matchConstraints')).toEqual({
      resourceRules: [
        {
          apiGroups: ['gatehouse.dev'],
          apiVersions: ['*'],
          operations: ['UPDATE', 'DELETE'],
          resources: ['accesspolicies'],
        },
      ],
      objectSelector: { matchLabels: { 'gatehouse.dev/builtin': 'true' } },
    });
    expect(get(vap, 'spec', 'failurePolicy')).toBe('Fail');
    const binding = only(
      objs,
      'ValidatingAdmissionPolicyBinding',
      'gatehouse-builtin-accesspolicies',
    );
    expect(get(binding, 'spec')).toEqual({
      policyName: 'gatehouse-builtin-accesspolicies',
      validationActions: ['Deny'],
    });
    for (const p of objs.filter((x) => x.kind === 'AccessPolicy'))
      expect(p.metadata.labels).toMatchObject({ 'gatehouse.dev/builtin': 'true' });
  });
});

/** One devcluster (seed 'empty': it already has the identities) and the real kubectl against it. */
async function installer(overlay: string) {
  const path = overlays[overlay as keyof typeof overlays];
  const slug = overlay.replace(/\W/g, '-');
  const dc = await startDevCluster({ dataDir: join(dir.path, `dc-${slug}`), seed: 'empty' });
  const cacheDir = join(dir.path, `kube-${slug}`);
  const kubectl = (...args: string[]) =>
    run(['--kubeconfig', dc.kubeconfigPath('admin'), ...args], { cacheDir });
  const rendered = await render(path);

  /** `kubectl get -k` as JSON: one live object per rendered one. */
  async function readBack(): Promise<KObj[]> {
    const r = await kubectl('get', '-k', path, '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { kind: string; items?: KObj[] };
    const items = body.kind === 'List' ? (body.items ?? []) : [body as unknown as KObj];
    expect(items.map(key).sort()).toEqual(rendered.map(key).sort());
    return items;
  }

  function expectApplied(live: KObj[]): void {
    const byKey = new Map(live.map((o) => [key(o), o]));
    // Everything kustomize rendered is there as rendered (the server adds defaults and metadata).
    for (const o of rendered) expect(byKey.get(key(o)), key(o)).toMatchObject(o);
    const d = byKey.get(`Deployment ${NS}/gatehouse`)!;
    expect(get(d, 'spec', 'replicas')).toBe(2);
    expect(get(d, 'spec', 'template', 'spec', 'containers', 0, 'securityContext')).toMatchObject({
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(
      get(d, 'spec', 'template', 'spec', 'containers', 0, 'readinessProbe', 'httpGet', 'path'),
    ).toBe('/api/readyz');
    expect(get(byKey.get(`Role ${NS}/gatehouse:state`), 'rules')).toHaveLength(4);
  }

  return { dc, path, kubectl, rendered, readBack, expectApplied };
}

const versions = (objs: KObj[]) =>
  Object.fromEntries(objs.map((o) => [key(o), o.metadata.resourceVersion]));

// Each overlay on its own devcluster, the three at once; within one, the steps run in order.
describe('kubectl apply -k against a devcluster', () => {
  it.concurrent.each(Object.keys(overlays))(
    '%s: applies client-side and server-side, reads back what it applied, re-applies without changes, deletes it all',
    { timeout: 240_000 },
    async (overlay) => {
      const { dc, path, kubectl, rendered, readBack, expectApplied } = await installer(overlay);
      try {
        // Client-side apply over the seeded identities, which lack kubectl's annotation: kubectl
        // patches those and creates the rest.
        const first = await kubectl('apply', '-k', path);
        expect(first.code, first.stderr).toBe(0);
        const lines = first.stdout.trim().split('\n');
        expect(lines).toHaveLength(rendered.length);
        for (const line of lines) expect(line).toMatch(/^\S+\/\S+ (created|configured)$/);
        expect(first.stdout).toContain('role.rbac.authorization.k8s.io/gatehouse:state configured');
        expect(first.stdout).toContain('deployment.apps/gatehouse created');
        const applied = await readBack();
        expectApplied(applied);

        // Again: nothing changes.
        const again = await kubectl('apply', '-k', path);
        expect(again.code, again.stderr).toBe(0);
        for (const line of again.stdout.trim().split('\n')) {
          // kubectl always sends a PodDisruptionBudget's selector (its patch strategy is replace),
          // so it says "configured" for it on any API server; the object stays as it was.
          if (line.startsWith('poddisruptionbudget.policy/')) expect(line).toMatch(/ configured$/);
          else expect(line).toMatch(/ unchanged$/);
        }
        expect(versions(await readBack())).toEqual(versions(applied));
        // kubectl diff (a server-side dry-run apply) has nothing to show either.
        const diff = await kubectl('diff', '-k', path);
        expect(diff.stderr).toBe('');
        expect(diff.stdout).toBe('');
        expect(diff.code).toBe(0);

        // Server-side over it, then again without changes.
        const ssa = await kubectl('apply', '--server-side', '-k', path);
        expect(ssa.code, ssa.stderr).toBe(0);
        for (const line of ssa.stdout.trim().split('\n'))
          expect(line).toMatch(/ serverside-applied$/);
        const live = await readBack();
        expectApplied(live);
        const ssaAgain = await kubectl('apply', '--server-side', '-k', path);
        expect(ssaAgain.code, ssaAgain.stderr).toBe(0);
        expect(versions(await readBack())).toEqual(versions(live));

        // kubectl delete -k removes it all, the namespace with it.
        const del = await kubectl('delete', '-k', path);
        expect(del.code, del.stderr).toBe(0);
        expect(del.stdout.trim().split('\n')).toHaveLength(rendered.length);
        const gone = await kubectl('get', '-k', path, '-o', 'name');
        expect(gone.code).not.toBe(0);
        expect(gone.stdout).toBe('');
        const errors = gone.stderr.trim().split('\n');
        expect(errors).toHaveLength(rendered.length);
        for (const e of errors) expect(e).toMatch(/^Error from server \(NotFound\): /);
        const clusterRoles = await direct<{ items: KObj[] }>(
          dc,
          'admin',
          'GET',
          '/apis/rbac.authorization.k8s.io/v1/clusterroles',
        );
        expect(
          clusterRoles.body.items.filter((o) => o.metadata.name.startsWith('gatehouse:')),
        ).toEqual([]);

        // Server-side apply installs it on a cluster without it.
        const fresh = await kubectl('apply', '--server-side', '-k', path);
        expect(fresh.code, fresh.stderr).toBe(0);
        for (const line of fresh.stdout.trim().split('\n'))
          expect(line).toMatch(/ serverside-applied$/);
        expectApplied(await readBack());

        // With the CRD established, the built-in AccessPolicies apply and are served.
        const builtins = await kubectl(
          'apply',
          '-f',
          join(dir.path, 'deploy', 'policies', 'builtin-accesspolicies.yaml'),
        );
        expect(builtins.code, builtins.stderr).toBe(0);
        expect(builtins.stdout.trim().split('\n')).toEqual([
          'accesspolicy.gatehouse.dev/gatehouse-admin created',
          'accesspolicy.gatehouse.dev/gatehouse-developer created',
          'accesspolicy.gatehouse.dev/gatehouse-viewer created',
        ]);
        const served = await kubectl('get', 'accesspolicies', '-o', 'name');
        expect(served.stdout.trim().split('\n')).toHaveLength(3);
      } finally {
        await dc.stop();
      }
    },
  );
});
