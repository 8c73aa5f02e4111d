// The /k8s proxy refuses a body nested past kube-apiserver's decoder limit (encoding/json's
// maxNestingDepth 10000, kept by sigs.k8s.io/json) before it reaches a cluster; shallower bodies
// go on and the cluster decides.
import { describe, expect, it } from 'vitest';
import { jsonDeeperThan, MAX_JSON_DEPTH } from '../src/json-depth.js';
import { demoSignIn, embeddedBffForSuite } from './support/bff.js';

const roles = '/k8s/dev/apis/rbac.authorization.k8s.io/v1/namespaces/deliveries/roles';

/** A Role whose labels hold `depth` nested objects: the body nests `depth + 2` levels. */
function roleWithLabelsDepth(name: string, depth: number): string {
  const labels = '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
  return `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"${name}","labels":${labels}},"rules":[]}`;
}

describe('jsonDeeperThan', () => {
  it('counts objects and arrays outside strings, up to the limit inclusive', () => {
    expect(jsonDeeperThan('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDeeperThan('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toBe(
      true,
    );
    expect(jsonDeeperThan(`{"a":"${'{['.repeat(20_000)}\\"{"}`)).toBe(false);
    expect(jsonDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(jsonDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
  });
});

describe('the /k8s proxy and deep bodies', () => {
  const suite = embeddedBffForSuite('bff-json-depth-');

  it('refuses a body nested past 10000 levels with 400 and sends nothing to the cluster', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const r = await alice.send('POST', roles, {
      rawBody: roleWithLabelsDepth('too-deep', MAX_JSON_DEPTH),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({
      kind: 'Status',
      code: 400,
      reason: 'BadRequest',
      message:
        "the request body nests JSON deeper than 10000 levels, which the Kubernetes API server's decoder refuses",
    });
    const after = await alice.get(`${roles}/too-deep`);
    expect(after.status).toBe(404);
    const list = await alice.get(roles);
    expect(list.status).toBe(200);
  });

  it('passes a shallower one on, and the cluster refuses labels that are not strings', async () => {
    const alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
    const r = await alice.send('POST', roles, {
      rawBody: roleWithLabelsDepth('labels-object', 50),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({
      message:
        'Role in version "v1" cannot be handled as a Role: json: cannot unmarshal object into Go struct field ObjectMeta.metadata.labels of type string',
    });
  });
});
