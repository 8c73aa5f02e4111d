// Fleet analysis: the per-cluster analyses (who-can, check, the subject view, change impact) asked of
// several clusters at once, concurrently, each as the signed-in user and each answering for itself —
// a result, `no-access` (the analysis gate or the API server refused them there, with its reason) or
// `unreachable` — so one cluster's failure never fails the answer. "Copy this binding to clusters"
// is a plan (create / update with a diff / unchanged, or what blocks it) with a digest, applied per
// cluster as the user through the projects' KubeWriter, every attempt audited.
import { createHash } from 'node:crypto';
import type {
  ClusterRoleBinding,
  PolicyRule,
  RbacObject,
  RoleBinding,
  Subject,
} from '@gatehouse/policy';
import type { Request } from 'express';
import { requireSession } from '../../api.js';
import { auditStatusOf } from '../../audit.js';
import type { Cluster } from '../../clusters.js';
import type { BffContext } from '../../context.js';
import { ApiError } from '../../errors.js';
import { UpstreamError } from '../../kube-client.js';
import { actorOf, type Session } from '../../session/sessions.js';
import { checkAccess } from '../../analysis/check.js';
import { subjectResolver } from '../../analysis/groups.js';
import { authorizationRequest } from '../../analysis/inputs.js';
import { impact } from '../../analysis/risks.js';
import { scopedModel } from '../../analysis/scoped.js';
import { subjectView } from '../../analysis/subject.js';
import { whoCan } from '../../analysis/who-can.js';
import { applyPlan } from '../../projects/apply.js';
import { auditedWriter } from '../../projects/audited.js';
import type { ChangeReport } from '../../projects/contract.js';
import type { KubeObject, Step } from '../../projects/plan.js';
import type {
  ClusterAnswer,
  CompareBinding,
  CompareRule,
  CompareSide,
  CopiedBinding,
  CopyApplyBody,
  CopyApplyResponse,
  CopyDiff,
  CopyPlanBody,
  CopyPlanResponse,
  CopyTargetPlan,
  FleetCheckQuery,
  FleetCheckResponse,
  FleetCompareQuery,
  FleetCompareResponse,
  FleetWhoCanQuery,
  FleetWhoCanResponse,
} from './contract.js';

const RBAC = 'rbac.authorization.k8s.io';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The clusters asked: those named (each must exist), or every configured one. */
export function clustersFor(ctx: BffContext, ids: readonly string[] | undefined): Cluster[] {
  if (!ids || ids.length === 0) return ctx.clusters.list;
  const unknown = ids.filter((id) => !ctx.clusters.get(id));
  if (unknown.length > 0)
    throw new ApiError(
      400,
      `no cluster ${unknown.map((u) => `"${u}"`).join(', ')} (clusters: ${ctx.clusters.list.map((c) => c.id).join(', ')})`,
      'BadRequest',
    );
  return ids.map((id) => ctx.clusters.get(id)!);
}

/** Why a cluster gave no result, told as the fleet answers tell it. */
export function noResult(
  cluster: Cluster,
  err: unknown,
): Exclude<ClusterAnswer<never>, { state: 'result' }> {
  if (err instanceof UpstreamError)
    return { cluster: cluster.id, state: 'unreachable', message: err.message };
  if (err instanceof ApiError) {
    if (err.code >= 500) {
      // The BFF's own 5xx messages may carry upstream text: keep only the part naming the cluster.
      const part = /cluster "[^"]*" (is unreachable|did not answer)[^]*$/.exec(err.message)?.[0];
      return {
        cluster: cluster.id,
        state: 'unreachable',
        message: part ?? `cluster "${cluster.name}" did not give the BFF an answer it could use`,
      };
    }
    return { cluster: cluster.id, state: 'no-access', code: err.code, message: err.message };
  }
  throw err;
}

/** Runs `fn` on every cluster at once; each answers for itself. */
export async function eachCluster<T>(
  clusters: readonly Cluster[],
  fn: (c: Cluster) => Promise<T>,
): Promise<ClusterAnswer<T>[]> {
  return Promise.all(
    clusters.map(async (c): Promise<ClusterAnswer<T>> => {
      try {
        return { cluster: c.id, state: 'result', result: await fn(c) };
      } catch (err) {
        return noResult(c, err);
      }
    }),
  );
}

export async function fleetWhoCan(
  ctx: BffContext,
  q: FleetWhoCanQuery,
  req: Request,
): Promise<FleetWhoCanResponse> {
  const session = requireSession(req);
  const request = authorizationRequest(q);
  return {
    clusters: await eachCluster(clustersFor(ctx, q.clusters), (c) =>
      whoCan(c, c.rbac, session, request, ctx.state.signIns),
    ),
  };
}

export async function fleetCheck(
  ctx: BffContext,
  q: FleetCheckQuery,
  req: Request,
): Promise<FleetCheckResponse> {
  const session = requireSession(req);
  const request = authorizationRequest(q);
  return {
    clusters: await eachCluster(clustersFor(ctx, q.clusters), (c) =>
      checkAccess(
        c,
        c.rbac,
        session,
        subjectResolver(c, session, ctx.state.signIns, q),
        q.subjectKind === 'Self',
        request,
      ),
    ),
  };
}

// --- Compare ---

/** One permission: a verb on one group/resource/name, or on one non-resource URL, in a namespace. */
interface Atom {
  namespace: string;
  verb: string;
  apiGroup?: string;
  resource?: string;
  name?: string;
  url?: string;
}

function atomsOf(rule: PolicyRule, namespace: string): Atom[] {
  const out: Atom[] = [];
  const verbs = [...new Set(rule.verbs)];
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of verbs) out.push({ namespace, verb, url });
  const names = rule.resourceNames?.length ? [...new Set(rule.resourceNames)] : [undefined];
  for (const apiGroup of new Set(rule.apiGroups ?? []))
    for (const resource of new Set(rule.resources ?? []))
      for (const name of names)
        for (const verb of verbs)
          out.push({ namespace, verb, apiGroup, resource, ...(name ? { name } : {}) });
  return out;
}

const groupKey = (a: Atom) =>
  JSON.stringify(
    a.url !== undefined
      ? [a.namespace, 'url', a.url]
      : [a.namespace, a.apiGroup, a.resource, a.name ?? null],
  );
const atomKey = (a: Atom) => JSON.stringify([groupKey(a), a.verb]);

interface Side {
  side: CompareSide;
  /** atom key → the atom and the indexes of the bindings granting it. */
  atoms: Map<string, { atom: Atom; bindings: Set<number> }>;
}

async function compareSide(
  ctx: BffContext,
  session: Session,
  cluster: Cluster,
  q: FleetCompareQuery,
): Promise<Side> {
  const view = await subjectView(
    cluster,
    cluster.rbac,
    session,
    subjectResolver(cluster, session, ctx.state.signIns, q),
  );
  // The same scoped model the view was computed from (cached per model and scope).
  const { authorizer } = await scopedModel(cluster, session, cluster.rbac);
  const bindings: CompareBinding[] = view.bindings.map((b) => ({
    kind: b.kind,
    name: b.name,
    ...(b.namespace !== undefined ? { namespace: b.namespace } : {}),
    roleRef: b.roleRef,
  }));
  const atoms: Side['atoms'] = new Map();
  bindings.forEach((b, i) => {
    const ns = b.kind === 'RoleBinding' ? (b.namespace ?? '') : '';
    for (const rule of authorizer.effectiveRoleRules(b.roleRef, ns).rules)
      for (const atom of atomsOf(rule, ns)) {
        const key = atomKey(atom);
        const hit = atoms.get(key);
        if (hit) hit.bindings.add(i);
        else atoms.set(key, { atom, bindings: new Set([i]) });
      }
  });
  return {
    side: { user: view.user, bindings, errors: view.errors, complete: view.scope.complete },
    atoms,
  };
}

/** Atoms regrouped into rules: one per namespace and group/resource/name (or URL), verbs merged. */
function rulesOf(entries: Array<{ atom: Atom; a: Set<number>; b: Set<number> }>): CompareRule[] {
  const groups = new Map<
    string,
    { atom: Atom; verbs: Set<string>; a: Set<number>; b: Set<number> }
  >();
  for (const e of entries) {
    const key = groupKey(e.atom);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { atom: e.atom, verbs: new Set(), a: new Set(), b: new Set() }));
    g.verbs.add(e.atom.verb);
    e.a.forEach((i) => g.a.add(i));
    e.b.forEach((i) => g.b.add(i));
  }
  const sortNum = (s: Set<number>) => [...s].sort((x, y) => x - y);
  return [...groups.values()]
    .map(({ atom, verbs, a, b }): CompareRule => {
      const v = [...verbs].sort();
      const rule: PolicyRule =
        atom.url !== undefined
          ? { verbs: v, nonResourceURLs: [atom.url] }
          : {
              verbs: v,
              apiGroups: [atom.apiGroup ?? ''],
              resources: [atom.resource ?? ''],
              ...(atom.name ? { resourceNames: [atom.name] } : {}),
            };
      return { namespace: atom.namespace, rule, a: sortNum(a), b: sortNum(b) };
    })
    .sort((x, y) => (ruleOrder(x) < ruleOrder(y) ? -1 : ruleOrder(x) > ruleOrder(y) ? 1 : 0));
}

const ruleOrder = (r: CompareRule) =>
  [
    r.namespace,
    r.rule.apiGroups?.[0] ?? '~',
    r.rule.resources?.[0] ?? r.rule.nonResourceURLs?.[0] ?? '',
    r.rule.resourceNames?.[0] ?? '',
  ].join('\u0000');

/** Splits two sides' permissions into only-a, only-b and both. Pure, for the tests too. */
export function diffSides(
  a: Side['atoms'],
  b: Side['atoms'],
): NonNullable<FleetCompareResponse['diff']> {
  const none = new Set<number>();
  const onlyA = [...a]
    .filter(([k]) => !b.has(k))
    .map(([, v]) => ({ atom: v.atom, a: v.bindings, b: none }));
  const onlyB = [...b]
    .filter(([k]) => !a.has(k))
    .map(([, v]) => ({ atom: v.atom, a: none, b: v.bindings }));
  const both = [...a]
    .filter(([k]) => b.has(k))
    .map(([k, v]) => ({ atom: v.atom, a: v.bindings, b: b.get(k)!.bindings }));
  return { onlyA: rulesOf(onlyA), onlyB: rulesOf(onlyB), both: rulesOf(both) };
}

export async function fleetCompare(
  ctx: BffContext,
  q: FleetCompareQuery,
  req: Request,
): Promise<FleetCompareResponse> {
  const session = requireSession(req);
  if (q.a === q.b) throw new ApiError(400, 'compare two different clusters', 'BadRequest');
  const [ca, cb] = clustersFor(ctx, [q.a, q.b]) as [Cluster, Cluster];
  const sides = new Map<string, Side>();
  const [a, b] = await eachCluster([ca, cb], async (c) => {
    const s = await compareSide(ctx, session, c, q);
    sides.set(c.id, s);
    return s.side;
  });
  const sa = sides.get(ca.id);
  const sb = sides.get(cb.id);
  return { a: a!, b: b!, ...(sa && sb ? { diff: diffSides(sa.atoms, sb.atoms) } : {}) };
}

// --- Copy a binding to other clusters ---

type Binding = RoleBinding | ClusterRoleBinding;

function bindingPath(kind: CopiedBinding['kind'], name: string, namespace?: string): string {
  const n = encodeURIComponent(name);
  return kind === 'ClusterRoleBinding'
    ? `/apis/${RBAC}/v1/clusterrolebindings/${n}`
    : `/apis/${RBAC}/v1/namespaces/${encodeURIComponent(namespace ?? '')}/rolebindings/${n}`;
}

interface KubeAnswer {
  status: number;
  body: Record<string, unknown> & { message?: string; reason?: string };
}

async function getAs(cluster: Cluster, session: Session, path: string): Promise<KubeAnswer> {
  const r = await cluster.client.json<KubeAnswer['body']>('GET', path, actorOf(session));
  if (r.status >= 500)
    throw new ApiError(
      r.status,
      `cluster "${cluster.name}" did not answer: ${r.body.message ?? `HTTP ${r.status}`}`,
    );
  return r;
}

/** What is copied: the binding without server-owned fields or kubectl's last-applied record. */
function copyOf(o: Binding, kind: CopiedBinding['kind']): CopiedBinding {
  const annotations = { ...(o.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const labels = o.metadata.labels ?? {};
  return {
    apiVersion: `${RBAC}/v1`,
    kind,
    metadata: {
      name: o.metadata.name ?? '',
      ...(kind === 'RoleBinding' ? { namespace: o.metadata.namespace ?? '' } : {}),
      ...(Object.keys(labels).length ? { labels: { ...labels } } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    roleRef: o.roleRef,
    subjects: (o.subjects ?? []).map((s) => ({ ...s })),
  };
}

async function readSource(
  ctx: BffContext,
  session: Session,
  source: CopyPlanBody['source'],
): Promise<{ cluster: Cluster; binding: CopiedBinding }> {
  const [cluster] = clustersFor(ctx, [source.cluster]) as [Cluster];
  const what = `${source.kind} "${source.name}"${source.namespace ? ` in namespace "${source.namespace}"` : ''}`;
  const r = await getAs(cluster, session, bindingPath(source.kind, source.name, source.namespace));
  if (r.status === 404)
    throw new ApiError(404, `no ${what} on cluster "${cluster.id}"`, 'NotFound');
  if (r.status !== 200)
    throw new ApiError(r.status, r.body.message ?? `HTTP ${r.status}`, r.body.reason);
  return { cluster, binding: copyOf(r.body as unknown as Binding, source.kind) };
}

const subjectId = (s: Subject) =>
  JSON.stringify([s.kind, s.name, s.kind === 'ServiceAccount' ? (s.namespace ?? '') : '']);

function diffOf(existing: Binding, want: CopiedBinding): CopyDiff {
  const have = new Set((existing.subjects ?? []).map(subjectId));
  const wanted = new Set((want.subjects ?? []).map(subjectId));
  const metadata: CopyDiff['metadata'] = [];
  for (const field of ['labels', 'annotations'] as const)
    for (const [key, to] of Object.entries(want.metadata[field] ?? {})) {
      const from = existing.metadata[field]?.[key];
      if (from !== to) metadata.push({ field, key, ...(from !== undefined ? { from } : {}), to });
    }
  return {
    subjectsAdded: (want.subjects ?? []).filter((s) => !have.has(subjectId(s))),
    subjectsRemoved: (existing.subjects ?? []).filter((s) => !wanted.has(subjectId(s))),
    metadata,
  };
}

interface TargetPlan {
  plan: CopyTargetPlan;
  step?: Step;
  /** What the digest covers: the decision and the versions it was made from. */
  digestPart: unknown;
}

async function planTarget(
  ctx: BffContext,
  session: Session,
  cluster: Cluster,
  source: Cluster,
  want: CopiedBinding,
): Promise<TargetPlan> {
  const blocked = (blockers: CopyTargetPlan['blockers'], extra: unknown = null): TargetPlan => ({
    plan: { action: 'blocked', blockers },
    digestPart: { blockers: blockers.map((b) => b.kind), extra },
  });
  if (cluster.id === source.id)
    return blocked([
      {
        kind: 'source-cluster',
        message: `cluster "${cluster.id}" is where the binding comes from`,
      },
    ]);
  const { kind, roleRef } = want;
  const ns = want.metadata.namespace;
  const read = await getAs(cluster, session, bindingPath(kind, want.metadata.name, ns));
  if (read.status === 401 || read.status === 403)
    return blocked([{ kind: 'no-access', message: read.body.message ?? `HTTP ${read.status}` }]);
  if (read.status !== 200 && read.status !== 404)
    throw new ApiError(read.status, read.body.message ?? `HTTP ${read.status}`, read.body.reason);
  const existing = read.status === 200 ? (read.body as unknown as Binding) : undefined;
  const blockers: CopyTargetPlan['blockers'] = [];
  let namespaceExists = true;
  if (kind === 'RoleBinding') {
    const n = await getAs(cluster, session, `/api/v1/namespaces/${encodeURIComponent(ns ?? '')}`);
    // Only a 404 is known to be missing; a user who may not get namespaces learns it from the write.
    if (n.status === 404) {
      namespaceExists = false;
      blockers.push({
        kind: 'namespace-missing',
        message: `namespace "${ns}" does not exist on cluster "${cluster.id}"`,
      });
    }
  }
  if (namespaceExists) {
    const rolePath =
      roleRef.kind === 'ClusterRole'
        ? `/apis/${RBAC}/v1/clusterroles/${encodeURIComponent(roleRef.name)}`
        : `/apis/${RBAC}/v1/namespaces/${encodeURIComponent(ns ?? '')}/roles/${encodeURIComponent(roleRef.name)}`;
    const role = await getAs(cluster, session, rolePath);
    if (role.status === 404)
      blockers.push({
        kind: 'role-missing',
        message: `${roleRef.kind} "${roleRef.name}"${roleRef.kind === 'Role' ? ` in namespace "${ns}"` : ''} does not exist on cluster "${cluster.id}"`,
      });
  }
  if (existing && JSON.stringify(existing.roleRef) !== JSON.stringify(roleRef))
    blockers.push({
      kind: 'role-ref-differs',
      message: `${kind} "${want.metadata.name}" on cluster "${cluster.id}" refers to ${existing.roleRef.kind} "${existing.roleRef.name}"; a binding's role cannot be changed, delete it there first`,
    });
  const rv = existing?.metadata.resourceVersion ?? null;
  if (blockers.length > 0) return blocked(blockers, rv);

  let step: Step | undefined;
  let diff: CopyDiff | undefined;
  if (!existing) {
    step = {
      op: 'create',
      object: want as KubeObject,
      description: `create ${kind} ${want.metadata.name}`,
    };
  } else {
    diff = diffOf(existing, want);
    const changes = diff.subjectsAdded.length + diff.subjectsRemoved.length + diff.metadata.length;
    if (changes > 0) {
      const object = {
        ...existing,
        apiVersion: want.apiVersion,
        kind,
        metadata: {
          ...existing.metadata,
          labels: { ...(existing.metadata.labels ?? {}), ...(want.metadata.labels ?? {}) },
          annotations: {
            ...(existing.metadata.annotations ?? {}),
            ...(want.metadata.annotations ?? {}),
          },
        },
        subjects: want.subjects ?? [],
      } as KubeObject;
      step = {
        op: 'update',
        object,
        previous: { ...existing, kind } as KubeObject,
        description: `update ${kind} ${want.metadata.name}`,
      };
    }
  }
  const action = step ? step.op : 'unchanged';
  const plan: CopyTargetPlan = {
    action: action as CopyTargetPlan['action'],
    blockers: [],
    ...(diff && step ? { diff } : {}),
  };
  if (step) {
    try {
      plan.impact = await impact(
        cluster,
        cluster.rbac,
        session,
        [
          {
            operation: step.op === 'create' ? 'create' : 'update',
            object: step.object as RbacObject,
          },
        ],
        ctx.state.signIns,
      );
    } catch (err) {
      const why = noResult(cluster, err);
      plan.impactUnavailable = why.message;
    }
  }
  return { plan, ...(step ? { step } : {}), digestPart: { action, rv } };
}

interface FullPlan {
  answer: CopyPlanResponse;
  steps: Map<string, Step>;
}

async function computePlan(
  ctx: BffContext,
  session: Session,
  body: CopyPlanBody,
): Promise<FullPlan> {
  const { cluster: source, binding } = await readSource(ctx, session, body.source);
  const targets = clustersFor(ctx, [...new Set(body.targets)]);
  const planned = new Map<string, TargetPlan>();
  const answers = await eachCluster(targets, async (c) => {
    const p = await planTarget(ctx, session, c, source, binding);
    planned.set(c.id, p);
    return p.plan;
  });
  const digest = createHash('sha256')
    .update(
      JSON.stringify({
        binding,
        targets: answers.map((a) =>
          a.state === 'result'
            ? [a.cluster, planned.get(a.cluster)!.digestPart]
            : [a.cluster, a.state],
        ),
      }),
    )
    .digest('hex')
    .slice(0, 32);
  const steps = new Map<string, Step>();
  for (const [id, p] of planned) if (p.step) steps.set(id, p.step);
  return { answer: { source: { cluster: source.id, binding }, targets: answers, digest }, steps };
}

export async function planCopy(
  ctx: BffContext,
  body: CopyPlanBody,
  req: Request,
): Promise<CopyPlanResponse> {
  return (await computePlan(ctx, requireSession(req), body)).answer;
}

async function auditRefusal(
  ctx: BffContext,
  req: Request,
  session: Session,
  entry: {
    cluster?: string;
    code: number;
    reason: string;
    message: string;
    binding?: CopiedBinding;
  },
): Promise<void> {
  const b = entry.binding;
  await ctx.audit.write({
    time: new Date().toISOString(),
    requestId: String(req.id),
    user: session.user.name,
    groups: session.user.groups,
    authMode: session.authMode,
    ...(entry.cluster ? { cluster: entry.cluster } : {}),
    verb: 'create',
    ...(b
      ? {
          apiGroup: RBAC,
          resource: b.kind === 'ClusterRoleBinding' ? 'clusterrolebindings' : 'rolebindings',
          ...(b.metadata.namespace ? { namespace: b.metadata.namespace } : {}),
          name: b.metadata.name,
        }
      : {}),
    path: req.originalUrl.split('?')[0] ?? '',
    outcome: {
      code: entry.code,
      status: auditStatusOf(entry.code),
      reason: entry.reason,
      message: entry.message,
    },
  });
}

export async function applyCopy(
  ctx: BffContext,
  body: CopyApplyBody,
  req: Request,
): Promise<CopyApplyResponse> {
  const session = requireSession(req);
  const { answer, steps } = await computePlan(ctx, session, body);
  const binding = answer.source.binding;
  if (answer.digest !== body.digest) {
    const message = 'the plan changed since it was read: review the new plan and apply again';
    await auditRefusal(ctx, req, session, { code: 409, reason: 'Conflict', message, binding });
    throw new ApiError(409, message, 'Conflict', { plan: answer });
  }
  const results = await Promise.all(
    answer.targets.map(async (t): Promise<CopyApplyResponse['results'][number]> => {
      const cluster = ctx.clusters.get(t.cluster)!;
      if (t.state !== 'result') {
        const code = t.state === 'no-access' ? t.code : 502;
        await auditRefusal(ctx, req, session, {
          cluster: t.cluster,
          code,
          reason: t.state,
          message: t.message,
          binding,
        });
        return { cluster: t.cluster, status: 'skipped', code, message: t.message };
      }
      const plan = t.result;
      if (plan.action === 'unchanged') return { cluster: t.cluster, status: 'unchanged' };
      if (plan.action === 'blocked') {
        const message = plan.blockers.map((b) => b.message).join('; ');
        const noAccess = plan.blockers.some((b) => b.kind === 'no-access');
        const code = noAccess ? 403 : 409;
        const reason = noAccess ? 'Forbidden' : 'Blocked';
        if (!plan.blockers.some((b) => b.kind === 'source-cluster'))
          await auditRefusal(ctx, req, session, {
            cluster: t.cluster,
            code,
            reason,
            message,
            binding,
          });
        return { cluster: t.cluster, status: 'skipped', code, reason, message };
      }
      const step = steps.get(t.cluster)!;
      try {
        await applyPlan(auditedWriter(ctx, req, cluster, session), [step]);
        return { cluster: t.cluster, status: 'applied', action: plan.action };
      } catch (err) {
        if (!(err instanceof ApiError) && !(err instanceof UpstreamError)) throw err;
        const report =
          err instanceof ApiError ? (err.details as ChangeReport | undefined) : undefined;
        const message = report?.steps[0]?.error ?? err.message;
        return {
          cluster: t.cluster,
          status: 'failed',
          action: plan.action,
          code: err.code,
          ...(err.reason ? { reason: err.reason } : {}),
          message,
        };
      }
    }),
  );
  return { digest: answer.digest, results };
}
