// Rules pre-digested once at index time so a decision is a few array scans with no string building.
import type { PolicyRule } from './types.js';

const NONE: readonly string[] = [];

export interface CompiledRule {
  rule: PolicyRule;
  index: number;
  verbAll: boolean;
  verbs: readonly string[];
  groupAll: boolean;
  groups: readonly string[];
  resourceAll: boolean;
  resources: readonly string[];
  names: readonly string[];
  urlAll: boolean;
  urls: readonly string[];
  /** Trailing-star URLs with every trailing `*` removed. */
  urlPrefixes: readonly string[];
}

/** A request with its derived strings computed once. */
export interface PreparedRequest {
  nonResource: boolean;
  verb: string;
  group: string;
  combined: string;
  /** `*` + `/` + subresource, or "" when there is no subresource. */
  starSub: string;
  name: string;
  path: string;
}

export function compileRule(rule: PolicyRule, index: number): CompiledRule {
  const verbs = rule.verbs ?? NONE;
  const groups = rule.apiGroups ?? NONE;
  const resources = rule.resources ?? NONE;
  const urls = rule.nonResourceURLs ?? NONE;
  const urlPrefixes: string[] = [];
  for (const u of urls) if (u.endsWith('*')) urlPrefixes.push(u.replace(/\*+$/, ''));
  return {
    rule,
    index,
    verbAll: verbs.includes('*'),
    verbs,
    groupAll: groups.includes('*'),
    groups,
    resourceAll: resources.includes('*'),
    resources,
    names: rule.resourceNames ?? NONE,
    urlAll: urls.includes('*'),
    urls,
    urlPrefixes,
  };
}

export function compiledAllows(c: CompiledRule, r: PreparedRequest): boolean {
  if (!c.verbAll && !c.verbs.includes(r.verb)) return false;
  if (r.nonResource) {
    if (c.urlAll || c.urls.includes(r.path)) return true;
    for (const p of c.urlPrefixes) if (r.path.startsWith(p)) return true;
    return false;
  }
  if (!c.groupAll && !c.groups.includes(r.group)) return false;
  if (
    !c.resourceAll &&
    !c.resources.includes(r.combined) &&
    (r.starSub === '' || !c.resources.includes(r.starSub))
  )
    return false;
  return c.names.length === 0 || c.names.includes(r.name);
}
