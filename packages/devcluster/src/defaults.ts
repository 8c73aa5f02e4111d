// Defaults a real cluster fills in on create, so objects look as they would there.
import type { Registry } from './registry.js';
import type { KObject } from './object.js';

type Obj = Record<string, unknown>;

function spec(o: KObject): Obj {
  const s = (o.spec ?? {}) as Obj;
  o.spec = s;
  return s;
}

export function installDefaults(registry: Registry): void {
  registry.defaulters.set('/services', (o, old) => {
    const s = spec(o);
    const before = (old?.spec ?? {}) as Obj;
    // clusterIP is immutable: an update that leaves it out keeps the allocated one.
    if (old && s.clusterIP === undefined && before.clusterIP !== undefined) {
      s.clusterIP = before.clusterIP;
      s.clusterIPs = before.clusterIPs;
    }
    s.type ??= 'ClusterIP';
    if (s.type !== 'ExternalName' && s.clusterIP === undefined) {
      // A stand-in for the service CIDR allocator: 10.96.0.0/12, handed out in order.
      const used = new Set(
        registry.store.list('/services').map((svc) => (svc.spec as Obj | undefined)?.clusterIP),
      );
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
    s.strategy ??= {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    };
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
  });
  registry.defaulters.set('/pods', (o, old) => {
    if (!old) o.status = { phase: 'Pending', ...((o.status ?? {}) as Obj) };
  });
  registry.defaulters.set('/secrets', (o) => {
    // The API server folds stringData into data and never stores stringData.
    const stringData = o.stringData as Record<string, string> | undefined;
    if (stringData) {
      const data = { ...((o.data ?? {}) as Record<string, string>) };
      for (const [k, v] of Object.entries(stringData))
        data[k] = Buffer.from(String(v)).toString('base64');
      o.data = data;
      delete o.stringData;
    }
    o.type ??= 'Opaque';
  });
}
