// Namespace deletion as the namespace controller does it: the namespace turns Terminating at once,
// refuses new content, and shortly after its contents and then the namespace itself are removed.
import { storeKey, type ResourceType } from './resources.js';
import type { KObject } from './object.js';
import type { Store } from './store.js';
import { ApiError, notFound } from './status.js';

export const NAMESPACES: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  verbs: [],
};
const KEY = storeKey(NAMESPACES);

/** How long a deleted namespace stays Terminating (a real cluster takes a few seconds). */
const FINALIZE_AFTER_MS = 500;

export class NamespaceLifecycle {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** `namespacedKeys`: store keys of every namespaced resource, emptied when a namespace goes. */
  constructor(
    private readonly store: Store,
    private readonly namespacedKeys: () => string[],
    private readonly onGone: (ns: KObject) => void,
  ) {}

  /** Refuses content for a namespace that does not exist or is being terminated. */
  admitContent(t: ResourceType, ns: string | undefined, name: string): void {
    const obj = ns ? this.store.get(KEY, undefined, ns) : undefined;
    if (!ns || !obj) throw notFound(NAMESPACES, ns ?? '');
    if (obj.metadata.deletionTimestamp) {
      const qualified = t.group === '' ? t.plural : `${t.plural}.${t.group}`;
      const message = `namespace ${ns} is being terminated`;
      throw new ApiError(
        403,
        'Forbidden',
        `${qualified} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        {
          name,
          ...(t.group ? { group: t.group } : {}),
          kind: t.plural,
          causes: [{ reason: 'NamespaceTerminating', message, field: 'metadata.namespace' }],
        },
      );
    }
  }

  /** Marks the namespace Terminating and schedules its removal; returns what DELETE answers. */
  terminate(ns: KObject): KObject {
    if (ns.metadata.deletionTimestamp) return ns;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const terminating = this.store.put(KEY, {
      ...ns,
      metadata: { ...ns.metadata, deletionTimestamp: now },
      status: { phase: 'Terminating' },
    });
    this.schedule(ns.metadata.name);
    return terminating;
  }

  /** After a restart: finish deleting namespaces that were Terminating when the cluster stopped. */
  resume(): void {
    for (const ns of this.store.list(KEY))
      if (ns.metadata.deletionTimestamp) this.schedule(ns.metadata.name);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(name: string): void {
    if (this.timers.has(name)) return;
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        this.finalize(name);
      }, FINALIZE_AFTER_MS),
    );
  }

  private finalize(name: string): void {
    for (const key of this.namespacedKeys()) {
      for (const o of [...this.store.list(key, name)])
        this.store.remove(key, name, o.metadata.name);
    }
    const gone = this.store.remove(KEY, undefined, name);
    if (gone) this.onGone(gone);
  }
}
