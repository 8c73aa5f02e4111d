// The session sends the cluster-wide rules once, entries only for the namespaces with rules of the
// person's own, and a count of the rest. Decisions made from that must be exactly those made from
// the full shape it replaced, where every namespace the person may see was an entry (the ones
// without rules of their own holding the cluster-wide rules).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceRequest } from '@gatehouse/policy';
import { rulesAllow } from '@gatehouse/policy';
import type { RuleSet } from '../api/session.js';
import { decide, decideAnywhere, namespacesWhere, type AccessRequest } from './capabilities.js';
import { requestArb } from '../../../../packages/policy/test/arbitraries.js';
import { personArb, pool, type FullCapabilities } from './sessionShape.testdata.js';

// --- The decisions as they were made from the full shape (the code this change replaced) ---

type Capability = 'allowed' | 'denied' | 'unknown';
const rank: Record<Capability, number> = { denied: 0, unknown: 1, allowed: 2 };

function decideWithFull(set: RuleSet, request: AccessRequest): Capability {
  const rules = 'path' in request ? set.nonResourceRules : set.resourceRules;
  if (rulesAllow(rules, request)) return 'allowed';
  return set.incomplete ? 'unknown' : 'denied';
}

function decideFull(caps: FullCapabilities, request: AccessRequest): Capability {
  const set =
    'path' in request || !request.namespace
      ? caps.cluster
      : (caps.namespaces.find((ns) => ns.name === request.namespace)?.rules ?? caps.cluster);
  return decideWithFull(set, request);
}

function decideAnywhereFull(caps: FullCapabilities, request: ResourceRequest): Capability {
  let best = decideWithFull(caps.cluster, { ...request, namespace: undefined });
  for (const ns of caps.namespaces) {
    if (best === 'allowed') break;
    const here = decideWithFull(ns.rules, { ...request, namespace: ns.name });
    if (rank[here] > rank[best]) best = here;
  }
  return best;
}

function namespacesWhereFull(caps: FullCapabilities, request: ResourceRequest): string[] {
  return caps.namespaces
    .filter((ns) => decideWithFull(ns.rules, { ...request, namespace: ns.name }) !== 'denied')
    .map((ns) => ns.name);
}

/** Requests in the pool's namespaces and one nobody sees, or cluster-wide, or non-resource. */
const accessRequestArb: fc.Arbitrary<AccessRequest> = fc
  .tuple(requestArb, fc.constantFrom('', 'elsewhere', ...pool))
  .map(([r, namespace]) =>
    'path' in r
      ? { verb: r.verb, path: r.path }
      : { ...r, ...(namespace ? { namespace } : { namespace: undefined }) },
  );

function resourceOnly(r: AccessRequest): ResourceRequest | undefined {
  return 'path' in r ? undefined : { ...r, namespace: undefined };
}

describe('capabilities from the session decide exactly as from the full shape', () => {
  it('decide, decideAnywhere and namespacesWhere, for generated people and requests', () => {
    fc.assert(
      fc.property(
        personArb,
        fc.array(accessRequestArb, { minLength: 1, maxLength: 8 }),
        (p, rs) => {
          for (const r of rs) {
            expect(decide(p.session, r)).toBe(decideFull(p.full, r));
            const anywhere = resourceOnly(r);
            if (!anywhere) continue;
            expect(decideAnywhere(p.session, anywhere)).toBe(decideAnywhereFull(p.full, anywhere));
            // The full list, rebuilt from the person's own namespaces and "every other one".
            const where = namespacesWhere(p.session, anywhere);
            const own = new Set(p.session.namespaces.map((n) => n.name));
            const rebuilt = [
              ...where.own,
              ...(where.others
                ? p.full.namespaces.map((n) => n.name).filter((n) => !own.has(n))
                : []),
            ].sort();
            expect(rebuilt).toEqual(namespacesWhereFull(p.full, anywhere));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
