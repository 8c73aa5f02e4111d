// SelfSubjectRulesReview status from a user's effective rules (rbac.go RulesFor).
import { aggregateMessage } from './go-format.js';
import type { NonResourceRuleInfo, PolicyRule, ResourceRuleInfo, SubjectRules } from './types.js';

/** A rule with resources becomes a resourceRule, one with nonResourceURLs a nonResourceRule (both if both). */
export function subjectRules(
  rules: readonly PolicyRule[],
  errors: readonly string[],
): SubjectRules {
  const resourceRules: ResourceRuleInfo[] = [];
  const nonResourceRules: NonResourceRuleInfo[] = [];
  for (const rule of rules) {
    if ((rule.resources ?? []).length > 0) {
      // Empty lists are omitted, as the API server's JSON (omitempty) does.
      const info: ResourceRuleInfo = { verbs: [...(rule.verbs ?? [])] };
      if (rule.apiGroups?.length) info.apiGroups = [...rule.apiGroups];
      info.resources = [...(rule.resources ?? [])];
      if (rule.resourceNames?.length) info.resourceNames = [...rule.resourceNames];
      resourceRules.push(info);
    }
    if ((rule.nonResourceURLs ?? []).length > 0) {
      nonResourceRules.push({
        verbs: [...(rule.verbs ?? [])],
        nonResourceURLs: [...(rule.nonResourceURLs ?? [])],
      });
    }
  }
  const result: SubjectRules = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length > 0) result.evaluationError = aggregateMessage(errors);
  return result;
}
