// The pure compile of an AccessPolicy for one cluster, by properties over generated policies and
// clusters (fast-check), plus the CRD and built-ins deploy/base ships being the ones the BFF installs.
import { readFileSync } from 'node:fs';
import type { PolicyRule } from '@gatehouse/policy';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  generationAnnotation,
  managedByLabel,
  policyLabel,
  policySpecInput,
  type PlacementTarget,
  type PolicySpec,
} from '../src/fleet/policies/contract.js';
import {
  compilePolicy,
  keyOf,
  type ClusterInput,
  type NamespaceInput,
  type PolicyInput,
} from '../src/fleet/policies/compile.js';
import {
  accessPolicyCrd,
  builtinPolicyObjects,
  policyAuthorRole,
} from '../src/fleet/policies/crd.js';
import { diffObjects, lineDiff, managedView, yamlLines } from '../src/fleet/policies/diff.js';
import { parse, parseAllDocuments } from 'yaml';

const clusterIds = ['dev', 'staging', 'prod'];
const nsNames = ['payments', 'kube-system', 'checkout', 'web', 'ghost'];
const labelValues = ['a', 'b'];

const labels = fc.dictionary(
  fc.constantFrom('env', 'team', 'tier'),
  fc.constantFrom(...labelValues),
  {
    maxKeys: 3,
  },
);
const selector = fc.record(
  {
    matchLabels: fc.dictionary(fc.constantFrom('env', 'team'), fc.constantFrom(...labelValues), {
      maxKeys: 2,
    }),
  },
  { requiredKeys: [] },
);
const target = (names: string[]): fc.Arbitrary<PlacementTarget> =>
  fc.oneof(
    fc.constant<PlacementTarget>({ names: ['*'] }),
    fc
      .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 3 })
      .map((n) => ({ names: n })),
    selector.map((s) => ({ selector: s })),
  );
const placement = fc.record({ clusters: target(clusterIds), namespaces: target(nsNames) });
const statement = fc.oneof(
  fc.record({
    clusterRole: fc.constantFrom('view', 'edit'),
    placements: fc.array(placement, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    rules: fc.constant<PolicyRule[]>([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]),
    placements: fc.array(placement, { minLength: 1, maxLength: 3 }),
  }),
);
const spec: fc.Arbitrary<PolicySpec> = fc.record({
  subjects: fc.constant<PolicySpec['subjects']>([{ kind: 'Group', name: 'sre' }]),
  statements: fc.array(statement, { minLength: 1, maxLength: 4 }),
});
const policy: fc.Arbitrary<PolicyInput> = fc.record({
  name: fc.constantFrom('sre', 'team.a', 'p-1'),
  generation: fc.integer({ min: 1, max: 9 }),
  spec,
});
const cluster: fc.Arbitrary<ClusterInput> = fc.record({
  id: fc.constantFrom(...clusterIds),
  labels,
});
// Every generated cluster holds a subset of the names ("ghost" may be missing).
const namespaces: fc.Arbitrary<NamespaceInput[]> = fc
  .uniqueArray(fc.constantFrom(...nsNames.slice(0, 4)), { maxLength: 4 })
  .chain((names) => fc.tuple(...names.map((n) => labels.map((l) => ({ name: n, labels: l })))));

describe('compilePolicy', () => {
  it('labels every object with its policy and as managed, annotated with the generation', () => {
    fc.assert(
      fc.property(policy, cluster, namespaces, (p, c, ns) => {
        for (const o of compilePolicy(p, c, ns).objects) {
          expect(o.metadata.labels).toEqual({
            [policyLabel]: p.name,
            [managedByLabel]: 'gatehouse',
          });
          expect(o.metadata.annotations).toEqual({ [generationAnnotation]: String(p.generation) });
        }
      }),
    );
  });

  it('names each object once per kind and namespace, and only in namespaces that exist', () => {
    fc.assert(
      fc.property(policy, cluster, namespaces, (p, c, ns) => {
        const out = compilePolicy(p, c, ns);
        const k = out.objects.map(keyOf);
        expect(new Set(k).size).toBe(k.length);
        const existing = new Set(ns.map((n) => n.name));
        for (const o of out.objects)
          if (o.metadata.namespace !== undefined)
            expect(existing.has(o.metadata.namespace)).toBe(true);
        for (const m of out.missingNamespaces) expect(existing.has(m)).toBe(false);
      }),
    );
  });

  it('binds cluster-wide with a ClusterRoleBinding where a selected placement says namespaces "*"', () => {
    fc.assert(
      fc.property(policy, cluster, namespaces, (p, c, ns) => {
        const out = compilePolicy(p, c, ns);
        p.spec.statements.forEach((st, i) => {
          const wide = st.placements.some(
            (pl) =>
              (pl.clusters.names?.includes('*') || pl.clusters.names?.includes(c.id)) &&
              pl.namespaces.names?.includes('*'),
          );
          const crb = out.objects.find(
            (o) => o.kind === 'ClusterRoleBinding' && o.metadata.name.endsWith(`:${i}`),
          );
          if (wide)
            expect(crb?.roleRef?.name).toBe(st.clusterRole ?? `gatehouse-policy:${p.name}:${i}`);
        });
      }),
    );
  });

  it('gives a cluster no placement selects nothing', () => {
    const selected = (t: PlacementTarget, c: ClusterInput) =>
      t.names
        ? t.names.includes('*') || t.names.includes(c.id)
        : Object.entries(t.selector?.matchLabels ?? {}).every(([k, v]) => c.labels[k] === v);
    fc.assert(
      fc.property(policy, cluster, namespaces, (p, c, ns) => {
        const out = compilePolicy(p, c, ns);
        const any = p.spec.statements.some((st) =>
          st.placements.some((pl) => selected(pl.clusters, c)),
        );
        expect(out.targeted).toBe(any);
        if (!any) expect(out.objects).toEqual([]);
      }),
    );
  });

  it('narrowing a placement (fewer names, or a placement dropped) only removes objects', () => {
    fc.assert(
      fc.property(policy, cluster, namespaces, fc.nat(), fc.nat(), (p, c, ns, si, pi) => {
        const i = si % p.spec.statements.length;
        const st = p.spec.statements[i]!;
        const j = pi % st.placements.length;
        const pl = st.placements[j]!;
        const narrowed = (placements: typeof st.placements) => ({
          ...p,
          spec: {
            ...p.spec,
            statements: p.spec.statements.map((s, n) => (n === i ? { ...s, placements } : s)),
          },
        });
        const variants: PolicyInput[] = [];
        if (st.placements.length > 1)
          variants.push(narrowed(st.placements.filter((_, n) => n !== j)));
        for (const part of ['clusters', 'namespaces'] as const) {
          const names = pl[part].names;
          if (names && names.length > 1 && !names.includes('*'))
            variants.push(
              narrowed(
                st.placements.map((x, n) =>
                  n === j ? { ...x, [part]: { names: names.slice(1) } } : x,
                ),
              ),
            );
        }
        const before = compilePolicy(p, c, ns).objects;
        const byKey = new Map(before.map((o) => [keyOf(o), o]));
        for (const v of variants) {
          const after = compilePolicy(v, c, ns).objects;
          for (const o of after) expect(byKey.get(keyOf(o))).toEqual(o);
          // and the diff of the narrowed plan against the applied objects is deletes only
          const changes = diffObjects(
            after,
            before.map((o) => ({ ...o })),
          );
          expect([changes.creates, changes.updates]).toEqual([[], []]);
          expect(changes.deletes.length).toBe(before.length - after.length);
        }
      }),
    );
  });

  it('compiles the sre story for staging', () => {
    const out = compilePolicy(
      {
        name: 'sre',
        generation: 3,
        spec: {
          subjects: [
            { kind: 'Group', name: 'sre' },
            { kind: 'ServiceAccount', name: 'bot', namespace: 'ops' },
          ],
          statements: [
            {
              clusterRole: 'view',
              placements: [{ clusters: { names: ['*'] }, namespaces: { names: ['kube-system'] } }],
            },
            {
              clusterRole: 'edit',
              placements: [
                { clusters: { names: ['staging'] }, namespaces: { names: ['payments', 'ghost'] } },
              ],
            },
          ],
        },
      },
      { id: 'staging', labels: { env: 'staging' } },
      [
        { name: 'kube-system', labels: {} },
        { name: 'payments', labels: {} },
      ],
    );
    expect(out.objects.map(keyOf)).toEqual([
      'RoleBinding/kube-system/gatehouse-policy:sre:0',
      'RoleBinding/payments/gatehouse-policy:sre:1',
    ]);
    expect(out.missingNamespaces).toEqual(['ghost']);
    expect(out.objects[0]!.subjects).toEqual([
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'sre' },
      { kind: 'ServiceAccount', name: 'bot', namespace: 'ops' },
    ]);
  });

  it('renders managed objects as YAML that reads back as the same object', () => {
    fc.assert(
      fc.property(policy, cluster, namespaces, (p, c, ns) => {
        for (const o of compilePolicy(p, c, ns).objects) {
          const view = managedView(o);
          expect(parse(yamlLines(view).join('\n'))).toEqual(view);
        }
      }),
    );
    const odd = { a: ['*', '', 'true', '1.5', 'x: y', null], b: { 'k:': 'v' } };
    expect(parse(yamlLines(odd).join('\n'))).toEqual(odd);
  });

  it('diffs lines as a unified diff', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([' a', '-b', '+x', ' c']);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c')),
        fc.array(fc.constantFrom('a', 'b', 'c')),
        (x, y) => {
          const d = lineDiff(x, y);
          expect(d.filter((l) => !l.startsWith('+')).map((l) => l.slice(1))).toEqual(x);
          expect(d.filter((l) => !l.startsWith('-')).map((l) => l.slice(1))).toEqual(y);
        },
      ),
    );
  });
});

describe('deploy/base ships what the BFF installs', () => {
  const base = join(import.meta.dirname, '..', '..', '..', 'deploy', 'base');
  const docs = (file: string) =>
    parseAllDocuments(readFileSync(join(base, file), 'utf8')).map((d) => d.toJSON() as unknown);

  it('the CRD, the built-in policies and the policy-author ClusterRole', () => {
    expect(docs('accesspolicy-crd.yaml')).toEqual([accessPolicyCrd]);
    const policies = join(base, '..', 'policies', 'builtin-accesspolicies.yaml');
    expect(
      parseAllDocuments(readFileSync(policies, 'utf8')).map((d) => d.toJSON() as unknown),
    ).toEqual(builtinPolicyObjects);
    expect(docs('policy-author.yaml')).toEqual([policyAuthorRole]);
    const kustomization = readFileSync(join(base, 'kustomization.yaml'), 'utf8');
    for (const f of ['accesspolicy-crd.yaml', 'policy-author.yaml'])
      expect(kustomization).toContain(f);
  });

  it('built-ins satisfy the schema except for their empty subjects (they are templates)', () => {
    for (const b of builtinPolicyObjects) {
      const s = (b as unknown as { spec: PolicySpec }).spec;
      expect(
        policySpecInput.safeParse({ ...s, subjects: [{ kind: 'Group', name: 'x' }] }).success,
      ).toBe(true);
    }
  });
});
