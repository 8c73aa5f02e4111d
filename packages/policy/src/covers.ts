// Covers / BreakdownRule from component-helpers/auth/rbac/validation/policy_comparator.go.
import type { PolicyRule } from './types.js';

const NONE: readonly string[] = [];

/** Splits a rule into atomic rules: one group × resource × verb (× name), then one URL × verb. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const atoms: PolicyRule[] = [];
  const verbs = rule.verbs ?? NONE;
  const names = rule.resourceNames ?? NONE;
  for (const group of rule.apiGroups ?? NONE) {
    for (const resource of rule.resources ?? NONE) {
      for (const verb of verbs) {
        if (names.length > 0) {
          for (const name of names)
            atoms.push({
              apiGroups: [group],
              resources: [resource],
              verbs: [verb],
              resourceNames: [name],
            });
        } else {
          atoms.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? NONE) {
    for (const verb of verbs) atoms.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return atoms;
}

function hasAll(set: readonly string[], wanted: readonly string[]): boolean {
  for (const w of wanted) if (!set.includes(w)) return false;
  return true;
}

function resourcesCovered(owner: readonly string[], wanted: readonly string[]): boolean {
  if (owner.includes('*') || hasAll(owner, wanted)) return true;
  for (const path of wanted) {
    if (owner.includes(path)) continue;
    const slash = path.indexOf('/');
    if (slash === -1) return false;
    if (!owner.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

function nonResourceURLCovers(ownerURL: string, url: string): boolean {
  if (ownerURL === url) return true;
  if (!ownerURL.endsWith('*')) return false;
  let end = ownerURL.length;
  while (end > 0 && ownerURL.charCodeAt(end - 1) === 42) end--;
  return url.startsWith(ownerURL.slice(0, end));
}

function urlsCovered(owner: readonly string[], wanted: readonly string[]): boolean {
  for (const url of wanted) {
    if (!owner.some((o) => nonResourceURLCovers(o, url))) return false;
  }
  return true;
}

/** ruleCovers: whether one owner rule covers all of the sub-rule. */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const ownerVerbs = owner.verbs ?? NONE;
  const ownerGroups = owner.apiGroups ?? NONE;
  const ownerNames = owner.resourceNames ?? NONE;
  const subNames = sub.resourceNames ?? NONE;
  const verbs = ownerVerbs.includes('*') || hasAll(ownerVerbs, sub.verbs ?? NONE);
  const groups = ownerGroups.includes('*') || hasAll(ownerGroups, sub.apiGroups ?? NONE);
  const resources = resourcesCovered(owner.resources ?? NONE, sub.resources ?? NONE);
  const urls = urlsCovered(owner.nonResourceURLs ?? NONE, sub.nonResourceURLs ?? NONE);
  const names =
    subNames.length === 0
      ? ownerNames.length === 0
      : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbs && groups && resources && names && urls;
}

/**
 * Whether the owner's rules cover every requested rule; `uncovered` lists the atomic rules left, in
 * breakdown order. Each atom must be covered by one single owner rule, as the API server checks it.
 */
export function rulesCover(
  owner: readonly PolicyRule[],
  requested: readonly PolicyRule[],
): { covered: boolean; uncovered: PolicyRule[] } {
  const uncovered: PolicyRule[] = [];
  for (const rule of requested) {
    for (const atom of breakdownRule(rule)) {
      if (!owner.some((o) => ruleCovers(o, atom))) uncovered.push(atom);
    }
  }
  return { covered: uncovered.length === 0, uncovered };
}
