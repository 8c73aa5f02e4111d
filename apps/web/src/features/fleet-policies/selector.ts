import type { z } from 'zod/mini';
import type { LabelSelector, labelSelectorInput } from '@gatehouse/bff/contract/fleet/policies';

/** A selector as a policy is written (the operators the API server accepts). */
export type SelectorInput = z.input<typeof labelSelectorInput>;
type Requirement = NonNullable<SelectorInput['matchExpressions']>[number];

/** Splits on commas outside parentheses: `env=prod, tier in (a, b)` → two terms. */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((t) => t.trim()).filter(Boolean);
}

const key = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const setTerm = new RegExp(String.raw`^(${key})\s+(in|notin)\s*\(([^)]*)\)$`);
const equality = new RegExp(String.raw`^(${key})\s*(==|=|!=)\s*(\S*)$`);
const exists = new RegExp(String.raw`^(!?)\s*(${key})$`);

export type SelectorParse = { ok: true; selector: SelectorInput } | { ok: false; error: string };

/**
 * Reads a label selector as kubectl's `-l` writes it: `k=v` (or `k==v`), `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k` (exists) and `!k` (does not exist), separated by commas.
 */
export function parseSelector(text: string): SelectorParse {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Requirement[] = [];
  for (const term of terms(text)) {
    const set = setTerm.exec(term);
    if (set) {
      const values = (set[3] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      if (values.length === 0) return { ok: false, error: `“${term}” needs at least one value` };
      matchExpressions.push({
        key: set[1] ?? '',
        operator: set[2] === 'in' ? 'In' : 'NotIn',
        values,
      });
      continue;
    }
    const eq = equality.exec(term);
    if (eq) {
      const [, k = '', op, v = ''] = eq;
      if (op === '!=') matchExpressions.push({ key: k, operator: 'NotIn', values: [v] });
      else if (k in matchLabels && matchLabels[k] !== v)
        return { ok: false, error: `“${k}” cannot equal both ${matchLabels[k]} and ${v}` };
      else matchLabels[k] = v;
      continue;
    }
    const ex = exists.exec(term);
    if (ex) {
      matchExpressions.push({ key: ex[2] ?? '', operator: ex[1] ? 'DoesNotExist' : 'Exists' });
      continue;
    }
    return {
      ok: false,
      error: `“${term}” is not a label requirement (write key=value, key!=value, key in (a,b), key or !key)`,
    };
  }
  return {
    ok: true,
    selector: {
      ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
      ...(matchExpressions.length ? { matchExpressions } : {}),
    },
  };
}

/** A selector in the words parseSelector reads back: matchLabels first, then the expressions. */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    const values = (r.values ?? []).join(', ');
    if (r.operator === 'In') parts.push(`${r.key} in (${values})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${values})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator} (${values})`);
  }
  return parts.join(', ');
}

/** Whether a set of labels satisfies the selector, as the API server matches one. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key];
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
        if (!has || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
