// One cluster's RBAC objects, namespaces and resource types, kept current by list+watch, and the
// packages/policy authorizer over them (its index follows the watch events; rebuilt after a re-list).
import {
  createIncrementalAuthorizer,
  type Authorizer,
  type ClusterRole,
  type ClusterRoleBinding,
  type IncrementalAuthorizer,
  type RbacEvent,
  type RbacKind,
  type RbacSnapshot,
  type Role,
  type RoleBinding,
  subjectAppliesTo,
  type UserInfo,
} from '@gatehouse/policy';
import type { Logger } from 'pino';
import type { KubeClient } from '../kube-client.js';
import { ApiError } from '../errors.js';
import { CollectionMirror, type KubeObject, type MirrorChange } from './watch-cache.js';
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
  /** The RBAC objects (materialized on first read; one read after later events includes them). */
  readonly snapshot: RbacSnapshot;
  authorizer: Authorizer;
  namespaces: NamespaceEntry[];
}

interface RbacObjects {
  ClusterRole: ClusterRole;
  Role: Role;
  ClusterRoleBinding: ClusterRoleBinding;
  RoleBinding: RoleBinding;
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
  /** The index, kept current by the mirrors' events; undefined until built from their lists. */
  private incremental?: IncrementalAuthorizer;
  private namespaceList?: { version: number; list: NamespaceEntry[] };
  private types?: { at: number; list: Promise<DiscoveredType[]> };
  private generation = 0;
  /** How often the index was built from the whole lists (first use, and once after each re-list). */
  fullBuilds = 0;

  constructor(
    private readonly cluster: { name: string; client: KubeClient },
    private readonly logger: Logger,
  ) {}

  private startMirrors(): { set: Mirrors; synced: Promise<void> } {
    const generation = ++this.generation;
    this.incremental = undefined;
    const rbac = <K extends RbacKind>(
      kind: K,
      path: string,
    ): CollectionMirror<RbacObjects[K] & KubeObject> =>
      new CollectionMirror(this.cluster.client, `${rbacPath}/${path}`, this.logger, {
        onChange: (change) => {
          if (generation === this.generation) this.follow(kind, change);
        },
      });
    const set: Mirrors = {
      clusterRoles: rbac('ClusterRole', 'clusterroles'),
      roles: rbac('Role', 'roles'),
      clusterRoleBindings: rbac('ClusterRoleBinding', 'clusterrolebindings'),
      roleBindings: rbac('RoleBinding', 'rolebindings'),
      namespaces: new CollectionMirror(this.cluster.client, '/api/v1/namespaces', this.logger),
    };
    const synced = Promise.all(
      Object.values(set).map((m: CollectionMirror<KubeObject>) => m.start()),
    ).then(() => undefined);
    return { set, synced };
  }

  /** Applies one mirror change to the index; a re-list drops it, to be rebuilt once from the lists. */
  private follow(kind: RbacKind, change: MirrorChange<RbacObjects[RbacKind]>): void {
    if (!this.incremental) return;
    if (change.type === 'RELIST') {
      this.incremental = undefined;
      return;
    }
    try {
      // The mirror of `kind` carries objects of that kind.
      this.incremental.apply({ type: change.type, kind, object: change.object } as RbacEvent);
    } catch (err) {
      this.logger.warn({ err, kind }, 'analysis cache: event not applied, rebuilding the index');
      this.incremental = undefined;
    }
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
    if (!this.incremental) {
      this.incremental = createIncrementalAuthorizer({
        clusterRoles: set.clusterRoles.list(),
        roles: set.roles.list(),
        clusterRoleBindings: set.clusterRoleBindings.list(),
        roleBindings: set.roleBindings.list(),
      });
      this.fullBuilds++;
    }
    const incremental = this.incremental;
    const authorizer = incremental.authorizer;
    let snapshot: RbacSnapshot | undefined;
    const model: Model = {
      get snapshot() {
        snapshot ??= incremental.snapshot;
        return snapshot;
      },
      authorizer,
      namespaces: this.namespaceEntries(set.namespaces),
    };
    this.built = { key, model };
    return model;
  }

  private namespaceEntries(mirror: CollectionMirror<NamespaceObject>): NamespaceEntry[] {
    if (this.namespaceList?.version === mirror.version) return this.namespaceList.list;
    const nsList = mirror.list();
    const byName = new Map(nsList.map((n) => [n.metadata.name ?? '', n]));
    const list = nsList
      .map((n) => {
        // Grouped under a project only when its record lists the namespace, not by label alone.
        const project = verifiedProjectOf(n, byName);
        return { name: n.metadata.name ?? '', ...(project ? { project } : {}) };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.namespaceList = { version: mirror.version, list };
    return list;
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
    this.incremental = undefined;
    this.namespaceList = undefined;
  }
}
