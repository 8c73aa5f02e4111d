import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectl } from './Kubectl.js';

const RBAC = 'rbac.authorization.k8s.io';

/** How the 10,000 subjects are spread over three ClusterRoleBindings. */
export const SCALE_SPLIT = { users: 6000, groups: 3000, serviceAccounts: 1000 } as const;

export interface ScaleFixture {
  /** The request every subject may make: who-can asks for it. */
  verb: 'get';
  apiGroup: string;
  resource: string;
  /** ClusterRoleBinding names, by what they bind. */
  bindings: { users: string; groups: string; serviceAccounts: string };
  remove(): Promise<void>;
}

/**
 * 10,000 subjects allowed one request nobody else asks for: a ClusterRole on a made-up resource,
 * bound to 6,000 Users, 3,000 Groups and 1,000 ServiceAccounts by three ClusterRoleBindings. Created
 * with the real kubectl as the devcluster's admin; names carry `id`, so runs never collide.
 */
export async function createScaleFixture(
  adminKubeconfig: string,
  id: string,
): Promise<ScaleFixture> {
  const run = kubectl(adminKubeconfig);
  const apiGroup = `${id}.scale.gatehouse.dev`;
  const resource = 'widgets';
  const bindings = {
    users: `${id}-users`,
    groups: `${id}-groups`,
    serviceAccounts: `${id}-robots`,
  };
  const binding = (name: string, subjects: object[]) => ({
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'e2e.gatehouse.dev/fixture': id } },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: id },
    subjects,
  });
  const range = (n: number) => Array.from({ length: n }, (_, i) => String(i).padStart(5, '0'));
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRole',
        metadata: { name: id, labels: { 'e2e.gatehouse.dev/fixture': id } },
        rules: [{ apiGroups: [apiGroup], resources: [resource], verbs: ['get'] }],
      },
      binding(
        bindings.users,
        range(SCALE_SPLIT.users).map((n) => ({
          kind: 'User',
          apiGroup: RBAC,
          name: `${id}-user-${n}`,
        })),
      ),
      binding(
        bindings.groups,
        range(SCALE_SPLIT.groups).map((n) => ({
          kind: 'Group',
          apiGroup: RBAC,
          name: `${id}-team-${n}`,
        })),
      ),
      binding(
        bindings.serviceAccounts,
        range(SCALE_SPLIT.serviceAccounts).map((n) => ({
          kind: 'ServiceAccount',
          name: `robot-${n}`,
          namespace: `${id}-ns`,
        })),
      ),
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-scale-'));
  const file = join(dir, 'fixture.json');
  writeFileSync(file, JSON.stringify(list));
  try {
    const created = await run('create', '-f', file);
    if (created.code !== 0) throw new Error(`kubectl create: ${created.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    verb: 'get',
    apiGroup,
    resource,
    bindings,
    async remove() {
      const deleted = await run(
        'delete',
        'clusterrolebindings,clusterroles',
        '-l',
        `e2e.gatehouse.dev/fixture=${id}`,
      );
      if (deleted.code !== 0) throw new Error(`kubectl delete: ${deleted.stderr}`);
    },
  };
}
