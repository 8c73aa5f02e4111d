// kubectl against the devcluster: get, describe, create, apply, patch, replace and delete of RBAC kinds
// and namespaces, with the answers a real v1.32 API server gives (../shared/k8s-api-messages.md).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers.js';
import { KUBECTL, kubectl, manifest, requireKubectl } from './kubectl.js';

let tc: TestCluster;
beforeAll(async () => {
  requireKubectl();
  tc = await startTestCluster({ seed: 'demo' });
});
afterAll(async () => tc?.stop());

const BOB_GROUPS = '["devel" "qa" "system:authenticated"]';

describe('kubectl get and describe', () => {
  it('prints clusterroles as a real cluster does (NAME, CREATED AT; sized to the longest name)', async () => {
    const r = await kubectl(tc, 'admin', ['get', 'clusterroles']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME {67}CREATED AT$/);
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual([
      'admin',
      'cluster-admin',
      'edit',
    ]);
    expect(lines[1]).toMatch(/^admin {66}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('lists namespaces with their status and the project labels', async () => {
    const r = await kubectl(tc, 'admin', [
      'get',
      'namespaces',
      '-l',
      'gatehouse.dev/project=payments',
      '-o',
      'name',
    ]);
    expect(r.stdout.trim().split('\n')).toEqual([
      'namespace/payments',
      'namespace/payments-staging',
    ]);
    const table = await kubectl(tc, 'admin', ['get', 'ns', 'deliveries']);
    expect(table.stdout).toMatch(/^NAME\s+STATUS\s+AGE\ndeliveries\s+Active\s+\d+s\n$/);
  });

  it('describes a rolebinding and shows its role and subjects', async () => {
    const r = await kubectl(tc, 'admin', [
      'describe',
      'rolebinding',
      'gatehouse:deliveries:developer',
      '-n',
      'deliveries',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Role:\n\s+Kind:\s+ClusterRole\n\s+Name:\s+edit/);
    expect(r.stdout).toMatch(/Group\s+devel/);
  });

  it('shows rolebindings with their ROLE column across namespaces', async () => {
    const r = await kubectl(tc, 'admin', ['get', 'rolebindings', '-A']);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+ROLE\s+AGE$/);
    expect(r.stdout).toMatch(/\npayments\s+gatehouse:payments:admin\s+ClusterRole\/admin\s+\d+s\n/);
  });

  it('prints the Forbidden message of a real cluster for carol', async () => {
    const list = await kubectl(tc, 'carol', ['get', 'pods', '-n', 'payments']);
    expect(list.code).toBe(1);
    expect(list.stderr.trim()).toBe(
      'Error from server (Forbidden): pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "payments"',
    );
    const get = await kubectl(tc, 'carol', ['get', 'pod', 'foo', '-n', 'payments']);
    expect(get.stderr.trim()).toBe(
      'Error from server (Forbidden): pods "foo" is forbidden: User "carol" cannot get resource "pods" in API group "" in the namespace "payments"',
    );
    const ns = await kubectl(tc, 'carol', ['get', 'namespaces']);
    expect(ns.stderr.trim()).toBe(
      'Error from server (Forbidden): namespaces is forbidden: User "carol" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
  });
});

describe('kubectl get --watch', () => {
  it('prints the table once, then a row per change', async () => {
    const child = spawn(
      KUBECTL,
      [
        '--cache-dir',
        join(tc.dir, 'kube-cache'),
        'get',
        'configmaps',
        '-n',
        'data',
        '--watch',
        '--output-watch-events',
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: tc.dir,
          KUBECONFIG: tc.cluster.kubeconfigPath('admin'),
        },
      },
    );
    let out = '';
    const seen = (text: string): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (out.includes(text)) resolve();
        };
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        check();
      });
    await seen('etl-settings');
    await kubectl(tc, 'admin', ['create', 'configmap', 'watched', '-n', 'data']);
    await kubectl(tc, 'admin', ['delete', 'configmap', 'watched', '-n', 'data']);
    await seen('DELETED');
    child.kill();
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^EVENT\s+NAME\s+DATA\s+AGE$/);
    expect(lines.filter((l) => l.startsWith('EVENT'))).toHaveLength(1);
    expect(lines.slice(-2).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'ADDED watched',
      'DELETED watched',
    ]);
  });
});

describe('kubectl writes', () => {
  it('creates, applies, labels, patches and deletes a ClusterRole', async () => {
    const file = manifest(
      tc,
      'widgets.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: msg-widgets\nrules:\n- apiGroups: [""]\n  resources: ["configmaps"]\n  verbs: ["get"]\n',
    );
    expect((await kubectl(tc, 'admin', ['apply', '-f', file])).stdout.trim()).toBe(
      'clusterrole.rbac.authorization.k8s.io/msg-widgets created',
    );
    expect((await kubectl(tc, 'admin', ['apply', '-f', file])).stdout.trim()).toBe(
      'clusterrole.rbac.authorization.k8s.io/msg-widgets unchanged',
    );
    const old = (await kubectl(tc, 'admin', ['get', 'clusterrole', 'msg-widgets', '-o', 'json']))
      .stdout;
    expect(
      (
        await kubectl(tc, 'admin', ['label', 'clusterrole', 'msg-widgets', 'touched=yes'])
      ).stdout.trim(),
    ).toBe('clusterrole.rbac.authorization.k8s.io/msg-widgets labeled');
    const stale = await kubectl(tc, 'admin', ['replace', '-f', manifest(tc, 'old.json', old)]);
    expect(stale.code).toBe(1);
    expect(stale.stderr.trim()).toMatch(
      /^Error from server \(Conflict\): error when replacing ".*old\.json": Operation cannot be fulfilled on clusterroles\.rbac\.authorization\.k8s\.io "msg-widgets": the object has been modified; please apply your changes to the latest version and try again$/,
    );
    const patch = await kubectl(tc, 'admin', [
      'patch',
      'clusterrole',
      'msg-widgets',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/rules/0/verbs/-","value":"list"}]',
    ]);
    expect(patch.stdout.trim()).toBe('clusterrole.rbac.authorization.k8s.io/msg-widgets patched');
    const applied = manifest(
      tc,
      'widgets2.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: msg-widgets\nrules:\n- apiGroups: [""]\n  resources: ["configmaps", "secrets"]\n  verbs: ["get"]\n',
    );
    expect((await kubectl(tc, 'admin', ['apply', '-f', applied])).stdout.trim()).toBe(
      'clusterrole.rbac.authorization.k8s.io/msg-widgets configured',
    );
    const rules = JSON.parse(
      (await kubectl(tc, 'admin', ['get', 'clusterrole', 'msg-widgets', '-o', 'jsonpath={.rules}']))
        .stdout,
    ) as unknown;
    expect(rules).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get'] },
    ]);
    expect(
      (await kubectl(tc, 'admin', ['delete', 'clusterrole', 'msg-widgets'])).stdout.trim(),
    ).toBe('clusterrole.rbac.authorization.k8s.io "msg-widgets" deleted');
    const gone = await kubectl(tc, 'admin', ['get', 'clusterrole', 'msg-widgets']);
    expect(gone.stderr.trim()).toBe(
      'Error from server (NotFound): clusterroles.rbac.authorization.k8s.io "msg-widgets" not found',
    );
  });

  it('server-side applies a Role: creates it, then merges the next version; a patch-only user cannot create by applying', async () => {
    const v1 = manifest(
      tc,
      'ssa1.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ssa\n  namespace: payments\nrules:\n- apiGroups: [""]\n  resources: ["pods"]\n  verbs: ["get"]\n',
    );
    expect((await kubectl(tc, 'admin', ['apply', '--server-side', '-f', v1])).stdout.trim()).toBe(
      'role.rbac.authorization.k8s.io/ssa serverside-applied',
    );
    const v2 = manifest(
      tc,
      'ssa2.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ssa\n  namespace: payments\n  labels:\n    v: "2"\nrules:\n- apiGroups: [""]\n  resources: ["pods"]\n  verbs: ["get", "list"]\n',
    );
    expect((await kubectl(tc, 'admin', ['apply', '--server-side', '-f', v2])).code).toBe(0);
    const role = JSON.parse(
      (await kubectl(tc, 'admin', ['get', 'role', 'ssa', '-n', 'payments', '-o', 'json'])).stdout,
    ) as { metadata: { labels: Record<string, string> }; rules: unknown[] };
    expect(role.metadata.labels).toEqual({ v: '2' });
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
    await kubectl(tc, 'admin', [
      'create',
      'role',
      'patcher',
      '--verb=patch',
      '--resource=roles.rbac.authorization.k8s.io',
      '-n',
      'payments',
    ]);
    await kubectl(tc, 'admin', [
      'create',
      'rolebinding',
      'carol-patcher',
      '--role=patcher',
      '--user=carol',
      '-n',
      'payments',
    ]);
    const other = manifest(
      tc,
      'ssa3.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ssa-new\n  namespace: payments\nrules: []\n',
    );
    const refused = await kubectl(tc, 'carol', ['apply', '--server-side', '-f', other]);
    expect(refused.stderr.trim()).toBe(
      'Error from server (Forbidden): roles.rbac.authorization.k8s.io "ssa-new" is forbidden: User "carol" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "payments"',
    );
  });

  it('creates roles and rolebindings with kubectl create (typed clients speak protobuf)', async () => {
    const role = await kubectl(tc, 'bob', [
      'create',
      'role',
      'pod-reader',
      '--verb=get,list',
      '--resource=pods',
      '-n',
      'payments',
    ]);
    expect(role.stdout.trim()).toBe('role.rbac.authorization.k8s.io/pod-reader created');
    const rb = await kubectl(tc, 'bob', [
      'create',
      'rolebinding',
      'pod-reader',
      '--role=pod-reader',
      '--user=carol',
      '-n',
      'payments',
    ]);
    expect(rb.stdout.trim()).toBe('rolebinding.rbac.authorization.k8s.io/pod-reader created');
    expect(
      (
        await kubectl(tc, 'carol', ['auth', 'can-i', 'list', 'pods', '-n', 'payments'])
      ).stdout.trim(),
    ).toBe('yes');
    expect(
      (await kubectl(tc, 'bob', ['delete', 'rolebinding', 'pod-reader', '-n', 'payments'])).code,
    ).toBe(0);
    expect(
      (
        await kubectl(tc, 'carol', ['auth', 'can-i', 'list', 'pods', '-n', 'payments'])
      ).stdout.trim(),
    ).toBe('no');
  });

  it('forbids escalation with the API server wording', async () => {
    const rb = await kubectl(tc, 'bob', [
      'create',
      'rolebinding',
      'msg-esc',
      '--clusterrole=cluster-admin',
      '--user=bob',
      '-n',
      'payments',
    ]);
    expect(rb.code).toBe(1);
    expect(rb.stderr.trim()).toBe(
      `error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "msg-esc" is forbidden: user "bob" (groups=${BOB_GROUPS}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}`,
    );
    const file = manifest(
      tc,
      'esc2.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: msg-esc2\n  namespace: payments\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n- kind: User\n  name: bob\n',
    );
    const viaFile = await kubectl(tc, 'bob', ['create', '-f', file]);
    expect(viaFile.stderr.trim()).toMatch(
      /^Error from server \(Forbidden\): error when creating ".*esc2\.yaml": rolebindings\.rbac\.authorization\.k8s\.io "msg-esc2" is forbidden: user "bob"/,
    );
    const role = await kubectl(tc, 'bob', [
      'create',
      'role',
      'msg-nodes',
      '--verb=get',
      '--resource=nodes',
      '-n',
      'payments',
    ]);
    expect(role.stderr.trim()).toBe(
      `Error from server (Forbidden): roles.rbac.authorization.k8s.io "msg-nodes" is forbidden: user "bob" (groups=${BOB_GROUPS}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}`,
    );
    const missing = await kubectl(tc, 'bob', [
      'create',
      'rolebinding',
      'x',
      '--role=does-not-exist',
      '--user=bob',
      '-n',
      'payments',
    ]);
    expect(missing.stderr.trim()).toBe(
      'error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "does-not-exist" not found',
    );
  });

  it('refuses a roleRef change and an invalid role', async () => {
    await kubectl(tc, 'admin', [
      'create',
      'rolebinding',
      'msg-rr',
      '--clusterrole=view',
      '--user=x',
      '-n',
      'payments',
    ]);
    const r = await kubectl(tc, 'admin', [
      'patch',
      'rolebinding',
      'msg-rr',
      '-n',
      'payments',
      '--type=merge',
      '-p',
      '{"roleRef":{"name":"edit"}}',
    ]);
    expect(r.stderr.trim()).toBe(
      'The RoleBinding "msg-rr" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
    const bad = manifest(
      tc,
      'bad.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: bad\n  namespace: payments\nrules:\n- apiGroups: [""]\n  resources: ["pods"]\n  verbs: []\n',
    );
    expect((await kubectl(tc, 'admin', ['create', '-f', bad])).stderr.trim()).toBe(
      'The Role "bad" is invalid: rules[0].verbs: Required value: verbs must contain at least one value',
    );
  });

  it('creates workloads with kubectl create and prints them with their columns', async () => {
    expect(
      (
        await kubectl(tc, 'admin', [
          'create',
          'deployment',
          'web',
          '--image=nginx:1.27',
          '--replicas=3',
          '--port=8080',
          '-n',
          'payments',
        ])
      ).stdout.trim(),
    ).toBe('deployment.apps/web created');
    expect(
      (
        await kubectl(tc, 'admin', [
          'create',
          'service',
          'clusterip',
          'web',
          '--tcp=80:8080',
          '-n',
          'payments',
        ])
      ).stdout.trim(),
    ).toBe('service/web created');
    expect(
      (
        await kubectl(tc, 'admin', [
          'create',
          'job',
          'once',
          '--image=busybox',
          '-n',
          'payments',
          '--',
          'echo',
          'hi',
        ])
      ).stdout.trim(),
    ).toBe('job.batch/once created');
    const deploy = await kubectl(tc, 'admin', [
      'get',
      'deployment',
      'web',
      '-n',
      'payments',
      '-o',
      'json',
    ]);
    const spec = (
      JSON.parse(deploy.stdout) as {
        spec: {
          replicas: number;
          template: {
            spec: { containers: { image: string; ports: { containerPort: number }[] }[] };
          };
        };
      }
    ).spec;
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers[0]).toMatchObject({
      image: 'nginx:1.27',
      ports: [{ containerPort: 8080 }],
    });
    expect(
      (
        await kubectl(tc, 'admin', ['scale', 'deployment', 'web', '--replicas=5', '-n', 'payments'])
      ).stdout.trim(),
    ).toBe('deployment.apps/web scaled');
    const table = await kubectl(tc, 'admin', [
      'get',
      'deployments,services,jobs',
      '-n',
      'payments',
    ]);
    expect(table.stdout).toMatch(
      /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/web\s+0\/5\s+0\s+0\s+\d+s/,
    );
    expect(table.stdout).toMatch(
      /NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice\/web\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP/,
    );
    expect(table.stdout).toMatch(
      /NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\njob\.batch\/once\s+Running\s+0\/1/,
    );
  });

  it('applies a namespace with a RoleBinding, patches both, and describes the ClusterRoleBinding it relies on', async () => {
    const file = manifest(
      tc,
      'team.yaml',
      [
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-x\n  labels:\n    gatehouse.dev/project: team-x',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: team-x-devs\n  namespace: team-x\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n- kind: Group\n  name: devel\n  apiGroup: rbac.authorization.k8s.io',
      ].join('\n---\n'),
    );
    const applied = await kubectl(tc, 'admin', ['apply', '-f', file]);
    expect(applied.stdout.trim().split('\n')).toEqual([
      'namespace/team-x created',
      'rolebinding.rbac.authorization.k8s.io/team-x-devs created',
    ]);
    expect(
      (
        await kubectl(tc, 'joe', ['auth', 'can-i', 'create', 'configmaps', '-n', 'team-x'])
      ).stdout.trim(),
    ).toBe('yes');
    const patched = await kubectl(tc, 'admin', [
      'patch',
      'namespace',
      'team-x',
      '-p',
      '{"metadata":{"labels":{"tier":"gold"}}}',
    ]);
    expect(patched.stdout.trim()).toBe('namespace/team-x patched');
    expect(
      (
        await kubectl(tc, 'admin', [
          'get',
          'ns',
          'team-x',
          '-o',
          'jsonpath={.metadata.labels.tier}',
        ])
      ).stdout,
    ).toBe('gold');
    const subjects = await kubectl(tc, 'admin', [
      'patch',
      'rolebinding',
      'team-x-devs',
      '-n',
      'team-x',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/subjects/-","value":{"kind":"User","name":"carol","apiGroup":"rbac.authorization.k8s.io"}}]',
    ]);
    expect(subjects.stdout.trim()).toBe(
      'rolebinding.rbac.authorization.k8s.io/team-x-devs patched',
    );
    expect(
      (
        await kubectl(tc, 'carol', ['auth', 'can-i', 'create', 'configmaps', '-n', 'team-x'])
      ).stdout.trim(),
    ).toBe('yes');
    const crb = await kubectl(tc, 'admin', [
      'describe',
      'clusterrolebinding',
      'alice-cluster-admin',
    ]);
    expect(crb.stdout).toMatch(
      /Role:\n\s+Kind:\s+ClusterRole\n\s+Name:\s+cluster-admin\nSubjects:\n\s+Kind\s+Name\s+Namespace\n\s+----\s+----\s+---------\n\s+User\s+alice/,
    );
    expect((await kubectl(tc, 'admin', ['delete', '-f', file])).code).toBe(0);
  });

  it('creates and deletes a namespace with its contents', async () => {
    expect((await kubectl(tc, 'admin', ['create', 'namespace', 'gh-tmp'])).stdout.trim()).toBe(
      'namespace/gh-tmp created',
    );
    expect(
      (
        await kubectl(tc, 'admin', [
          'create',
          'configmap',
          'c1',
          '-n',
          'gh-tmp',
          '--from-literal=a=b',
        ])
      ).code,
    ).toBe(0);
    const del = await kubectl(tc, 'admin', ['delete', 'namespace', 'gh-tmp', '--timeout=15s']);
    expect(del.stdout.trim()).toBe('namespace "gh-tmp" deleted');
    const after = await kubectl(tc, 'admin', ['get', 'configmap', 'c1', '-n', 'gh-tmp']);
    expect(after.stderr.trim()).toBe('Error from server (NotFound): namespaces "gh-tmp" not found');
  });
});
