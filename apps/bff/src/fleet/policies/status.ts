// A policy's status per cluster, computed live: the entry stored on the home cluster at the last
// apply, checked against what the cluster holds now (drift, pending namespaces). Pure.
import type { ClusterStatus, DriftObject, StatusEntry } from './contract.js';
import { keyOf } from './compile.js';
import { managedView, yamlLines } from './diff.js';
import type { ClusterWork } from './plan.js';

function allLines(prefix: '+' | '-', o: Parameters<typeof managedView>[0]): string[] {
  return yamlLines(managedView(o)).map((l) => prefix + l);
}

/** The drifted objects (content differs, missing, or managed but no longer compiled) and pending namespaces. */
export function driftOf(w: ClusterWork): { drift: DriftObject[]; pending: string[] } {
  const drift: DriftObject[] = [];
  const pending = new Set<string>();
  const ref = (o: {
    kind: DriftObject['kind'];
    metadata: { name: string; namespace?: string };
  }) => ({
    kind: o.kind,
    ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name,
  });
  for (const u of w.changes.updates)
    drift.push({ ...ref(u.desired), diff: u.diff, missing: false });
  for (const c of w.changes.creates) {
    // A namespace a selector matches, with no binding yet: it appeared since (or was labelled).
    if (w.compiled.selectedOnly.has(keyOf(c)) && c.metadata.namespace)
      pending.add(c.metadata.namespace);
    else drift.push({ ...ref(c), diff: allLines('+', c), missing: true });
  }
  for (const d of w.changes.deletes)
    drift.push({ ...ref(d), diff: allLines('-', d), missing: false });
  return { drift, pending: [...pending].sort() };
}

export function liveStatus(
  w: ClusterWork,
  generation: number,
  stored: StatusEntry | undefined,
  /** The generation the stored status was written for. */
  observed: number | undefined,
  withDrift: boolean,
): ClusterStatus {
  const cluster = w.cluster.id;
  const targeted = w.plan.targeted;
  const kept = stored ? { ...stored } : { cluster, state: 'NotApplied' as const };
  if (w.plan.state !== 'ok')
    return {
      ...kept,
      access: w.plan.state,
      ...(w.plan.reason ? { reason: w.plan.reason } : {}),
      targeted,
    };
  const current = stored?.appliedGeneration === generation;
  const failed = stored?.state === 'Failed' && observed === generation;
  if (!current || !stored || failed || stored.state === 'NotApplied') {
    const nothingThere = !targeted && w.actual.length === 0;
    const message = failed
      ? stored.message
      : stored?.appliedGeneration !== undefined && !current
        ? `generation ${stored.appliedGeneration} is applied; the policy is at generation ${generation}`
        : nothingThere
          ? 'no placement selects this cluster'
          : `generation ${generation} has not been applied here`;
    return {
      ...kept,
      state: failed ? 'Failed' : 'NotApplied',
      ...(message ? { message } : {}),
      access: 'ok',
      targeted,
      ...(withDrift ? { drift: [] } : {}),
    };
  }
  const { drift, pending } = driftOf(w);
  return {
    ...kept,
    state: drift.length > 0 ? 'Drifted' : pending.length > 0 ? 'Pending' : 'Applied',
    pendingNamespaces: pending,
    ...(drift.length > 0
      ? {
          message:
            drift.length === 1
              ? `1 object differs from generation ${generation}`
              : `${drift.length} objects differ from generation ${generation}`,
        }
      : pending.length > 0
        ? {
            message:
              pending.length === 1
                ? '1 namespace matches a selector and has no binding yet'
                : `${pending.length} namespaces match a selector and have no binding yet`,
          }
        : { message: undefined }),
    access: 'ok',
    targeted,
    ...(withDrift ? { drift } : {}),
  };
}
