// Visiting bindings and rules for one decision, in the API server's order (rule.go VisitRulesFor).
import { compiledAllows } from './compiled-rule.js';
import type { CompiledRule, PreparedRequest } from './compiled-rule.js';
import { appliesTo } from './match.js';
import { allowedReason } from './messages.js';
import { candidateBindings } from './snapshot-index.js';
import type { BindingEntry, BindingScope, RoleEntry } from './snapshot-index.js';
import type { ConsideredBinding, Decision, Match, UserInfo } from './types.js';

/** A binding that applies to a user, with the first subject that matched. */
export interface AppliedBinding {
  binding: BindingEntry;
  considered: ConsideredBinding;
  /** The allow reason naming this binding and subject, built on first use. */
  reason: string | undefined;
}

function toConsidered(binding: BindingEntry, subjectIndex: number): ConsideredBinding {
  return {
    bindingKind: binding.kind,
    bindingName: binding.name,
    bindingNamespace: binding.namespace,
    roleKind: binding.roleRef.kind,
    roleName: binding.roleRef.name,
    subject: binding.subjects[subjectIndex] ?? { kind: '', name: '' },
    roleFound: binding.role !== undefined,
  };
}

/** The bindings of a scope that apply to the user, in visiting order. */
export function appliedBindings(scope: BindingScope, user: UserInfo): AppliedBinding[] {
  const out: AppliedBinding[] = [];
  for (const pos of candidateBindings(scope, user.name, user.groups)) {
    const binding = scope.bindings[pos];
    if (!binding) continue;
    const subjectIndex = appliesTo(user, binding.subjects, scope.namespace);
    if (subjectIndex >= 0)
      out.push({ binding, considered: toConsidered(binding, subjectIndex), reason: undefined });
  }
  return out;
}

const NO_COMPILED: readonly CompiledRule[] = [];

/** The rules of a role that can match the request, in rule order. */
function candidateRules(role: RoleEntry, request: PreparedRequest): readonly CompiledRule[] {
  if (request.nonResource) return role.urlRules;
  const byResource = role.rulesByResource;
  if (!byResource) return role.resourceRules;
  const exact = byResource.get(request.combined);
  const all = byResource.get('*');
  const sub = request.starSub === '' ? undefined : byResource.get(request.starSub);
  if (!all && !sub) return exact ?? NO_COMPILED;
  if (!exact && !sub) return all ?? NO_COMPILED;
  if (!exact && !all) return sub ?? NO_COMPILED;
  const merged = [...(exact ?? []), ...(all ?? []), ...(sub ?? [])];
  // A rule naming both pods and * would appear twice.
  return [...new Set(merged)].sort((a, b) => a.index - b.index);
}

/** What a list of applied bindings contributes to a decision besides its matches. */
export interface VisitedBindings {
  applied: readonly AppliedBinding[];
  considered: readonly ConsideredBinding[];
  errors: readonly string[];
}

/** Frozen, because cached visits are shared by every decision for the same user. */
export function visitedBindings(applied: readonly AppliedBinding[]): VisitedBindings {
  const errors: string[] = [];
  for (const { binding } of applied)
    if (!binding.role && binding.error !== undefined) errors.push(binding.error);
  return {
    applied: Object.freeze([...applied]),
    considered: Object.freeze(applied.map((a) => a.considered)),
    errors: Object.freeze(errors),
  };
}

/** Records that rule `c` of the binding allows the request; the first match sets the reason. */
export function addMatch(a: AppliedBinding, c: CompiledRule, decision: Decision): void {
  const { binding, considered } = a;
  const match: Match = {
    bindingKind: binding.kind,
    bindingName: binding.name,
    bindingNamespace: binding.namespace,
    roleKind: binding.roleRef.kind,
    roleName: binding.roleRef.name,
    subject: considered.subject,
    ruleIndex: c.index,
    rule: c.rule,
  };
  if (decision.matches.length === 0) {
    a.reason ??= allowedReason(
      binding.kind,
      binding.name,
      binding.namespace,
      binding.roleRef.kind,
      binding.roleRef.name,
      considered.subject,
    );
    decision.reason = a.reason;
  }
  decision.matches.push(match);
}

/** Adds every rule of the bindings that allows the request to the decision; the first sets the reason. */
export function visitRules(
  applied: readonly AppliedBinding[],
  request: PreparedRequest,
  decision: Decision,
): void {
  for (const a of applied) {
    const role = a.binding.role;
    if (!role) continue;
    for (const c of candidateRules(role, request))
      if (compiledAllows(c, request)) addMatch(a, c, decision);
  }
}
