// Defaults a real cluster fills in on create, so objects look as they would there.
import type { Registry } from './registry.js';
import type { KObject } from './selectors.js';

type Obj = Record<string, unknown>;

function spec(o: KObject): Obj {
  const s = (o.spec ?? {}) as Obj;
  o.spec = s;
  return s;
}

export function installDefaults(registry: Registry): void {
  registry.defaulters.set('/services', (o) => {
    const s = spec(o);
    s.type ??= 'ClusterIP';
    if (s.type !== 'ExternalName' && s.clusterIP === undefined) {
      // A stand-in for the service CIDR allocator: 10.96.0.0/12, handed out in order.
      const used = new Set(registry.store.list('/services').map((svc) => (svc.spec as Obj | undefined)?.clusterIP));
      let n = 1;
      while (used.has(`10.96.${(n >> 8) & 255}.${n & 255}`)) n++;
      s.clusterIP = `10.96.${(n >> 8) & 255}.${n & 255}`;
      s.clusterIPs = [s.clusterIP];
    }
    s.sessionAffinity ??= 'None';
  });
  registry.defaulters.set('apps/deployments', (o) => {
    const s = spec(o);
    s.replicas ??= 1;
    s.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
  });
  registry.defaulters.set('/pods', (o) => {
    o.status = { phase: 'Pending', ...((o.status ?? {}) as Obj) };
  });
}
