// How far back a watch can resume, per resource, as kube-apiserver's watch cache decides it
// (k8s.io/apiserver/pkg/storage/cacher/watch_cache.go: resizeCacheLocked, updateCache,
// getAllEventsSinceLocked). The clock is the store's own, advanced by the test: the bounds are in
// seconds of event age, which a test cannot wait for.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../src/object.js';
import { Store } from '../src/store.js';

function cm(name: string): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } };
}

function setup(): { store: Store; tick: (ms: number) => void } {
  let now = 1_000_000;
  const store = new Store(20_000, { now: () => now });
  return { store, tick: (ms) => (now += ms) };
}

describe('watch window', () => {
  it('resumes from any resourceVersion since start while fewer than the lower bound were written', () => {
    const { store } = setup();
    for (let i = 0; i < 100; i++) store.put('/configmaps', cm(`c${i}`));
    const all = store.watchEventsSince('/configmaps', 0);
    expect(Array.isArray(all) && all.length).toBe(100);
    const tail = store.watchEventsSince('/configmaps', 98);
    expect(Array.isArray(tail) && tail.map((e) => e.rv)).toEqual([99, 100]);
  });

  it('grows past 100 while every event is younger than 75 s, so a burst does not expire watches', () => {
    const { store, tick } = setup();
    for (let i = 0; i < 1000; i++) {
      store.put('/configmaps', cm(`c${i % 10}`));
      tick(10);
    }
    const all = store.watchEventsSince('/configmaps', 0);
    expect(Array.isArray(all) && all.length).toBe(1000);
  });

  it('evicts events older than 75 s once full, and a watch from before the window is told the oldest it can resume from', () => {
    const { store, tick } = setup();
    for (let i = 0; i < 100; i++) store.put('/configmaps', cm(`old${i}`));
    tick(76_000);
    store.put('/configmaps', cm('new')); // rv 101 evicts rv 1
    // oldest held is rv 2, so rv 1 (= oldest-1) still resumes and rv 0 is too old.
    expect(store.watchEventsSince('/configmaps', 0)).toEqual({ tooOld: 1 });
    const fromOne = store.watchEventsSince('/configmaps', 1);
    expect(Array.isArray(fromOne) && fromOne.length).toBe(100);
    for (let i = 0; i < 50; i++) store.put('/configmaps', cm(`newer${i}`));
    expect(store.watchEventsSince('/configmaps', 20)).toEqual({ tooOld: 51 });
  });

  it('keeps a window per resource: many ConfigMap writes do not expire a watch on Roles', () => {
    const { store, tick } = setup();
    store.put('rbac.authorization.k8s.io/roles', cm('r')); // rv 1
    for (let i = 0; i < 300; i++) {
      store.put('/configmaps', cm(`c${i}`));
      tick(1_000);
    }
    const roles = store.watchEventsSince('rbac.authorization.k8s.io/roles', 0);
    expect(Array.isArray(roles) && roles.map((e) => e.rv)).toEqual([1]);
    expect(store.watchEventsSince('/configmaps', 1)).toMatchObject({ tooOld: expect.any(Number) });
  });

  it('after a load (a restart from the state file) reaches back only to the loaded resourceVersion', () => {
    const { store } = setup();
    store.load({ resourceVersion: 500, objects: [] });
    expect(store.watchEventsSince('/configmaps', 499)).toEqual({ tooOld: 500 });
    expect(store.watchEventsSince('/configmaps', 500)).toEqual([]);
    store.put('/configmaps', cm('a'));
    const after = store.watchEventsSince('/configmaps', 500);
    expect(Array.isArray(after) && after.map((e) => e.rv)).toEqual([501]);
  });
});
