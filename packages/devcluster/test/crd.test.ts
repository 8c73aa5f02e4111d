// CustomResourceDefinitions with the real kubectl (v1.32) over HTTPS: a CRD applied is served at
// once (discovery, get/list/watch/patch, status and scale subresources, printer columns, schema
// validation and pruning), and deleting it deletes its objects and ends their watches. What each
// answer is checked against comes from staging/src/k8s.io/apiextensions-apiserver (cited inline).
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster } from '../src/index.js';
import { at, raw, startTestCluster, type TestCluster } from './helpers.js';
import { kubectl, manifest, requireKubectl } from './kubectl.js';

let tc: TestCluster;
let admin: string;
beforeAll(async () => {
  requireKubectl();
  tc = await startTestCluster({ seed: 'demo' });
  admin = tc.cluster.token('admin');
});
afterAll(async () => tc?.stop());

const WIDGETS_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    shortNames: [wd]
  versions:
    - name: v1beta1
      served: true
      storage: false
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: { type: integer }
                color: { type: string, enum: [red, green, blue] }
                replicas: { type: integer }
                mode: { type: string, default: auto }
                config: { type: object, x-kubernetes-preserve-unknown-fields: true }
                labels: { type: object, additionalProperties: { type: string } }
                tags: { type: array, items: { type: string } }
            status:
              type: object
              properties:
                replicas: { type: integer }
                phase: { type: string }
                selector: { type: string }
      subresources:
        status: {}
        scale:
          specReplicasPath: .spec.replicas
          statusReplicasPath: .status.replicas
          labelSelectorPath: .status.selector
      selectableFields:
        - { jsonPath: .spec.color }
      additionalPrinterColumns:
        - { name: Size, type: integer, jsonPath: .spec.size }
        - { name: Color, type: string, jsonPath: .spec.color }
        - { name: Phase, type: string, jsonPath: .status.phase, priority: 1 }
        - { name: Age, type: date, jsonPath: .metadata.creationTimestamp }
    - name: v0
      served: false
      storage: false
      schema:
        openAPIV3Schema: { type: object }
`;

const GADGETS_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.tools.example.org' },
  spec: {
    group: 'tools.example.org',
    scope: 'Cluster',
    names: { plural: 'gadgets', kind: 'Gadget' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { mode: { type: 'string' } } } },
          },
        },
      },
    ],
  },
};

const W1 = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
  namespace: payments
spec:
  size: 3
  color: red
  unknown: dropped
  config: { nested: { kept: true } }
  labels: { tier: gold }
`;

async function ok(user: string, args: string[], input?: string): Promise<string> {
  const r = await kubectl(tc, user, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function getJson(args: string[]): Promise<Record<string, unknown>> {
  return JSON.parse(await ok('admin', [...args, '-o', 'json'])) as Record<string, unknown>;
}

/** A watch request that resolves once the stream is open (the server subscribes before it answers headers). */
function openWatch(
  path: string,
): Promise<{ events: () => { type: string; object: unknown }[]; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, tc.cluster.url),
      { method: 'GET', headers: { Authorization: `Bearer ${admin}` }, ca: tc.cluster.caPem },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        const ended = new Promise<void>((done) => res.on('end', () => done()));
        resolve({
          events: () =>
            text
              .split('\n')
              .filter((l) => l.trim() !== '')
              .map((l) => JSON.parse(l) as { type: string; object: unknown }),
          ended,
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('a CRD applied with kubectl', () => {
  it('is created, becomes Established with its accepted names, and shows in kubectl get crd', async () => {
    const file = manifest(tc, 'widgets-crd.yaml', WIDGETS_CRD);
    expect(await ok('admin', ['apply', '-f', file])).toBe(
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n',
    );
    expect(
      await ok('admin', [
        'wait',
        '--for=condition=Established',
        'crd/widgets.example.com',
        '--timeout=10s',
      ]),
    ).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met\n');
    const crd = await getJson(['get', 'crd', 'widgets.example.com']);
    // naming_controller.go / establishing_controller.go: the conditions and their reasons.
    const conditions = at(crd, 'status', 'conditions') as Record<string, unknown>[];
    expect(conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'],
      ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'],
    ]);
    expect(at(crd, 'status', 'acceptedNames')).toEqual({
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
      shortNames: ['wd'],
    });
    expect(at(crd, 'status', 'storedVersions')).toEqual(['v1']);
    // v1 defaulting: listKind and conversion strategy None.
    expect(at(crd, 'spec', 'conversion')).toEqual({ strategy: 'None' });
    // The CRD registry uses the default table convertor: NAME, CREATED AT.
    const table = await ok('admin', ['get', 'crd']);
    expect(table).toMatch(
      /^NAME {18}CREATED AT\nwidgets\.example\.com {3}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/,
    );
  });

  it('is listed by legacy and aggregated discovery, served versions only, storage version preferred', async () => {
    const groups = await raw(tc.cluster, 'GET', '/apis', { token: admin });
    const group = (groups.json.groups as Record<string, unknown>[]).find(
      (g) => g.name === 'example.com',
    );
    // The preferred version is the highest by Kubernetes version priority (v1 over v1beta1);
    // v0 is served: false, so it is in no discovery document.
    expect(group).toEqual({
      name: 'example.com',
      versions: [
        { groupVersion: 'example.com/v1', version: 'v1' },
        { groupVersion: 'example.com/v1beta1', version: 'v1beta1' },
      ],
      preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' },
    });
    const v1 = await raw(tc.cluster, 'GET', '/apis/example.com/v1', { token: admin });
    expect(v1.json.resources).toEqual([
      {
        name: 'widgets',
        singularName: 'widget',
        namespaced: true,
        kind: 'Widget',
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        shortNames: ['wd'],
      },
      {
        name: 'widgets/status',
        singularName: '',
        namespaced: true,
        kind: 'Widget',
        verbs: ['get', 'patch', 'update'],
      },
      {
        name: 'widgets/scale',
        singularName: '',
        namespaced: true,
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
        group: 'autoscaling',
        version: 'v1',
      },
    ]);
    expect((await raw(tc.cluster, 'GET', '/apis/example.com/v0', { token: admin })).status).toBe(
      404,
    );
    const aggregated = await raw(tc.cluster, 'GET', '/apis', {
      token: admin,
      headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' },
    });
    const entry = (aggregated.json.items as Record<string, unknown>[]).find(
      (g) => at(g, 'metadata', 'name') === 'example.com',
    );
    const versions = at(entry, 'versions') as Record<string, unknown>[];
    expect(versions.map((v) => v.version)).toEqual(['v1', 'v1beta1']);
    const widgets = (at(versions[0], 'resources') as Record<string, unknown>[])[0];
    expect(widgets).toMatchObject({
      resource: 'widgets',
      responseKind: { group: '', version: '', kind: 'Widget' },
      scope: 'Namespaced',
      singularResource: 'widget',
      shortNames: ['wd'],
    });
    expect(
      (at(widgets, 'subresources') as Record<string, unknown>[]).map((s) => s.subresource),
    ).toEqual(['status', 'scale']);
    const resources = await ok('admin', ['api-resources', '--api-group=example.com']);
    expect(resources).toMatch(
      /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\nwidgets\s+wd\s+example\.com\/v1\s+true\s+Widget\n$/,
    );
  });

  it('refuses unknown fields under kubectl’s default strict validation and prunes them without it', async () => {
    const file = manifest(tc, 'w1.yaml', W1);
    // kubectl sends fieldValidation=Strict; the CR decoder's strict error.
    const strict = await kubectl(tc, 'admin', ['apply', '-f', file]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(
      'Error from server (BadRequest): error when creating "' +
        file +
        '": Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.unknown"\n',
    );
    // fieldValidation=Warn: pruned, with a Warning header kubectl prints.
    const warn = await kubectl(tc, 'admin', [
      'create',
      '--dry-run=server',
      '--validate=warn',
      '-f',
      file,
    ]);
    // (kubectl also logs that it cannot tell whether the server supports field validation: the
    // devcluster publishes no OpenAPI, see the README's known differences.)
    expect(warn.stderr.split('\n').slice(-2)).toEqual([
      'Warning: unknown field "spec.unknown"',
      '',
    ]);
    expect(warn.stdout).toBe('widget.example.com/w1 created (server dry run)\n');
    expect(await ok('admin', ['apply', '--validate=false', '-f', file])).toBe(
      'widget.example.com/w1 created\n',
    );
    const w1 = await getJson(['get', 'widget', 'w1', '-n', 'payments']);
    // Pruning drops fields the schema does not specify; preserve-unknown-fields and
    // additionalProperties keep theirs.
    // ... and the schema's default fills spec.mode (structural defaulting).
    expect(w1.spec).toEqual({
      size: 3,
      color: 'red',
      mode: 'auto',
      config: { nested: { kept: true } },
      labels: { tier: 'gold' },
    });
    expect(w1.apiVersion).toBe('example.com/v1');
    expect(at(w1, 'metadata', 'generation')).toBe(1);
  });

  it('prints the version’s additionalPrinterColumns (priority 1 only with -o wide), and Age by default', async () => {
    const table = await ok('admin', ['get', 'widgets', '-n', 'payments']);
    expect(table).toMatch(/^NAME\s+SIZE\s+COLOR\s+AGE\nw1\s+3\s+red\s+\d+s\n$/);
    const wide = await ok('admin', ['get', 'wd', '-n', 'payments', '-o', 'wide']);
    // A missing value is a null cell, which kubectl prints as empty.
    expect(wide).toMatch(/^NAME\s+SIZE\s+COLOR\s+PHASE\s+AGE\nw1\s+3\s+red\s+\d+s\n$/);
    // v1beta1 declares no columns: serveDefaultColumnsIfEmpty gives it Age.
    const beta = await ok('admin', ['get', 'widgets.v1beta1.example.com', '-n', 'payments']);
    expect(beta).toMatch(/^NAME\s+AGE\nw1\s+\d+s\n$/);
    const t = await raw(tc.cluster, 'GET', '/apis/example.com/v1/namespaces/payments/widgets', {
      token: admin,
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    });
    expect(t.json.kind).toBe('Table');
    expect(
      (t.json.columnDefinitions as Record<string, unknown>[]).map((c) => [
        c.name,
        c.type,
        c.priority,
      ]),
    ).toEqual([
      ['Name', 'string', 0],
      ['Size', 'integer', 0],
      ['Color', 'string', 0],
      ['Phase', 'string', 1],
      ['Age', 'date', 0],
    ]);
    const cells = at(t.json, 'rows', 0, 'cells') as unknown[];
    expect(cells.slice(0, 4)).toEqual(['w1', 3, 'red', null]);
    expect(cells[4]).toMatch(/^\d+s$/);
  });

  it('is read at every served version with only apiVersion rewritten (None conversion), 404 at an unserved one', async () => {
    const beta = await raw(
      tc.cluster,
      'GET',
      '/apis/example.com/v1beta1/namespaces/payments/widgets/w1',
      {
        token: admin,
      },
    );
    expect(beta.json.apiVersion).toBe('example.com/v1beta1');
    expect(at(beta.json, 'spec', 'size')).toBe(3);
    const list = await raw(tc.cluster, 'GET', '/apis/example.com/v1beta1/widgets', {
      token: admin,
    });
    expect(list.json.kind).toBe('WidgetList');
    // Unstructured lists keep each item's apiVersion and kind.
    expect(at(list.json, 'items', 0, 'apiVersion')).toBe('example.com/v1beta1');
    expect(at(list.json, 'items', 0, 'kind')).toBe('Widget');
    const v0 = await raw(tc.cluster, 'GET', '/apis/example.com/v0/namespaces/payments/widgets/w1', {
      token: admin,
    });
    expect(v0.status).toBe(404);
    // Written at v1beta1, stored at the storage version v1.
    const written = await raw(
      tc.cluster,
      'POST',
      '/apis/example.com/v1beta1/namespaces/payments/widgets',
      {
        token: admin,
        body: {
          apiVersion: 'example.com/v1beta1',
          kind: 'Widget',
          metadata: { name: 'w2' },
          spec: { size: 1, anything: 'kept' },
        },
      },
    );
    expect(written.status).toBe(201);
    expect(written.json.apiVersion).toBe('example.com/v1beta1');
    const asV1 = await getJson(['get', 'widget', 'w2', '-n', 'payments']);
    expect(asV1.apiVersion).toBe('example.com/v1');
    // v1beta1's schema preserves unknown fields and has no defaults; it is stored as written.
    expect(asV1.spec).toEqual({ size: 1, anything: 'kept' });
  });

  it('patches with merge and JSON patch, refuses strategic merge with 415 as for every custom resource', async () => {
    expect(
      await ok('admin', [
        'patch',
        'widget',
        'w1',
        '-n',
        'payments',
        '--type=merge',
        '-p',
        '{"spec":{"color":"blue"}}',
      ]),
    ).toBe('widget.example.com/w1 patched\n');
    expect(
      await ok('admin', [
        'patch',
        'widget',
        'w1',
        '-n',
        'payments',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/size","value":4}]',
      ]),
    ).toBe('widget.example.com/w1 patched\n');
    const strategic = await kubectl(tc, 'admin', [
      'patch',
      'widget',
      'w1',
      '-n',
      'payments',
      '-p',
      '{"spec":{"color":"green"}}',
    ]);
    expect(strategic.code).toBe(1);
    expect(strategic.stderr).toBe(
      'error: application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Widget: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
    );
    const w1 = await getJson(['get', 'widget', 'w1', '-n', 'payments']);
    expect(at(w1, 'spec', 'color')).toBe('blue');
    expect(at(w1, 'spec', 'size')).toBe(4);
    // Every spec change bumps generation (the CR strategy).
    expect(at(w1, 'metadata', 'generation')).toBe(3);
    // Server-side apply of a custom resource (merged without patch strategies).
    const applied = await ok(
      'admin',
      ['apply', '--server-side', '--field-manager=crd-test', '-f', '-'],
      JSON.stringify({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w3', namespace: 'payments' },
        spec: { size: 7, tags: ['a', 'b'] },
      }),
    );
    expect(applied).toBe('widget.example.com/w3 serverside-applied\n');
    await ok(
      'admin',
      ['apply', '--server-side', '--field-manager=crd-test', '-f', '-'],
      JSON.stringify({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w3', namespace: 'payments' },
        spec: { size: 7, tags: ['c'] },
      }),
    );
    expect(at(await getJson(['get', 'widget', 'w3', '-n', 'payments']), 'spec', 'tags')).toEqual([
      'c',
    ]);
    // selectableFields make spec.color a field selector label (CustomResourceFieldSelectors).
    expect(
      await ok('admin', [
        'get',
        'widgets',
        '-n',
        'payments',
        '--field-selector',
        'spec.color=blue',
        '-o',
        'name',
      ]),
    ).toBe('widget.example.com/w1\n');
    const unsupported = await kubectl(tc, 'admin', [
      'get',
      'widgets',
      '-n',
      'payments',
      '--field-selector',
      'spec.size=4',
    ]);
    expect(unsupported.stderr).toBe(
      'Error from server (BadRequest): Unable to find "example.com/v1, Resource=widgets" that match label selector "", field selector "spec.size=4": field label not supported: spec.size\n',
    );
  });

  it('updates status only through the status subresource, and spec only through the main resource', async () => {
    await ok('admin', [
      'patch',
      'widget',
      'w1',
      '-n',
      'payments',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"phase":"Ready","replicas":2,"selector":"app=w"},"spec":{"size":99}}',
    ]);
    await ok('admin', [
      'patch',
      'widget',
      'w1',
      '-n',
      'payments',
      '--type=merge',
      '-p',
      '{"status":{"phase":"Hacked"}}',
    ]);
    const w1 = await getJson(['get', 'widget', 'w1', '-n', 'payments']);
    expect(w1.status).toEqual({ phase: 'Ready', replicas: 2, selector: 'app=w' });
    expect(at(w1, 'spec', 'size')).toBe(4);
    // With a status subresource, status writes leave generation alone.
    expect(at(w1, 'metadata', 'generation')).toBe(3);
    const wide = await ok('admin', ['get', 'widgets', 'w1', '-n', 'payments', '-o', 'wide']);
    expect(wide).toMatch(/\nw1\s+4\s+blue\s+Ready\s+\d+s\n$/);
    // The status subresource is validated against the schema too.
    const bad = await kubectl(tc, 'admin', [
      'patch',
      'widget',
      'w1',
      '-n',
      'payments',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"replicas":"two"}}',
    ]);
    expect(bad.stderr).toBe(
      'The Widget "w1" is invalid: status.replicas: Invalid value: "string": status.replicas in body must be of type integer: "string"\n',
    );
  });

  it('scales through the scale subresource mapped to specReplicasPath and statusReplicasPath', async () => {
    expect(await ok('admin', ['scale', 'widget', 'w1', '-n', 'payments', '--replicas=5'])).toBe(
      'widget.example.com/w1 scaled\n',
    );
    const scale = await getJson(['get', 'widget', 'w1', '-n', 'payments', '--subresource=scale']);
    expect(scale).toMatchObject({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'w1', namespace: 'payments' },
      spec: { replicas: 5 },
      status: { replicas: 2, selector: 'app=w' },
    });
    expect(at(await getJson(['get', 'widget', 'w1', '-n', 'payments']), 'spec', 'replicas')).toBe(
      5,
    );
  });

  it('answers schema violations with 422 field errors in the Status format', async () => {
    // One error per violated property, in the order of the body's fields (kubectl sends them
    // sorted); kube-openapi walks its properties map, so a real server's order may differ.
    const bad = await kubectl(
      tc,
      'admin',
      ['create', '-n', 'payments', '-f', '-'],
      JSON.stringify({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'bad' },
        spec: { size: 'big', color: 'pink', tags: [1] },
      }),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'The Widget "bad" is invalid: \n' +
        '* spec.color: Unsupported value: "pink": supported values: "red", "green", "blue"\n' +
        '* spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"\n' +
        '* spec.tags[0]: Invalid value: "integer": spec.tags[0] in body must be of type string: "integer"\n',
    );
    const missing = await raw(
      tc.cluster,
      'POST',
      '/apis/example.com/v1/namespaces/payments/widgets',
      {
        token: admin,
        body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'bad' }, spec: {} },
      },
    );
    expect(missing.status).toBe(422);
    expect(missing.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Widget.example.com "bad" is invalid: spec.size: Required value',
      reason: 'Invalid',
      details: {
        name: 'bad',
        group: 'example.com',
        kind: 'Widget',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.size' }],
      },
      code: 422,
    });
  });
});

describe('CRD validation', () => {
  it('requires the name <plural>.<group>, one storage version and a schema per version', async () => {
    const r = await raw(
      tc.cluster,
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      {
        token: admin,
        body: {
          ...GADGETS_CRD,
          metadata: { name: 'gadgets' },
          spec: {
            ...GADGETS_CRD.spec,
            versions: [
              {
                name: 'v1',
                served: true,
                storage: false,
                schema: GADGETS_CRD.spec.versions[0]?.schema,
              },
              { name: 'v2', served: true, storage: false },
            ],
          },
        },
      },
    );
    expect(r.status).toBe(422);
    expect(at(r.json, 'details', 'causes')).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "gadgets": must be spec.names.plural+"."+spec.group',
        field: 'metadata.name',
      },
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: ["v1","v2"]: must have exactly one version marked as storage version',
        field: 'spec.versions',
      },
      {
        reason: 'FieldValueRequired',
        message: 'Required value: schemas are required',
        field: 'spec.versions[1].schema.openAPIV3Schema',
      },
    ]);
    expect(String(r.json.message)).toMatch(
      /^CustomResourceDefinition\.apiextensions\.k8s\.io "gadgets" is invalid: \[metadata\.name: /,
    );
  });

  it('serves a cluster-scoped CRD at once, with NamesAccepted false for a plural already in use', async () => {
    const created = await raw(
      tc.cluster,
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      {
        token: admin,
        body: GADGETS_CRD,
      },
    );
    expect(created.status).toBe(201);
    const g = await raw(tc.cluster, 'POST', '/apis/tools.example.org/v1alpha1/gadgets', {
      token: admin,
      body: {
        apiVersion: 'tools.example.org/v1alpha1',
        kind: 'Gadget',
        metadata: { name: 'g1', namespace: 'ignored' },
        spec: { mode: 'on' },
      },
    });
    expect(g.status).toBe(201);
    expect(at(g.json, 'metadata', 'namespace')).toBeUndefined();
    const g2 = await raw(tc.cluster, 'POST', '/apis/tools.example.org/v1alpha1/gadgets', {
      token: admin,
      body: {
        apiVersion: 'tools.example.org/v1alpha1',
        kind: 'Gadget',
        metadata: { name: 'g2', labels: { batch: 'old' } },
      },
    });
    expect(g2.status).toBe(201);
    const swept = await raw(
      tc.cluster,
      'DELETE',
      '/apis/tools.example.org/v1alpha1/gadgets?labelSelector=batch%3Dold',
      { token: admin },
    );
    expect(swept.json.kind).toBe('GadgetList');
    expect(
      (swept.json.items as Record<string, unknown>[]).map((o) => at(o, 'metadata', 'name')),
    ).toEqual(['g2']);
    expect(await ok('admin', ['get', 'gadgets'])).toMatch(/^NAME\s+AGE\ng1\s+\d+s\n$/);
    expect(
      (
        await raw(
          tc.cluster,
          'GET',
          '/apis/tools.example.org/v1alpha1/namespaces/payments/gadgets/g1',
          { token: admin },
        )
      ).status,
    ).toBe(404);
    const clash = await raw(
      tc.cluster,
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      {
        token: admin,
        body: {
          ...GADGETS_CRD,
          metadata: { name: 'gizmos.tools.example.org' },
          spec: {
            ...GADGETS_CRD.spec,
            names: { plural: 'gizmos', singular: 'gadgets', kind: 'Gizmo' },
          },
        },
      },
    );
    expect(clash.status).toBe(201);
    const crd = await raw(
      tc.cluster,
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.tools.example.org',
      { token: admin },
    );
    const conds = at(crd.json, 'status', 'conditions') as Record<string, unknown>[];
    expect(conds.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamesAccepted', 'False', 'NameConflict', '"gadgets" is already in use'],
      ['Established', 'False', 'NotAccepted', 'not all names are accepted'],
    ]);
    expect(
      (await raw(tc.cluster, 'GET', '/apis/tools.example.org/v1alpha1/gizmos', { token: admin }))
        .status,
    ).toBe(404);
  });
});

describe('RBAC on custom resources', () => {
  it('authorizes group, resource and subresource like any built-in', async () => {
    const denied = await kubectl(tc, 'carol', ['get', 'widgets', '-n', 'payments']);
    expect(denied.stderr).toBe(
      'Error from server (Forbidden): widgets.example.com is forbidden: User "carol" cannot list resource "widgets" in API group "example.com" in the namespace "payments"\n',
    );
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'widget-reader', namespace: 'payments' },
      rules: [
        { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list', 'watch'] },
      ],
    };
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'carol-widget-reader', namespace: 'payments' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'widget-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'carol' }],
    };
    await ok(
      'admin',
      ['apply', '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [role, binding] }),
    );
    expect(await ok('carol', ['get', 'widgets', '-n', 'payments', '-o', 'name'])).toBe(
      'widget.example.com/w1\nwidget.example.com/w2\nwidget.example.com/w3\n',
    );
    expect(
      (await kubectl(tc, 'carol', ['auth', 'can-i', 'patch', 'widgets/status', '-n', 'payments']))
        .stdout,
    ).toBe('no\n');
    // kubectl patch --subresource reads the subresource first, so `get widgets/status` is refused.
    const status = await kubectl(tc, 'carol', [
      'patch',
      'widget',
      'w1',
      '-n',
      'payments',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"phase":"x"}}',
    ]);
    expect(status.stderr).toBe(
      'Error from server (Forbidden): widgets.example.com "w1" is forbidden: User "carol" cannot get resource "widgets/status" in API group "example.com" in the namespace "payments"\n',
    );
    const other = await kubectl(tc, 'carol', ['get', 'widgets', '-n', 'deliveries']);
    expect(other.stderr).toMatch(
      /cannot list resource "widgets" in API group "example.com" in the namespace "deliveries"/,
    );
  });
});

describe('updating a CRD', () => {
  it('changes what is served at once: an unserved version goes, a new column shows', async () => {
    const patch = [
      { op: 'replace', path: '/spec/versions/0/served', value: false },
      {
        op: 'add',
        path: '/spec/versions/1/additionalPrinterColumns/-',
        value: { name: 'Mode', type: 'string', jsonPath: '.spec.mode' },
      },
    ];
    await ok('admin', [
      'patch',
      'crd',
      'widgets.example.com',
      '--type=json',
      '-p',
      JSON.stringify(patch),
    ]);
    expect(
      (await raw(tc.cluster, 'GET', '/apis/example.com/v1beta1/widgets', { token: admin })).status,
    ).toBe(404);
    const group = await raw(tc.cluster, 'GET', '/apis/example.com', { token: admin });
    expect(group.json.versions).toEqual([{ groupVersion: 'example.com/v1', version: 'v1' }]);
    expect(await ok('admin', ['get', 'widgets', 'w1', '-n', 'payments'])).toMatch(
      /^NAME\s+SIZE\s+COLOR\s+AGE\s+MODE\nw1\s+4\s+blue\s+\d+s\s+auto\n$/,
    );
    // The scope cannot change (validation.go: field is immutable).
    const scope = await kubectl(tc, 'admin', [
      'patch',
      'crd',
      'widgets.example.com',
      '--type=merge',
      '-p',
      '{"spec":{"scope":"Cluster"}}',
    ]);
    expect(scope.stderr).toBe(
      'The CustomResourceDefinition "widgets.example.com" is invalid: spec.scope: Invalid value: "Cluster": field is immutable\n',
    );
  });

  it('empties a deleted namespace of its custom objects', async () => {
    await ok('admin', ['create', 'namespace', 'crd-ns-test']);
    await ok(
      'admin',
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'doomed', namespace: 'crd-ns-test' },
        spec: { size: 1 },
      }),
    );
    expect(await ok('admin', ['delete', 'namespace', 'crd-ns-test'])).toBe(
      'namespace "crd-ns-test" deleted\n',
    );
    const list = await raw(tc.cluster, 'GET', '/apis/example.com/v1/widgets', { token: admin });
    expect(
      (list.json.items as Record<string, unknown>[]).map((o) => at(o, 'metadata', 'name')),
    ).toEqual(['w1', 'w2', 'w3']);
  });
});

describe('deleting a CRD', () => {
  it('deletes its objects (DELETED events), ends their watches and stops serving the type', async () => {
    const watch = await openWatch(
      '/apis/example.com/v1/namespaces/payments/widgets?watch=true&resourceVersion=0',
    );
    expect(await ok('admin', ['delete', 'crd', 'widgets.example.com'])).toBe(
      'customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted\n',
    );
    await watch.ended;
    const events = watch.events();
    const deleted = events
      .filter((e) => e.type === 'DELETED')
      .map((e) => at(e.object, 'metadata', 'name'));
    expect(deleted.sort()).toEqual(['w1', 'w2', 'w3']);
    const gone = await kubectl(tc, 'admin', ['get', 'widgets', '-n', 'payments']);
    // kubectl still maps widgets from its discovery cache; the API answers 404 for the type.
    expect(gone.stderr).toBe(
      'Error from server (NotFound): Unable to list "example.com/v1, Resource=widgets": the server could not find the requested resource\n',
    );
    expect((await raw(tc.cluster, 'GET', '/apis/example.com/v1', { token: admin })).status).toBe(
      404,
    );
    const groups = await raw(tc.cluster, 'GET', '/apis', { token: admin });
    expect(
      (groups.json.groups as Record<string, unknown>[]).some((g) => g.name === 'example.com'),
    ).toBe(false);
    // Recreated, it starts empty.
    await ok('admin', ['apply', '-f', manifest(tc, 'widgets-crd-again.yaml', WIDGETS_CRD)]);
    const list = await raw(tc.cluster, 'GET', '/apis/example.com/v1/widgets', { token: admin });
    expect(list.json.items).toEqual([]);
  });
});

describe('a CRD and its objects across a restart', () => {
  it('are served again from the state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devcluster-crd-'));
    const opts = {
      dataDir: join(dir, 'data'),
      port: 0,
      seed: 'empty' as const,
      stateFile: join(dir, 'state.json'),
    };
    try {
      const a = await startDevCluster(opts);
      const token = a.token('admin');
      const crd = await raw(a, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
        token,
        body: GADGETS_CRD,
      });
      expect(crd.status).toBe(201);
      const gadget = await raw(a, 'POST', '/apis/tools.example.org/v1alpha1/gadgets', {
        token,
        body: {
          apiVersion: 'tools.example.org/v1alpha1',
          kind: 'Gadget',
          metadata: { name: 'kept' },
        },
      });
      expect(gadget.status).toBe(201);
      await a.stop();
      const b = await startDevCluster(opts);
      try {
        const g = await raw(b, 'GET', '/apis/tools.example.org/v1alpha1/gadgets/kept', { token });
        expect(g.status).toBe(200);
      } finally {
        await b.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('seeded CRDs', () => {
  it('are served from the start', async () => {
    const seeded = await startTestCluster({ seed: 'empty', crds: [GADGETS_CRD] });
    try {
      const r = await raw(seeded.cluster, 'GET', '/apis/tools.example.org/v1alpha1', {
        token: seeded.cluster.token('admin'),
      });
      expect(at(r.json, 'resources', 0, 'name')).toBe('gadgets');
    } finally {
      await seeded.stop();
    }
  });
});
