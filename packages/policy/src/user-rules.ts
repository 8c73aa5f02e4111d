// A per-user index over the rules of the ClusterRoleBindings that apply to one user, so a decision
// looks up the few rules naming the requested resource instead of walking every bound role.
import { compiledAllows } from './compiled-rule.js';
import type { CompiledRule, PreparedRequest } from './compiled-rule.js';
import { addMatch } from './visit.js';
import type { AppliedBinding } from './visit.js';
import type { Decision } from './types.js';

interface RuleRef {
  applied: AppliedBinding;
  rule: CompiledRule;
  /** Position in the API server's visiting order (binding, then rule). */
  order: number;
}

export interface UserRuleIndex {
  /** Resource string of a rule (exact, `*`, or `*` + `/sub`) → rules naming it, in visiting order. */
  byResource: Map<string, RuleRef[]>;
  urlRules: RuleRef[];
}

const NO_REFS: readonly RuleRef[] = [];

export function buildUserRuleIndex(applied: readonly AppliedBinding[]): UserRuleIndex {
  const index: UserRuleIndex = { byResource: new Map(), urlRules: [] };
  let order = 0;
  for (const a of applied) {
    const role = a.binding.role;
    if (!role) continue;
    for (const rule of role.resourceRules) {
      const ref = { applied: a, rule, order: order++ };
      for (const r of new Set(rule.resources)) {
        const list = index.byResource.get(r);
        if (list) list.push(ref);
        else index.byResource.set(r, [ref]);
      }
    }
    for (const rule of role.urlRules) index.urlRules.push({ applied: a, rule, order: order++ });
  }
  return index;
}

/** The indexed rules that can match the request, in visiting order. */
function candidates(index: UserRuleIndex, request: PreparedRequest): readonly RuleRef[] {
  if (request.nonResource) return index.urlRules;
  const exact = index.byResource.get(request.combined);
  const all = index.byResource.get('*');
  const sub = request.starSub === '' ? undefined : index.byResource.get(request.starSub);
  if (!all && !sub) return exact ?? NO_REFS;
  if (!exact && !sub) return all ?? NO_REFS;
  if (!exact && !all) return sub ?? NO_REFS;
  // A rule naming both the resource and * is in two lists.
  return [...new Set([...(exact ?? []), ...(all ?? []), ...(sub ?? [])])].sort(
    (x, y) => x.order - y.order,
  );
}

export function visitIndexedRules(
  index: UserRuleIndex,
  request: PreparedRequest,
  decision: Decision,
): void {
  for (const ref of candidates(index, request))
    if (compiledAllows(ref.rule, request)) addMatch(ref.applied, ref.rule, decision);
}
