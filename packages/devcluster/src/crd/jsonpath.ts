// The simple JSONPath of additionalPrinterColumns and scale paths (`.spec.replicas`,
// `.status.conditions[0].type`, `.items[*].name`, `.status.conditions[?(@.type=="Ready")].status`),
// evaluated as client-go's jsonpath with AllowMissingKeys(true): a missing key yields no result.

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; path: string[]; value: string | number | boolean };

export function parseJsonPath(expr: string): Step[] | undefined {
  let s = expr.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (!s.startsWith('.') && !s.startsWith('[')) return undefined;
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      let j = i + 1;
      while (j < s.length && s[j] !== '.' && s[j] !== '[') j++;
      const name = s.slice(i + 1, j);
      if (name === '*') steps.push({ kind: 'all' });
      else if (name !== '') steps.push({ kind: 'field', name });
      i = j;
    } else if (c === '[') {
      const end = s.indexOf(']', i);
      if (end < 0) return undefined;
      const inner = s.slice(i + 1, end).trim();
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else {
        const m = /^\?\(@((?:\.[A-Za-z0-9_-]+)+)\s*==\s*(.+)\)$/.exec(inner);
        if (!m) return undefined;
        const raw = (m[2] ?? '').trim();
        let value: string | number | boolean;
        if (/^'.*'$|^".*"$/.test(raw)) value = raw.slice(1, -1);
        else if (raw === 'true' || raw === 'false') value = raw === 'true';
        else if (!Number.isNaN(Number(raw))) value = Number(raw);
        else return undefined;
        steps.push({ kind: 'filter', path: (m[1] ?? '').split('.').filter(Boolean), value });
      }
      i = end + 1;
    } else return undefined;
  }
  return steps;
}

function child(v: unknown, name: string): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)[name]
    : undefined;
}

/** Every value the path selects, in order. */
export function findResults(steps: Step[], data: unknown): unknown[] {
  let cur: unknown[] = [data];
  for (const st of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (st.kind === 'field') {
        const c = child(v, st.name);
        if (c !== undefined) next.push(c);
      } else if (st.kind === 'index') {
        if (Array.isArray(v)) {
          const c: unknown = v[st.index < 0 ? v.length + st.index : st.index];
          if (c !== undefined) next.push(c);
        }
      } else if (st.kind === 'all') {
        if (Array.isArray(v)) next.push(...(v as unknown[]));
        else if (typeof v === 'object' && v !== null) next.push(...Object.values(v));
      } else if (Array.isArray(v)) {
        for (const item of v as unknown[]) {
          let x: unknown = item;
          for (const p of st.path) x = child(x, p);
          if (x === st.value) next.push(item);
        }
      }
    }
    cur = next;
  }
  return cur;
}

/** A `.a.b.c` path as field names (scale subresource paths are plain field paths). */
export function fieldPath(path: string): string[] {
  return path.split('.').filter((p) => p !== '');
}
