// On the embedded home devcluster (a local playground, not a real cluster): the built-in policies and
// the policy-author ClusterRole, created at start when absent, as deploy/base ships them for real
// clusters. The CRD itself is handed to the devcluster at start (clusters.ts, `crds`).
import { request } from 'node:https';
import type { DevCluster } from '@gatehouse/devcluster';
import { policyApiVersion, policyPlural } from './contract.js';
import { builtinPolicyObjects, policyAuthorRole, type Manifest } from './crd.js';

function call(dc: DevCluster, method: string, path: string, body?: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      dc.url + path,
      {
        method,
        ca: dc.caPem,
        headers: {
          authorization: `Bearer ${dc.token('admin')}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function ensure(dc: DevCluster, collection: string, o: Manifest) {
  const name = o.metadata.name;
  if ((await call(dc, 'GET', `${collection}/${encodeURIComponent(name)}`)) === 200) return;
  const status = await call(dc, 'POST', collection, o);
  if (status >= 300 && status !== 409)
    throw new Error(`could not create ${o.kind} ${name} on the devcluster: HTTP ${status}`);
}

export async function installPolicyObjects(dc: DevCluster): Promise<void> {
  await ensure(dc, '/apis/rbac.authorization.k8s.io/v1/clusterroles', policyAuthorRole);
  for (const p of builtinPolicyObjects)
    await ensure(dc, `/apis/${policyApiVersion}/${policyPlural}`, p);
}
