// The plan of a policy (or its removal) over the fleet: per cluster, compiled objects against what the
// user can read there, with blockers and impact, and a digest of the whole for apply to check.
import { createHash } from 'node:crypto';
import type { RbacObject as PolicyRbacObject } from '@gatehouse/policy';
import { impact as changeImpact } from '../../analysis/risks.js';
import type { Cluster } from '../../clusters.js';
import type { BffContext } from '../../context.js';
import { actorOf, type Session } from '../../session/sessions.js';
import type { ClusterPlan, PolicyPlan, PolicySpec } from './contract.js';
import { maxImpactChanges } from '../../analysis/contract.js';
import { compilePolicy, targetMatches, type Compiled, type PolicyInput } from './compile.js';
import { diffObjects, planObjectOf, type ActualObject, type ObjectChanges } from './diff.js';
import {
  ClusterAccessError,
  missingClusterRoles,
  namespaceNeeds,
  readManaged,
  readNamespaces,
} from './read.js';

/** One cluster's part of a plan, with what apply needs beyond what is shown. */
export interface ClusterWork {
  cluster: Cluster;
  plan: ClusterPlan;
  changes: ObjectChanges;
  compiled: Compiled;
  actual: ActualObject[];
}

export interface FleetPlan {
  plan: PolicyPlan;
  work: ClusterWork[];
}

const empty: ObjectChanges = { creates: [], updates: [], deletes: [], unchanged: 0 };
const nothing: Compiled = {
  targeted: false,
  objects: [],
  missingNamespaces: [],
  selectedOnly: new Set(),
};

/** Reads a cluster for a policy and diffs it; `remove`: nothing is desired. */
export async function clusterWork(
  cluster: Cluster,
  session: Session,
  policy: PolicyInput,
  remove: boolean,
): Promise<ClusterWork> {
  const actor = actorOf(session);
  const selects = (t: PolicySpec['statements'][number]['placements'][number]['clusters']) =>
    targetMatches(t, cluster.id, cluster.labels);
  const targeted = policy.spec.statements.some((s) =>
    s.placements.some((p) => selects(p.clusters)),
  );
  const base = {
    cluster: cluster.id,
    targeted,
    creates: [],
    updates: [],
    deletes: [],
    unchanged: 0,
    missingNamespaces: [],
    blockers: [],
  };
  try {
    const namespaces = await readNamespaces(cluster, actor, namespaceNeeds(policy.spec, selects));
    const spec = compilePolicy(policy, { id: cluster.id, labels: cluster.labels }, namespaces);
    // A removal wants nothing; what the spec compiles to says where to look with narrow rights.
    const compiled = remove ? nothing : spec;
    const expected = spec.objects.map((o) => ({
      kind: o.kind,
      name: o.metadata.name,
      ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
    }));
    const actual = await readManaged(cluster, actor, policy.name, expected);
    const changes = diffObjects(compiled.objects, actual);
    const refs = compiled.objects.flatMap((o) =>
      o.roleRef &&
      !compiled.objects.some((c) => c.kind === 'ClusterRole' && c.metadata.name === o.roleRef!.name)
        ? [o.roleRef.name]
        : [],
    );
    const missing = await missingClusterRoles(cluster, refs);
    return {
      cluster,
      compiled,
      actual,
      changes,
      plan: {
        ...base,
        state: 'ok',
        creates: changes.creates.map(planObjectOf),
        updates: changes.updates.map((u) => ({ obj: planObjectOf(u.desired), diff: u.diff })),
        deletes: changes.deletes.map(planObjectOf),
        unchanged: changes.unchanged,
        missingNamespaces: compiled.missingNamespaces,
        blockers: missing.map(
          (n) => `ClusterRole "${n}" does not exist on cluster "${cluster.id}"`,
        ),
      },
    };
  } catch (err) {
    if (!(err instanceof ClusterAccessError)) throw err;
    return {
      cluster,
      compiled: nothing,
      actual: [],
      changes: empty,
      plan: { ...base, state: err.state, reason: err.message },
    };
  }
}

export function digestOf(plan: Omit<PolicyPlan, 'digest'>): string {
  const material = {
    name: plan.name ?? '',
    remove: plan.remove,
    generation: plan.generation,
    clusters: plan.clusters.map((c) => ({
      cluster: c.cluster,
      state: c.state,
      targeted: c.targeted,
      creates: c.creates.map((o) => o.object),
      updates: c.updates.map((u) => [u.obj.object, u.diff]),
      deletes: c.deletes.map((o) => [o.kind, o.namespace ?? '', o.name]),
      unchanged: c.unchanged,
      missingNamespaces: c.missingNamespaces,
      blockers: c.blockers,
    })),
  };
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

async function impactOf(
  ctx: BffContext,
  session: Session,
  w: ClusterWork,
): Promise<ClusterPlan['impact']> {
  const { creates, updates, deletes } = w.changes;
  const count = creates.length + updates.length + deletes.length;
  if (count === 0 || count > maxImpactChanges) return undefined;
  const as = (o: ActualObject | (typeof creates)[number]) => o as unknown as PolicyRbacObject;
  const proposed = [
    ...creates.map((o) => ({ operation: 'create' as const, object: as(o) })),
    ...updates.map((u) => ({ operation: 'update' as const, object: as(u.desired) })),
    ...deletes.map((o) => ({ operation: 'delete' as const, object: as(o) })),
  ];
  try {
    return await changeImpact(w.cluster, w.cluster.rbac, session, proposed, ctx.state.signIns);
  } catch {
    // The person may not analyse this cluster's RBAC: the plan goes without its impact.
    return undefined;
  }
}

/** The plan over every cluster; `withImpact` for showing it (apply only compares digests). */
export async function fleetPlan(
  ctx: BffContext,
  session: Session,
  policy: PolicyInput,
  opts: { remove: boolean; withImpact: boolean; name?: string },
): Promise<FleetPlan> {
  const work = await Promise.all(
    ctx.clusters.list.map((c) => clusterWork(c, session, policy, opts.remove)),
  );
  if (opts.withImpact)
    await Promise.all(
      work.map(async (w) => {
        if (w.plan.state !== 'ok') return;
        const impact = await impactOf(ctx, session, w);
        if (impact) w.plan.impact = impact;
      }),
    );
  const body = {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    remove: opts.remove,
    generation: policy.generation,
    clusters: work.map((w) => w.plan),
  };
  return { plan: { digest: digestOf(body), ...body }, work };
}
