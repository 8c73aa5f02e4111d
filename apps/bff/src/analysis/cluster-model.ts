// One cluster's RBAC objects, namespaces and resource types, kept current by list+watch, and the
// packages/policy authorizer over them (rebuilt only after something changed).
import {
  createAuthorizer,
  type Authorizer,
  type ClusterRole,
  type ClusterRoleBinding,
  type RbacSnapshot,
  type Role,
  type RoleBinding,
  subjectAppliesTo,
  type UserInfo,
} from '@gatehouse/policy';
import type { Logger } from 'pino';
import type { KubeClient } from '../kube-client.js';
import { ApiError } from '../errors.js';
import { CollectionMirror, type KubeObject } from './watch-cache.js';
import { discoverResourceTypes, type DiscoveredType } from './discovery.js';
import { verifiedProjectOf } from '../projects/model.js';

const rbacPath = '/apis/rbac.authorization.k8s.io/v1';
const discoveryMaxAgeMs = 5 * 60_000;

type NamespaceObject = KubeObject & {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
};

export interface NamespaceEntry {
  name: string;
  project?: string;
}

export interface Model {
  snapshot: RbacSnapshot;
  authorizer: Authorizer;
  namespaces: NamespaceEntry[];
}

interface Mirrors {
  clusterRoles: CollectionMirror<ClusterRole & KubeObject>;
  roles: CollectionMirror<Role & KubeObject>;
  clusterRoleBindings: CollectionMirror<ClusterRoleBinding & KubeObject>;
  roleBindings: CollectionMirror<RoleBinding & KubeObject>;
  namespaces: CollectionMirror<NamespaceObject>;
}

/**
 * The one RBAC cache of a cluster, read with the BFF's own (read-only) credentials. Started on
 * first use and shared by access analysis and /api/session's namespace discovery; what a user may
 * do is always asked of the cluster as them.
 */
export class ClusterModel {
  private mirrors?: { set: Mirrors; synced: Promise<void> };
  private built?: { key: string; model: Model };
  private types?: { at: number; list: Promise<DiscoveredType[]> };
  private generation = 0;

  constructor(
    private readonly cluster: { name: string; client: KubeClient },
    private readonly logger: Logger,
  ) {}

  private startMirrors(): { set: Mirrors; synced: Promise<void> } {
    const mirror = <T extends KubeObject>(path: string) =>
      new CollectionMirror<T>(this.cluster.client, path, this.logger);
    this.generation++;
    const set: Mirrors = {
      clusterRoles: mirror(`${rbacPath}/clusterroles`),
      roles: mirror(`${rbacPath}/roles`),
      clusterRoleBindings: mirror(`${rbacPath}/clusterrolebindings`),
      roleBindings: mirror(`${rbacPath}/rolebindings`),
      namespaces: mirror('/api/v1/namespaces'),
    };
    const synced = Promise.all(
      Object.values(set).map((m: CollectionMirror<KubeObject>) => m.start()),
    ).then(() => undefined);
    return { set, synced };
  }

  /** Starts the watches on first use; answers 502 while the BFF cannot read the cluster's RBAC. */
  async current(): Promise<Model> {
    this.mirrors ??= this.startMirrors();
    const { set, synced } = this.mirrors;
    try {
      await synced;
    } catch (err) {
      // Start afresh on the next request rather than serve a partial picture.
      this.stop();
      throw new ApiError(
        502,
        `the BFF cannot read the RBAC objects of cluster "${this.cluster.name}": ${(err as Error).message}`,
        'ServiceUnavailable',
      );
    }
    const all: CollectionMirror<KubeObject>[] = Object.values(set);
    const key = [this.generation, ...all.map((m) => m.version)].join(':');
    if (this.built?.key === key) return this.built.model;
    const snapshot: RbacSnapshot = {
      clusterRoles: set.clusterRoles.list(),
      roles: set.roles.list(),
      clusterRoleBindings: set.clusterRoleBindings.list(),
      roleBindings: set.roleBindings.list(),
    };
    const nsList = set.namespaces.list();
    const byName = new Map(nsList.map((n) => [n.metadata.name ?? '', n]));
    const namespaces = nsList
      .map((n) => {
        // Grouped under a project only when its record lists the namespace, not by label alone.
        const project = verifiedProjectOf(n, byName);
        return { name: n.metadata.name ?? '', ...(project ? { project } : {}) };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const model = { snapshot, authorizer: createAuthorizer(snapshot), namespaces };
    this.built = { key, model };
    return model;
  }

  /** Namespaces holding a RoleBinding with a subject that is the user or one of their groups. */
  async boundNamespaces(user: UserInfo): Promise<NamespaceEntry[]> {
    const { snapshot, namespaces } = await this.current();
    const names = new Set<string>();
    for (const rb of snapshot.roleBindings) {
      const ns = rb.metadata.namespace;
      if (ns && rb.subjects?.some((s) => subjectAppliesTo(user, s, ns))) names.add(ns);
    }
    return namespaces.filter((n) => names.has(n.name));
  }

  /** Resource types from discovery (not subresources), refreshed every few minutes. */
  resourceTypes(): Promise<DiscoveredType[]> {
    if (!this.types || Date.now() - this.types.at > discoveryMaxAgeMs) {
      const list = discoverResourceTypes(this.cluster.client);
      list.catch(() => (this.types = undefined));
      this.types = { at: Date.now(), list };
    }
    return this.types.list;
  }

  stop(): void {
    if (this.mirrors)
      for (const m of Object.values(this.mirrors.set) as CollectionMirror<KubeObject>[]) m.stop();
    this.mirrors = undefined;
  }
}
