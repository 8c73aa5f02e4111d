import { subjectAppliesTo, type RoleBinding, type UserInfo } from '@gatehouse/policy';
import { ApiError } from './errors.js';
import type { KubeClient } from './kube-client.js';

export interface NamespaceInfo {
  name: string;
  project?: string;
}

interface Snapshot {
  namespaces: NamespaceInfo[];
  roleBindings: RoleBinding[];
  at: number;
}

interface List<T> {
  items?: T[];
}

const projectLabel = 'gatehouse.dev/project';
const maxAgeMs = 5_000;

/**
 * Namespaces and RoleBindings of one cluster, read with the BFF's own (read-only) credentials,
 * refreshed when older than a few seconds. Used only to find where a user has a RoleBinding;
 * what they may do there is always asked of the cluster as the user.
 */
export class RbacCache {
  private snapshot?: Snapshot;
  private loading?: Promise<Snapshot>;

  constructor(private readonly client: KubeClient) {}

  private async load(): Promise<Snapshot> {
    const [ns, rb] = await Promise.all([
      this.list<{ metadata: { name: string; labels?: Record<string, string> } }>(
        '/api/v1/namespaces',
      ),
      this.list<RoleBinding>('/apis/rbac.authorization.k8s.io/v1/rolebindings'),
    ]);
    return {
      namespaces: ns.map((n) => ({
        name: n.metadata.name,
        project: n.metadata.labels?.[projectLabel],
      })),
      roleBindings: rb,
      at: Date.now(),
    };
  }

  private async list<T>(path: string): Promise<T[]> {
    const { status, body } = await this.client.json<List<T> & { message?: string }>('GET', path, {
      kind: 'bff',
    });
    if (status !== 200) {
      throw new ApiError(
        502,
        `the BFF cannot read ${path} on cluster "${this.client.target.name}": ${body.message ?? status}`,
      );
    }
    return body.items ?? [];
  }

  async current(): Promise<Snapshot> {
    if (this.snapshot && Date.now() - this.snapshot.at < maxAgeMs) return this.snapshot;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    this.snapshot = await this.loading;
    return this.snapshot;
  }

  async namespaces(): Promise<NamespaceInfo[]> {
    return (await this.current()).namespaces;
  }

  /** Namespaces holding a RoleBinding with a subject that is the user or one of their groups. */
  async boundNamespaces(user: UserInfo): Promise<NamespaceInfo[]> {
    const snap = await this.current();
    const names = new Set<string>();
    for (const rb of snap.roleBindings) {
      const ns = rb.metadata.namespace;
      if (ns && rb.subjects?.some((s) => subjectAppliesTo(user, s, ns))) names.add(ns);
    }
    return snap.namespaces.filter((n) => names.has(n.name));
  }
}
