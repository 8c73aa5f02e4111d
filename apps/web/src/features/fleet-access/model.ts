// Pure shaping of the fleet answers for the page: a column per cluster, each a result or the reason
// there is none, and the copy plan's per-cluster lines.
import type {
  ClusterAnswer,
  CopyApplyResponse,
  CopyPlanResponse,
  CopyTargetPlan,
  FleetCheckResponse,
  FleetWhoCanResponse,
} from '@gatehouse/bff/contract/fleet/access';

export type ColumnState =
  { state: 'result' } | { state: 'no-access' | 'unreachable'; message: string };

/** One grant in a who-can column: a binding → role and the subjects it allows. */
export interface GrantRow {
  key: string;
  binding: string;
  role: string;
  subjects: Array<{ kind: string; name: string; namespace?: string }>;
}

export interface WhoCanColumn {
  cluster: string;
  status: ColumnState;
  grants: GrantRow[];
  /** Distinct subjects allowed. */
  total: number;
}

function statusOf<T>(a: ClusterAnswer<T>): ColumnState {
  return a.state === 'result' ? { state: 'result' } : { state: a.state, message: a.message };
}

/** Who-can per cluster: subjects grouped by the binding → role that allows them, largest first. */
export function whoCanColumns(answer: FleetWhoCanResponse): WhoCanColumn[] {
  return answer.clusters.map((c) => {
    if (c.state !== 'result')
      return { cluster: c.cluster, status: statusOf(c), grants: [], total: 0 };
    const grants = new Map<string, GrantRow>();
    const everyone = new Set<string>();
    for (const m of [...c.result.clusterWide, ...c.result.namespaced]) {
      const binding = `${m.bindingKind} ${m.bindingNamespace ? `${m.bindingNamespace}/` : ''}${m.bindingName}`;
      const key = `${binding} → ${m.roleKind} ${m.roleName}`;
      let g = grants.get(key);
      if (!g)
        grants.set(key, (g = { key, binding, role: `${m.roleKind} ${m.roleName}`, subjects: [] }));
      const who = `${m.kind}/${m.namespace ?? ''}/${m.name}`;
      if (!g.subjects.some((s) => `${s.kind}/${s.namespace ?? ''}/${s.name}` === who))
        g.subjects.push({
          kind: m.kind,
          name: m.name,
          ...(m.namespace ? { namespace: m.namespace } : {}),
        });
      everyone.add(who);
    }
    return {
      cluster: c.cluster,
      status: statusOf(c),
      grants: [...grants.values()].sort(
        (a, b) => b.subjects.length - a.subjects.length || a.key.localeCompare(b.key),
      ),
      total: everyone.size,
    };
  });
}

export interface CheckColumn {
  cluster: string;
  status: ColumnState;
  allowed?: boolean;
  /** binding → role → rule lines that allow it. */
  chain: string[];
  explanation: string[];
  /** The API server's own answer agrees (null: not known). */
  agree?: boolean | null;
}

export function checkColumns(answer: FleetCheckResponse): CheckColumn[] {
  return answer.clusters.map((c) => {
    if (c.state !== 'result')
      return { cluster: c.cluster, status: statusOf(c), chain: [], explanation: [] };
    const p = c.result.policy;
    return {
      cluster: c.cluster,
      status: statusOf(c),
      allowed: p.allowed,
      chain: p.matches.map(
        (m) =>
          `${m.bindingKind} ${m.bindingNamespace ? `${m.bindingNamespace}/` : ''}${m.bindingName} → ${m.roleKind} ${m.roleName} → rule ${m.ruleIndex + 1}`,
      ),
      explanation: p.explanation,
      agree: c.result.agree,
    };
  });
}

export interface PlanLine {
  cluster: string;
  /** What will happen there, in a word. */
  action: CopyTargetPlan['action'] | 'no-access' | 'unreachable';
  /** Whether Apply will write there. */
  writes: boolean;
  details: string[];
  /** Subjects who gain access there, as "User carol: 2 rules in payments". */
  gains: string[];
}

const subjectName = (s: { kind: string; name: string; namespace?: string }) =>
  `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;

/** The plan per target cluster: its action, the diff or blockers, and who gains what. */
export function planLines(plan: CopyPlanResponse): PlanLine[] {
  return plan.targets.map((t) => {
    if (t.state !== 'result')
      return {
        cluster: t.cluster,
        action: t.state,
        writes: false,
        details: [t.message],
        gains: [],
      };
    const r = t.result;
    const details: string[] = [];
    for (const b of r.blockers) details.push(b.message);
    if (r.diff) {
      for (const s of r.diff.subjectsAdded) details.push(`adds subject ${subjectName(s)}`);
      for (const s of r.diff.subjectsRemoved) details.push(`removes subject ${subjectName(s)}`);
      for (const m of r.diff.metadata)
        details.push(
          `${m.field === 'labels' ? 'label' : 'annotation'} ${m.key}: ${m.from ?? '(none)'} → ${m.to}`,
        );
    }
    if (r.impactUnavailable) details.push(`impact not known: ${r.impactUnavailable}`);
    const gains = (r.impact?.subjects ?? [])
      .filter((s) => s.gained.length > 0)
      .map((s) => {
        const rules = s.gained.reduce((n, g) => n + g.rules.length, 0);
        const where = s.gained.map((g) => (g.namespace ? g.namespace : 'cluster-wide')).join(', ');
        return `${subjectName(s.subject)} gains ${rules} ${rules === 1 ? 'rule' : 'rules'} (${where})`;
      });
    return {
      cluster: t.cluster,
      action: r.action,
      writes: r.action === 'create' || r.action === 'update',
      details,
      gains,
    };
  });
}

/** Whether Apply has anything to do. */
export function planWrites(plan: CopyPlanResponse): boolean {
  return planLines(plan).some((l) => l.writes);
}

export interface ResultLine {
  cluster: string;
  status: CopyApplyResponse['results'][number]['status'];
  text: string;
}

export function resultLines(r: CopyApplyResponse): ResultLine[] {
  return r.results.map((x) => ({
    cluster: x.cluster,
    status: x.status,
    text:
      x.status === 'applied'
        ? `${x.action === 'create' ? 'created' : 'updated'}`
        : x.status === 'unchanged'
          ? 'already the same, nothing written'
          : `${x.status === 'failed' ? 'failed' : 'skipped'}: ${x.message ?? ''}`,
  }));
}
