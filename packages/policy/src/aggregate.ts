// The ClusterRole aggregation controller (pkg/controller/clusterroleaggregation), run to its fixed point.
import { compareBytes } from './messages.js';
import { isQualifiedName, isValidLabelValue } from './name-validation.js';
import { semanticEqual } from './semantic-equal.js';
import type { ClusterRole, LabelSelector, PolicyRule } from './types.js';

type Matcher = (labels: Readonly<Record<string, string>>) => boolean;

/** metav1.LabelSelectorAsSelector; undefined when the selector is invalid (the controller then errors). */
export function labelSelectorMatcher(selector: LabelSelector): Matcher | undefined {
  const checks: Matcher[] = [];
  // labels.NewRequirement rejects a key that is not a qualified name or a value that is not a label value.
  const invalid = (key: string, values: readonly string[]): boolean =>
    isQualifiedName(key).length > 0 || values.some((v) => isValidLabelValue(v).length > 0);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (invalid(key, [value])) return undefined;
    checks.push((labels) => Object.hasOwn(labels, key) && labels[key] === value);
  }
  for (const expr of selector.matchExpressions ?? []) {
    const values = expr.values ?? [];
    if (invalid(expr.key, values)) return undefined;
    const has = (labels: Readonly<Record<string, string>>): boolean =>
      Object.hasOwn(labels, expr.key);
    switch (expr.operator) {
      case 'In':
        if (values.length === 0) return undefined;
        checks.push((labels) => has(labels) && values.includes(labels[expr.key] ?? ''));
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        checks.push((labels) => !has(labels) || !values.includes(labels[expr.key] ?? ''));
        break;
      case 'Exists':
        if (values.length > 0) return undefined;
        checks.push(has);
        break;
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        checks.push((labels) => !has(labels));
        break;
      default:
        return undefined;
    }
  }
  return (labels) => checks.every((check) => check(labels));
}

function byName(a: ClusterRole, b: ClusterRole): number {
  return compareBytes(a.metadata.name ?? '', b.metadata.name ?? '');
}

/** syncClusterRole: the rules the controller writes into one aggregated role, or undefined on a bad selector. */
function aggregatedRules(
  target: ClusterRole,
  current: readonly ClusterRole[],
): PolicyRule[] | undefined {
  const rules: PolicyRule[] = [];
  for (const selector of target.aggregationRule?.clusterRoleSelectors ?? []) {
    const matches = labelSelectorMatcher(selector);
    if (!matches) return undefined;
    const selected = current.filter((cr) => matches(cr.metadata.labels ?? {})).sort(byName);
    for (const cr of selected) {
      if (cr.metadata.name === target.metadata.name) continue;
      for (const rule of cr.rules ?? []) {
        if (!rules.some((r) => semanticEqual(r, rule))) rules.push(rule);
      }
    }
  }
  return rules;
}

/**
 * Fills every ClusterRole that has an aggregationRule with the de-duplicated rules of the roles its
 * selectors match (selector order, then name order), iterating until nothing changes as the
 * controller's re-queues do. Roles that change are returned as new objects; the input is not modified.
 * A role whose selector is invalid keeps its rules (the controller fails to sync it). Aggregation
 * cycles settle after a bounded number of rounds, to whatever the last round produced.
 */
export function aggregateClusterRoles(clusterRoles: ClusterRole[]): ClusterRole[] {
  const current = [...clusterRoles];
  const aggregated = current
    .map((cr, i) => ({ cr, i }))
    .filter(({ cr }) => cr.aggregationRule != null)
    .sort((a, b) => byName(a.cr, b.cr));
  const maxRounds = aggregated.length + 2;
  for (let round = 0; round < maxRounds; round++) {
    let changed = false;
    for (const { i } of aggregated) {
      const target = current[i];
      if (!target) continue;
      const rules = aggregatedRules(target, current);
      if (rules === undefined || semanticEqual(rules, target.rules ?? [])) continue;
      current[i] = { ...target, rules };
      changed = true;
    }
    if (!changed) break;
  }
  return current;
}
