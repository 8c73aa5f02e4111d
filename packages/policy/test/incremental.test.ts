// Property: an index kept current by watch events answers exactly as one built from scratch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RBAC_GROUP,
  createAuthorizer,
  createIncrementalAuthorizer,
  type AuthorizationRequest,
  type ClusterRole,
  type Authorizer,
  type RbacEvent,
  type RbacObject,
  type RbacSnapshot,
  type UserInfo,
} from '../src/index.js';
import { namespaces, policyRule, requestArb, snapshotArb, userArb } from './arbitraries.js';

const types = ['ADDED', 'MODIFIED', 'DELETED'] as const;
const kinds = ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'] as const;

// Objects come from generated snapshots, whose small name spaces make events hit existing keys often.
const eventArb: fc.Arbitrary<RbacEvent | undefined> = fc
  .tuple(snapshotArb, fc.constantFrom(...types), fc.constantFrom(...kinds), fc.nat())
  .map(([snap, type, kind, n]) => {
    const pick = <T>(xs: T[]): T | undefined => (xs.length ? xs[n % xs.length] : undefined);
    switch (kind) {
      case 'ClusterRole': {
        const object = pick(snap.clusterRoles);
        return object && { type, kind, object };
      }
      case 'Role': {
        const object = pick(snap.roles);
        return object && { type, kind, object };
      }
      case 'ClusterRoleBinding': {
        const object = pick(snap.clusterRoleBindings);
        return object && { type, kind, object };
      }
      case 'RoleBinding': {
        const object = pick(snap.roleBindings);
        return object && { type, kind, object };
      }
    }
  });

/** What a watch cache holds after the events: objects keyed by namespace/name, in Map order. */
function applyToSnapshot(snap: RbacSnapshot, event: RbacEvent): RbacSnapshot {
  const keyOf = (o: { metadata: { name?: string; namespace?: string } }) =>
    `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  const update = <T extends { metadata: { name?: string; namespace?: string } }>(
    list: T[],
    object: T,
  ): T[] => {
    const map = new Map(list.map((o) => [keyOf(o), o]));
    if (event.type === 'DELETED') map.delete(keyOf(object));
    else map.set(keyOf(object), object);
    return [...map.values()];
  };
  switch (event.kind) {
    case 'ClusterRole':
      return { ...snap, clusterRoles: update(snap.clusterRoles, event.object) };
    case 'Role':
      return { ...snap, roles: update(snap.roles, event.object) };
    case 'ClusterRoleBinding':
      return { ...snap, clusterRoleBindings: update(snap.clusterRoleBindings, event.object) };
    case 'RoleBinding':
      return { ...snap, roleBindings: update(snap.roleBindings, event.object) };
  }
}

/** Keyed like a watch cache (a later duplicate replaces the earlier one in place). */
function dedupe(snap: RbacSnapshot): RbacSnapshot {
  const byKey = <T extends { metadata: { name?: string; namespace?: string } }>(list: T[]) => [
    ...new Map(
      list.map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o]),
    ).values(),
  ];
  return {
    clusterRoles: byKey(snap.clusterRoles),
    roles: byKey(snap.roles),
    clusterRoleBindings: byKey(snap.clusterRoleBindings),
    roleBindings: byKey(snap.roleBindings),
  };
}

const resourceTypes = [
  { apiGroup: '', resource: 'pods' },
  { apiGroup: '', resource: 'secrets' },
  { apiGroup: 'apps', resource: 'deployments' },
  { apiGroup: RBAC_GROUP, resource: 'roles' },
];
const roleRefs = ['r1', 'r2', 'r3', 'missing'].flatMap((name) =>
  ['ClusterRole', 'Role', 'Foo'].map((kind) => ({ apiGroup: RBAC_GROUP, kind, name })),
);

function writeObjects(snap: RbacSnapshot): RbacObject[] {
  return [
    ...snap.roles.slice(0, 1).map((o) => ({ ...o, kind: 'Role' as const })),
    ...snap.roleBindings.slice(0, 2).map((o) => ({ ...o, kind: 'RoleBinding' as const })),
    ...snap.clusterRoleBindings
      .slice(0, 1)
      .map((o) => ({ ...o, kind: 'ClusterRoleBinding' as const })),
  ];
}

/** Every answer the Authorizer gives, for the users and requests. */
function answers(
  authz: Authorizer,
  snap: RbacSnapshot,
  users: UserInfo[],
  requests: AuthorizationRequest[],
): unknown {
  const scopes = ['', ...namespaces, 'elsewhere'];
  return {
    decisions: users.map((u) => requests.map((r) => authz.authorize(u, r))),
    whoCan: requests.map((r) => authz.whoCan(r)),
    effectiveRules: users.map((u) => scopes.map((ns) => authz.effectiveRules(u, ns))),
    rulesFor: users.map((u) => scopes.map((ns) => authz.rulesFor(u, ns))),
    roleRules: roleRefs.map((ref) => scopes.map((ns) => authz.effectiveRoleRules(ref, ns))),
    matrix: users.map((u) => {
      const m = authz.accessMatrix(u, [...namespaces, 'elsewhere'], resourceTypes);
      return {
        clusterWide: [...m.clusterWide],
        namespaced: [...m.namespaced].map(([ns, row]) => [ns, [...row]]).sort(),
        count: m.countAllowed(),
      };
    }),
    risky: authz.riskyFindings(),
    writes: users.map((u) => writeObjects(snap).map((o) => authz.checkWrite(u, 'create', o))),
  };
}

describe('incremental authorizer = authorizer built from scratch', () => {
  it('answers alike after any sequence of events', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        fc.array(eventArb, { maxLength: 14 }),
        fc.array(userArb, { minLength: 1, maxLength: 4 }),
        fc.array(requestArb, { minLength: 1, maxLength: 8 }),
        (initial, maybeEvents, users, requests) => {
          const inc = createIncrementalAuthorizer(initial);
          let expected = dedupe(initial);
          const events = maybeEvents.filter((e): e is RbacEvent => e !== undefined);
          for (const [i, event] of events.entries()) {
            // An authorizer taken before the event (its per-user cache warmed) must not be reused.
            inc.authorizer.authorize(users[0] as UserInfo, requests[0] as AuthorizationRequest);
            inc.apply(event);
            expected = applyToSnapshot(expected, event);
            if (i % 4 === 3) {
              const few = [users[0] as UserInfo];
              expect(answers(inc.authorizer, expected, few, requests)).toEqual(
                answers(createAuthorizer(expected), expected, few, requests),
              );
            }
          }
          expect(inc.snapshot).toEqual(expected);
          expect(answers(inc.authorizer, expected, users, requests)).toEqual(
            answers(createAuthorizer(expected), expected, users, requests),
          );
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  // Roles of many rules keep their own resource → rules map; edits of a few rules patch it.
  it('answers alike after rule-by-rule edits of roles with many rules', () => {
    const edit = fc.record({
      role: fc.constantFrom('r1', 'r2'),
      at: fc.nat(),
      op: fc.constantFrom('replace', 'replace', 'append', 'append', 'insert', 'remove', 'same'),
      rule: policyRule,
    });
    fc.assert(
      fc.property(
        snapshotArb,
        fc.array(policyRule, { minLength: 12, maxLength: 20 }),
        fc.array(edit, { minLength: 1, maxLength: 10 }),
        fc.array(userArb, { minLength: 1, maxLength: 3 }),
        fc.array(requestArb, { minLength: 1, maxLength: 8 }),
        (base, rules, edits, someUsers, requests) => {
          const users = someUsers.map((u) => ({
            ...u,
            groups: [...u.groups, 'system:authenticated'],
          }));
          const big = (name: string): ClusterRole => ({ metadata: { name }, rules });
          // Bound to everyone in every namespace, so namespaced decisions read the roles' own maps.
          const everyone = { kind: 'Group', apiGroup: RBAC_GROUP, name: 'system:authenticated' };
          const bound = namespaces.flatMap((namespace) =>
            ['r1', 'r2'].map((name) => ({
              metadata: { name: `all-${name}`, namespace },
              roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
              subjects: [everyone],
            })),
          );
          const initial = dedupe({
            ...base,
            roleBindings: [...base.roleBindings, ...bound],
            clusterRoles: [
              big('r1'),
              big('r2'),
              ...base.clusterRoles.filter((r) => !['r1', 'r2'].includes(r.metadata.name ?? '')),
            ],
          });
          const inc = createIncrementalAuthorizer(initial);
          let expected = initial;
          for (const { role, at, op, rule } of edits) {
            inc.authorizer.authorize(users[0] as UserInfo, requests[0] as AuthorizationRequest);
            const current = expected.clusterRoles.find((r) => r.metadata.name === role);
            const next = [...(current?.rules ?? [])];
            const i = next.length === 0 ? 0 : at % next.length;
            if (op === 'replace') next[i] = rule;
            else if (op === 'insert') next.splice(i, 0, rule);
            else if (op === 'remove') next.splice(i, 1);
            else if (op === 'append') next.push(rule);
            else next[i] = { ...(next[i] ?? rule) };
            const event: RbacEvent = {
              type: 'MODIFIED',
              kind: 'ClusterRole',
              object: { metadata: { name: role }, rules: next },
            };
            inc.apply(event);
            expected = applyToSnapshot(expected, event);
          }
          expect(inc.snapshot).toEqual(expected);
          expect(answers(inc.authorizer, expected, users, requests)).toEqual(
            answers(createAuthorizer(expected), expected, users, requests),
          );
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);

  it('reset() answers as a fresh build', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, userArb, requestArb, (a, b, user, req) => {
        const inc = createIncrementalAuthorizer(a);
        inc.authorizer.authorize(user, req);
        inc.reset(b);
        expect(answers(inc.authorizer, b, [user], [req])).toEqual(
          answers(createAuthorizer(dedupe(b)), b, [user], [req]),
        );
      }),
      { numRuns: 100 },
    );
  });
});
