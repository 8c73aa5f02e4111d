export type LabelTerm =
  | { op: 'exists'; key: string }
  | { op: 'notExists'; key: string }
  | { op: 'equals'; key: string; value: string }
  | { op: 'notEquals'; key: string; value: string };

/** Parses a label selector in kubectl's equality syntax: `a=b, c!=d, e, !f`. */
export function parseLabelFilter(text: string): LabelTerm[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((term): LabelTerm => {
      const ne = term.indexOf('!=');
      if (ne > 0)
        return { op: 'notEquals', key: term.slice(0, ne).trim(), value: term.slice(ne + 2).trim() };
      const eq = term.indexOf('=');
      if (eq > 0)
        return {
          op: 'equals',
          key: term.slice(0, eq).trim(),
          value: term
            .slice(eq + 1)
            .replace(/^=/, '')
            .trim(),
        };
      if (term.startsWith('!')) return { op: 'notExists', key: term.slice(1).trim() };
      return { op: 'exists', key: term };
    });
}

export function matchesLabels(
  labels: Record<string, string> | undefined,
  terms: LabelTerm[],
): boolean {
  const l = labels ?? {};
  return terms.every((t) => {
    const has = Object.hasOwn(l, t.key);
    switch (t.op) {
      case 'exists':
        return has;
      case 'notExists':
        return !has;
      case 'equals':
        return has && l[t.key] === t.value;
      case 'notEquals':
        return !has || l[t.key] !== t.value;
    }
  });
}
