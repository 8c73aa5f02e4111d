// The incremental authorizer on a fixture: one watch event applied and reflected in a decision,
// beside rebuilding the index, and the heap it keeps beside a from-scratch index.
import { createAuthorizer, createIncrementalAuthorizer } from '../src/index.js';
import type {
  ClusterRole,
  ClusterRoleBinding,
  IncrementalAuthorizer,
  RbacEvent,
  Role,
  RoleBinding,
  UserInfo,
} from '../src/index.js';
import type { Fixture } from './fixtures.js';
import { consume, formatNs, retainedMiB, time } from './measure.js';

type Row = [query: string, wall: string, note: string];

export function benchIncremental(f: Fixture): Row[] {
  const rows: Row[] = [];
  const snap = f.snapshot;
  const inc = createIncrementalAuthorizer(snap);
  const someone: UserInfo = { name: 'user-churn', groups: ['system:authenticated'] };
  const reflected = (ns: string) =>
    consume(
      inc.authorizer.authorize(someone, {
        verb: 'get',
        apiGroup: '',
        resource: 'pods',
        namespace: ns,
      }).allowed,
    );
  // Each op applies one event, takes the authorizer again and makes one decision it must reflect.
  const perEvent = (query: string, events: (i: number) => RbacEvent, ns: string, note: string) => {
    const t = time(2, (i) => {
      inc.apply(events(i));
      reflected(ns);
    });
    rows.push([query, formatNs(t.nsPerOp), `${note}; CPU ${formatNs(t.cpuNsPerOp)}`]);
  };

  const rb = snap.roleBindings[1234] as RoleBinding;
  const ns = rb.metadata.namespace ?? '';
  const changedRb: RoleBinding = {
    ...rb,
    subjects: [...(rb.subjects ?? []), { kind: 'User', name: 'user-churn' }],
  };
  perEvent(
    'RoleBinding MODIFIED (subjects)',
    (i) => ({ type: 'MODIFIED', kind: 'RoleBinding', object: i % 2 ? rb : changedRb }),
    ns,
    `namespace ${ns}`,
  );
  const newRb: RoleBinding = {
    metadata: { name: 'churn', namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', name: 'user-churn' }],
  };
  perEvent(
    'RoleBinding ADDED / DELETED',
    (i) => ({ type: i % 2 ? 'DELETED' : 'ADDED', kind: 'RoleBinding', object: newRb }),
    ns,
    'alternately, to ClusterRole view',
  );
  const crb = snap.clusterRoleBindings[700] as ClusterRoleBinding;
  const changedCrb: ClusterRoleBinding = {
    ...crb,
    subjects: [...(crb.subjects ?? []), { kind: 'User', name: 'user-churn' }],
  };
  perEvent(
    'ClusterRoleBinding MODIFIED (subjects)',
    (i) => ({ type: 'MODIFIED', kind: 'ClusterRoleBinding', object: i % 2 ? crb : changedCrb }),
    ns,
    `in place among ${snap.clusterRoleBindings.length} ClusterRoleBindings`,
  );
  const newCrb: ClusterRoleBinding = {
    metadata: { name: 'churn' },
    roleRef: newRb.roleRef,
    subjects: newRb.subjects,
  };
  perEvent(
    'ClusterRoleBinding ADDED / DELETED',
    (i) => ({ type: i % 2 ? 'DELETED' : 'ADDED', kind: 'ClusterRoleBinding', object: newCrb }),
    ns,
    'alternately (ADDED appends; DELETED leaves a dead slot, compacted when dead outnumber live)',
  );
  const role = snap.roles[0] as Role;
  const changedRole: Role = {
    ...role,
    rules: [...(role.rules ?? []), { apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  };
  perEvent(
    'Role MODIFIED (rules)',
    (i) => ({ type: 'MODIFIED', kind: 'Role', object: i % 2 ? role : changedRole }),
    role.metadata.namespace ?? '',
    `${role.metadata.namespace ?? ''}/${role.metadata.name ?? ''}`,
  );
  const view = snap.clusterRoles.find((r) => r.metadata.name === 'view') as ClusterRole;
  const viewBindings = snap.roleBindings.filter((b) => b.roleRef.name === 'view').length;
  const changedView: ClusterRole = {
    ...view,
    rules: [...(view.rules ?? []), { apiGroups: [''], resources: ['pods'], verbs: ['watch'] }],
  };
  perEvent(
    'ClusterRole MODIFIED (rules; view)',
    (i) => ({ type: 'MODIFIED', kind: 'ClusterRole', object: i % 2 ? view : changedView }),
    ns,
    `patched in place: the ${viewBindings} RoleBindings to view keep their entry`,
  );
  const operator = snap.clusterRoles[10] as ClusterRole;
  const changedOperator: ClusterRole = { ...operator, rules: (operator.rules ?? []).slice(1) };
  perEvent(
    'ClusterRole MODIFIED (rules; operator role)',
    (i) => ({ type: 'MODIFIED', kind: 'ClusterRole', object: i % 2 ? operator : changedOperator }),
    ns,
    operator.metadata.name ?? '',
  );

  const scratch = retainedMiB(() => createAuthorizer(snap));
  const fresh = retainedMiB(() => createIncrementalAuthorizer(snap));
  const churned = retainedMiB(() => {
    const kept: IncrementalAuthorizer = createIncrementalAuthorizer(snap);
    // 2,000 events across many namespaces: RoleBindings changed, added and deleted.
    for (let i = 0; i < 2000; i++) {
      const b = snap.roleBindings[(i * 7919) % snap.roleBindings.length] as RoleBinding;
      const object: RoleBinding = { ...b, metadata: { ...b.metadata, name: `churn-${i % 500}` } };
      kept.apply({ type: i % 3 === 2 ? 'DELETED' : 'ADDED', kind: 'RoleBinding', object });
    }
    consume(kept.authorizer.authorize(someone, { verb: 'get', path: '/healthz' }).allowed);
    return kept;
  });
  const ratio = (x: number) => `${(x / scratch).toFixed(2)}× from-scratch`;
  rows.push(['heap: from-scratch index', '', `${scratch.toFixed(1)} MiB retained`]);
  rows.push(['heap: incremental, fresh', '', `${fresh.toFixed(1)} MiB (${ratio(fresh)})`]);
  rows.push([
    'heap: incremental, after 2,000 events',
    '',
    `${churned.toFixed(1)} MiB (${ratio(churned)})`,
  ]);
  return rows;
}
