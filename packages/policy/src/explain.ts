// Plain-language explanations of decisions, for people reading why access was granted or refused.
import { goQuote } from './go-format.js';
import { describeSubject } from './messages.js';
import type { ConsideredBinding, Decision, Match } from './types.js';

function binding(
  b: Pick<
    ConsideredBinding,
    'bindingKind' | 'bindingName' | 'bindingNamespace' | 'roleKind' | 'roleName'
  >,
): string {
  const where =
    b.bindingKind === 'RoleBinding' ? ` in namespace ${goQuote(b.bindingNamespace)}` : '';
  return `${b.bindingKind} ${goQuote(b.bindingName)}${where} → ${b.roleKind} ${goQuote(b.roleName)}`;
}

function match(m: Match): string {
  return `${binding(m)} rule ${m.ruleIndex + 1} (to ${describeSubject(m.subject, m.bindingNamespace)})`;
}

/** One line per reason: what allowed the request, or what was considered and why nothing allowed it. */
export function explainDecision(decision: Decision): string[] {
  if (decision.allowed) return decision.matches.map((m) => `Allowed by ${match(m)}`);
  if (decision.considered.length === 0)
    return [
      'Denied: no ClusterRoleBinding or RoleBinding of this namespace names the user or any of their groups.',
    ];
  const lines = [
    `Denied: none of the ${decision.considered.length} bindings that apply to the user has a rule allowing this request.`,
  ];
  for (const c of decision.considered) {
    lines.push(
      c.roleFound
        ? `Considered ${binding(c)}`
        : `Considered ${binding(c)}: the role does not exist`,
    );
  }
  return lines;
}
